"""Hybrid search (decision 54) with a small stand-in embedding model, and its fallback: with
embeddings off (as the suite runs) or hybrid search turned off, search is full-text alone,
nothing is embedded, and the log says so once. The real model's tests: test_hybrid_embeddings."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from lytte.insights import embeddings
from lytte.knowledge.models import Article, State, Visibility
from lytte.knowledge.search import Audience, hybrid, reindex_all, search_articles, suggest
from lytte.knowledge.search.models import SearchVector
from lytte.knowledge.search.tests.stand_in import (  # noqa: F401 -- the fixture `model`
    Meanings,
    fixture_model,
    install,
)
from lytte.knowledge.services import change_article, create_article, save_translation, set_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hybrid_on(settings: Any) -> None:
    """Hybrid search is off by default (decision 54); these tests are about it on."""
    settings.SEARCH_HYBRID = "on"


@pytest.fixture
def embeddings_off(settings: Any) -> Iterator[None]:
    settings.EMBEDDINGS = "off"
    embeddings.forget_loaded()
    hybrid.forget()
    yield
    embeddings.forget_loaded()
    hybrid.forget()


def _publish(title: str, body: str, *, visibility: str = Visibility.PUBLIC) -> Article:
    article = create_article(by=None, source_language="nb", visibility=visibility)
    translation = save_translation(article=article, language="nb", title=title, body=body, by=None)
    set_state(translation, State.PUBLISHED, by=None)
    return article


@pytest.fixture
def articles(django_capture_on_commit_callbacks: Any) -> dict[str, Article]:
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "refund": _publish("Refusjon av kjøp", "Vi refunderer beløpet innen fem dager."),
            "delivery": _publish("Levering og frakt", "Pakken kommer på to til fem dager."),
            "login": _publish("Glemt passord", "Slik får du et nytt passord for innlogging."),
        }


def _slugs(query: str, **kwargs: Any) -> list[str]:
    hits = search_articles(query, language="nb", audience=Audience.PUBLIC, **kwargs)
    return [hit.title for hit in hits]


# Fallback: full-text alone ------------------------------------------------------------------


def test_without_embeddings_search_is_full_text_and_the_log_says_so_once(
    embeddings_off: None, articles: dict[str, Article], caplog: pytest.LogCaptureFixture
) -> None:
    embeddings.forget_loaded()  # as in a new process: publishing above already said it
    with caplog.at_level(logging.INFO):
        assert _slugs("hvordan får jeg pengene tilbake") == []  # no word of any article
        assert _slugs("levering")[0] == "Levering og frakt"
    said = [r for r in caplog.records if r.name.startswith(("lytte.insights", "lytte.knowledge"))]
    assert len(said) == 1
    assert said[0].levelno == logging.INFO
    assert "full-text alone" in said[0].getMessage()
    assert not SearchVector.objects.exists()  # nothing embedded on publish
    reindex_all()
    assert not SearchVector.objects.exists()


def test_hybrid_turned_off_embeds_nothing_and_ranks_by_full_text(
    model: Meanings, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SEARCH_HYBRID = "off"
    with django_capture_on_commit_callbacks(execute=True):
        _publish("Refusjon av kjøp", "Vi refunderer beløpet innen fem dager.")
    assert _slugs("pengene tilbake") == []
    assert model.seen == []
    assert not SearchVector.objects.exists()


# Hybrid with the stand-in model -------------------------------------------------------------


def test_hybrid_finds_an_article_by_meaning_when_no_word_matches(
    model: Meanings, articles: dict[str, Article]
) -> None:
    assert _slugs("hvordan får jeg pengene tilbake")[0] == "Refusjon av kjøp"
    # Words still count: a question naming the article's words finds it first.
    assert _slugs("glemt passord")[0] == "Glemt passord"


def test_vectors_follow_publishing_editing_and_unpublishing(
    model: Meanings, articles: dict[str, Article], django_capture_on_commit_callbacks: Any
) -> None:
    assert SearchVector.objects.filter(model="test-meanings/1").count() == 3
    translation = articles["refund"].translations.get()
    model.seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        save_translation(  # the same text again: nothing to embed
            article=articles["refund"],
            language="nb",
            title=translation.title,
            body=translation.body,
            by=None,
        )
    assert model.seen == []
    with django_capture_on_commit_callbacks(execute=True):
        save_translation(
            article=articles["refund"],
            language="nb",
            title="Refusjon av kjøp",
            body="Du får pengene tilbake innen fem dager.",
            by=None,
        )
    assert len(model.seen) == 1
    assert model.seen[0].startswith("Refusjon av kjøp")
    with django_capture_on_commit_callbacks(execute=True):
        change_article(articles["login"], by=None, visibility=Visibility.INTERNAL)
    assert _slugs("passord innlogging") == []  # internal: not for customers, by either ranking
    with django_capture_on_commit_callbacks(execute=True):
        set_state(translation, State.ARCHIVED, by=None)
    assert not SearchVector.objects.filter(translation=translation).exists()
    assert "Refusjon av kjøp" not in _slugs("pengene tilbake")


def test_the_query_vector_is_cached_and_the_time_recorded(
    model: Meanings, articles: dict[str, Article]
) -> None:
    model.seen.clear()
    _slugs("pengene tilbake")
    _slugs("pengene tilbake")
    assert model.seen == ["pengene tilbake"]
    assert hybrid.latency(cached=False)[0] == 1
    assert hybrid.latency(cached=True)[0] == 1


def test_suggestions_while_typing_stay_full_text(
    model: Meanings, articles: dict[str, Article]
) -> None:
    model.seen.clear()
    hits = suggest("pengene tilb", language="nb", audience=Audience.PUBLIC)
    assert hits == []
    assert model.seen == []


def test_reindex_rebuilds_the_vectors_of_the_loaded_model_only(
    model: Meanings, articles: dict[str, Article]
) -> None:
    SearchVector.objects.filter(translation__article=articles["delivery"]).delete()
    other = SearchVector.objects.first()
    assert other is not None
    SearchVector.objects.create(
        translation=other.translation,
        model="another-model/2",
        language="nb",
        public=True,
        text_hash="x",
        vector=b"\0" * 16,
    )
    call_command("knowledge", "reindex", stdout=StringIO())
    assert set(SearchVector.objects.values_list("model", flat=True)) == {"test-meanings/1"}
    assert SearchVector.objects.count() == 3


def test_evaluate_modes_measures_each_ranking_on_the_same_questions(
    model: Meanings, articles: dict[str, Article], tmp_path: Path
) -> None:
    questions = tmp_path / "nb.csv"
    questions.write_text(
        "question,title\nhvordan får jeg pengene tilbake,Refusjon av kjøp\n"
        "glemt passord,Glemt passord\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("knowledge", "evaluate", str(questions), "--modes", stdout=out)
    rows = {line.split()[0]: line.split()[-1] for line in out.getvalue().splitlines()[2:6]}
    assert rows["full-text"] == "0.500"  # the refund question has no word of its article
    assert rows["vector"] == rows["hybrid"] == "1.000"
    assert "query embedded: 2 searches" in out.getvalue()


def test_evaluate_modes_without_embeddings_says_what_is_missing(
    embeddings_off: None, tmp_path: Path
) -> None:
    questions = tmp_path / "nb.csv"
    questions.write_text("question,title\nlevering,Levering og frakt\n", encoding="utf-8")
    with pytest.raises(CommandError, match="needs the sentence embeddings"):
        call_command("knowledge", "evaluate", str(questions), "--modes", stdout=StringIO())


# Related articles on the help centre ---------------------------------------------------------


def test_an_article_without_chosen_related_ones_shows_those_like_it(
    model: Meanings, articles: dict[str, Article], django_capture_on_commit_callbacks: Any
) -> None:
    from lytte.portal.help.selectors import related

    with django_capture_on_commit_callbacks(execute=True):
        _publish("Når kommer pengene?", "Refusjon skjer innen fem dager.")
        _publish("Intern: refusjon i kassen", "Refunder i kassen.", visibility="internal")
    refund = articles["refund"].translations.get()
    assert [t.title for t in related(refund)] == ["Når kommer pengene?"]  # not the internal one
    # Editors' choice wins.
    change_article(articles["refund"], by=None, related=[articles["delivery"]])
    assert [t.title for t in related(refund)] == ["Levering og frakt"]


def test_without_embeddings_related_articles_are_only_the_chosen_ones(
    embeddings_off: None, articles: dict[str, Article]
) -> None:
    from lytte.portal.help.selectors import related

    assert related(articles["refund"].translations.get()) == []


def test_an_article_archived_while_embeddings_were_off_is_not_found_by_its_old_vector(
    model: Meanings,
    settings: Any,
    articles: dict[str, Article],
    django_capture_on_commit_callbacks: Any,
) -> None:
    translation = articles["refund"].translations.get()
    settings.EMBEDDINGS = "off"
    embeddings.forget_loaded()
    with django_capture_on_commit_callbacks(execute=True):
        set_state(translation, State.ARCHIVED, by=None)
    install(model)
    assert not SearchVector.objects.filter(translation=translation).exists()
    assert _slugs("pengene tilbake") == []
