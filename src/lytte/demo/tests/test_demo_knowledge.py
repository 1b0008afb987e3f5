"""The demo's knowledge base as `lytte demo` loads it: every language file's articles, one
article per key, internal ones kept internal, published, linked to their contact reasons, links
that lead to an article; a search history with knowledge gaps; and loading again adds nothing."""

from __future__ import annotations

import re

from django.db.models import Count

from lytte.demo.knowledge import REASONS, language_files, load_knowledge, read_rows
from lytte.demo.tests.conftest import SEED
from lytte.knowledge.models import (
    Article,
    Category,
    Feedback,
    Revision,
    SearchQuery,
    State,
    Tag,
    Translation,
    Visibility,
)

LINK = re.compile(r"\]\(([^)\s]+)\)")


def _article(key: str) -> Article:
    nb = read_rows()[key]["nb"]
    return Article.objects.get(translations__language="nb", translations__slug=nb.slug)


def test_every_language_file_gives_one_published_translation_of_each_article(
    shared_demo: str,
) -> None:
    rows = read_rows()
    languages = {path.stem for path in language_files()}
    assert "Loaded 36 knowledge articles in" in shared_demo
    assert Article.objects.count() == len(rows) == len(REASONS)
    per_article = Article.objects.annotate(n=Count("translations")).values_list("n", flat=True)
    assert set(per_article) == {len(languages)}
    for key, texts in rows.items():
        article = _article(key)
        assert set(texts) == languages
        for language, row in texts.items():
            translation = article.translations.get(language=language)
            assert (translation.title, translation.slug) == (row.title, row.slug)
            assert translation.state == State.PUBLISHED
            assert translation.published_at
    assert Category.objects.count() == 8
    assert not Translation.objects.exclude(state=State.PUBLISHED).exists()


def test_internal_articles_stay_internal(shared_demo: str) -> None:
    internal = {key for key in REASONS if key.startswith("internal-")}
    assert {a.pk for a in map(_article, internal)} == set(
        Article.objects.filter(visibility=Visibility.INTERNAL).values_list("pk", flat=True)
    )
    assert not Article.objects.filter(
        visibility=Visibility.PUBLIC, related__visibility=Visibility.INTERNAL
    ).exists()


def test_every_link_in_a_body_leads_to_an_article_in_its_language(shared_demo: str) -> None:
    """Customer articles link relatively; the desk reads internal ones elsewhere, so theirs go
    to the help centre's address (`/help/<lang>/articles/<slug>/`)."""
    slugs = set(Translation.objects.values_list("language", "slug"))
    public = set(
        Translation.objects.filter(article__visibility=Visibility.PUBLIC).values_list(
            "language", "slug"
        )
    )
    links = 0
    for translation in Translation.objects.select_related("article"):
        internal = translation.article.visibility == Visibility.INTERNAL
        for target in LINK.findall(translation.body):
            prefix = f"/help/{translation.language}/articles" if internal else r"\.\."
            match = re.fullmatch(rf"{prefix}/([^/]+)/", target)
            assert match, (translation.slug, target)
            assert (translation.language, match[1]) in (public if not internal else slugs)
            links += 1
    assert links > 30


def test_articles_answer_their_contact_reasons_and_carry_tags_and_related(
    shared_demo: str,
) -> None:
    for key, code in REASONS.items():
        assert list(_article(key).reasons.values_list("code", flat=True)) == [code], key
    refund = _article("refund-time")
    assert _article("return-item") in refund.related.all()
    assert refund in _article("return-item").related.all()
    assert Tag.objects.filter(name="BankID", articles=_article("cannot-log-in")).exists()


def test_the_help_centre_history_shows_gaps_clicks_and_feedback(shared_demo: str) -> None:
    searches = SearchQuery.objects.all()
    assert 200 <= searches.count() <= 400
    assert searches.filter(results=0, clicked__isnull=True).count() > 10
    assert searches.filter(query="bytte valuta", language="nb", results=0).exists()
    assert searches.filter(clicked__isnull=False).count() > 100
    assert searches.filter(customer__isnull=False).exists()
    assert not searches.exclude(source="portal").exists()
    assert set(searches.values_list("language", flat=True)) == {
        path.stem for path in language_files()
    }
    days = {at.date() for at in searches.values_list("created_at", flat=True)}
    assert len(days) > 40
    feedback = Feedback.objects.all()
    assert feedback.filter(helpful=True).count() > feedback.filter(helpful=False).count() > 5
    assert feedback.filter(helpful=False).exclude(comment="").exists()
    clicked = set(searches.values_list("clicked", flat=True))
    assert set(feedback.values_list("translation", flat=True)) <= clicked


def test_loading_again_changes_nothing(shared_demo: str) -> None:
    models = (Article, Translation, Revision, Category, Tag, SearchQuery, Feedback)
    before = [model.objects.count() for model in models]
    versions = list(Translation.objects.order_by("pk").values_list("version", "published_at"))
    load = load_knowledge(seed=SEED)
    assert (load.articles, load.translations, load.searches, load.feedback) == (0, 0, 0, 0)
    assert [model.objects.count() for model in models] == before
    assert list(Translation.objects.order_by("pk").values_list("version", "published_at")) == (
        versions
    )
