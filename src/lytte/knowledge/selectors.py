"""What the knowledge base reads: article lists with filters, which translations are missing
or outdated, what a person may read, and finding a translation by a (possibly old) slug."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from lytte.accounts.roles import role_of
from lytte.knowledge.models import (
    Article,
    Category,
    SlugRedirect,
    State,
    Translation,
    Visibility,
)
from lytte.platform.languages import LANGUAGE_CODES


def is_staff(user: Any) -> bool:
    return role_of(user) is not None


def readable_articles(user: Any) -> QuerySet[Article]:
    """Staff read every article (internal ones too, and drafts); anyone else none here: the
    help centre reads `public_translations()`."""
    return Article.objects.all() if is_staff(user) else Article.objects.none()


def public_translations() -> QuerySet[Translation]:
    """What customers may read: published translations of public articles."""
    return Translation.objects.filter(state=State.PUBLISHED, article__visibility=Visibility.PUBLIC)


def _source_version() -> Subquery:
    return Subquery(
        Translation.objects.filter(
            article=OuterRef("article"), language=OuterRef("article__source_language")
        ).values("version")[:1]
    )


def outdated_translations() -> QuerySet[Translation]:
    """Translations made from an older version of the source language's text than its
    current one (never the source itself)."""
    return (
        Translation.objects.exclude(language=F("article__source_language"))
        .annotate(current_source=_source_version())
        .filter(Q(source_version__isnull=True) | Q(source_version__lt=F("current_source")))
        .filter(current_source__isnull=False)
    )


def is_outdated(translation: Translation, source: Translation | None) -> bool:
    if source is None or translation.language == translation.article.source_language:
        return False
    return translation.source_version is None or translation.source_version < source.version


def missing_languages(article: Article) -> list[str]:
    """The site's languages the article has no translation in."""
    have = {t.language for t in article.translations.all()}
    return [code for code in LANGUAGE_CODES if code not in have]


def articles_missing(language: str) -> QuerySet[Article]:
    """Articles with no translation in `language`."""
    return Article.objects.exclude(
        Exists(Translation.objects.filter(article=OuterRef("pk"), language=language))
    )


@dataclass
class ArticleFilters:
    language: str = ""
    state: str = ""
    category: int | None = None
    visibility: str = ""
    status: str = ""  # "missing" or "outdated" (in `language`, or any language)
    q: str = ""
    tag: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def filtered_articles(user: Any, filters: ArticleFilters) -> QuerySet[Article]:
    """The list pages' and the API's articles, newest change first."""
    articles = readable_articles(user).select_related("category")
    if filters.category:
        articles = articles.filter(category_id=filters.category)
    if filters.visibility:
        articles = articles.filter(visibility=filters.visibility)
    if filters.tag:
        articles = articles.filter(tags__name=filters.tag)
    texts = Translation.objects.filter(article=OuterRef("pk"))
    if filters.language:
        texts = texts.filter(language=filters.language)
    if filters.state:
        articles = articles.filter(Exists(texts.filter(state=filters.state)))
    if filters.q:
        articles = articles.filter(Exists(texts.filter(title__icontains=filters.q.strip())))
    if filters.status == "missing":
        if filters.language:
            articles = articles.filter(~Exists(texts))
        else:
            articles = articles.filter(pk__in=_missing_any().values("pk"))
    elif filters.status == "outdated":
        outdated = outdated_translations()
        if filters.language:
            outdated = outdated.filter(language=filters.language)
        articles = articles.filter(pk__in=outdated.values("article_id"))
    elif filters.language and not filters.state:
        articles = articles.filter(Exists(texts))
    return articles.prefetch_related(
        Prefetch("translations", queryset=Translation.objects.order_by("language")), "tags"
    ).order_by("-updated_at", "-pk")


def _missing_any() -> QuerySet[Article]:
    have = Translation.objects.filter(article=OuterRef("pk"))
    query = Q()
    for code in LANGUAGE_CODES:
        query |= ~Q(Exists(have.filter(language=code)))
    return Article.objects.filter(query)


def shown_translation(article: Article, language: str = "") -> Translation | None:
    """The text staff see an article by: in `language`, else its source language, else any
    (from the article's prefetched translations when there are)."""
    texts = {t.language: t for t in article.translations.all()}
    return (
        texts.get(language)
        or texts.get(article.source_language)
        or next(iter(texts.values()), None)
    )


def translation_for(article: Article, language: str) -> Translation | None:
    return article.translations.filter(language=language).first()


def find_by_slug(language: str, slug: str) -> tuple[Translation | None, bool]:
    """The translation at `slug` in `language`, and whether the slug was an old one (the
    caller redirects to the current address): links survive renames."""
    found = Translation.objects.select_related("article").filter(language=language, slug=slug)
    translation = found.first()
    if translation is not None:
        return translation, False
    old = SlugRedirect.objects.select_related("translation__article").filter(
        language=language, slug=slug
    )
    redirect = old.first()
    return (redirect.translation, True) if redirect else (None, False)


def categories() -> QuerySet[Category]:
    return Category.objects.select_related("parent").order_by("position", "name")
