"""/knowledge: articles with their translations, their workflow, and search (decision 0031).

Every member of staff reads; writing drafts needs `knowledge.change_article`, publishing and
archiving `knowledge.publish_article`, deleting `knowledge.delete_article`. Internal articles
are staff-only, and every caller here is staff, so search uses the staff audience."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from lytte.api import references
from lytte.api.auth import require
from lytte.api.pagination import Pagination
from lytte.api.schemas.common import ERRORS, Id, sent
from lytte.api.schemas.knowledge import (
    ArticleDetail,
    ArticleFilters,
    ArticleIn,
    ArticleOut,
    ArticlePatch,
    HitOut,
    Language,
    SearchFilters,
    StateIn,
    TranslationIn,
    TranslationOut,
)
from lytte.knowledge import selectors, services
from lytte.knowledge.links import reading_path
from lytte.knowledge.models import Article, Category, Translation
from lytte.knowledge.search import Audience, search_articles

router = Router(tags=["knowledge"])
READ = "knowledge.view_article"


def _translation(text: Translation, source: Translation | None, full: bool) -> dict[str, Any]:
    row = {
        "id": text.pk,
        "language": text.language,
        "title": text.title,
        "slug": text.slug,
        "state": text.state,
        "version": text.version,
        "outdated": selectors.is_outdated(text, source),
    }
    if full:
        row |= {
            "body": text.body,
            "body_html": text.body_html,
            "source_version": text.source_version,
            "published_at": text.published_at,
            "updated_at": text.updated_at,
            "url": reading_path(text),
        }
    return row


def _article_out(article: Article, *, full: bool = False) -> dict[str, Any]:
    texts = sorted(article.translations.all(), key=lambda t: t.language)
    source = next((t for t in texts if t.language == article.source_language), None)
    category = article.category
    return {
        "id": article.pk,
        "source_language": article.source_language,
        "visibility": article.visibility,
        "category": category
        and {"id": category.pk, "slug": category.slug, "name": category.localized_name()},
        "tags": [tag.name for tag in article.tags.all()],
        "reasons": [reason.code for reason in article.reasons.all()],
        "related": [other.pk for other in article.related.all()],
        "missing": selectors.missing_languages(article),
        "translations": [_translation(t, source, full) for t in texts],
        "created_at": article.created_at,
        "updated_at": article.updated_at,
    }


def _article(article_id: int) -> Article:
    found = Article.objects.select_related("category").prefetch_related(
        "translations", "tags", "reasons", "related"
    )
    return get_object_or_404(found, pk=article_id)


def _category(key: int | str | None) -> Category | None:
    if key is None:
        return None
    found = (
        Category.objects.filter(pk=key)
        if isinstance(key, int)
        else Category.objects.filter(slug=key)
    )
    category = found.first()
    if category is None:
        raise ValidationError({"category": _("There is no such category.")}, code="unknown")
    return category


def _related(ids: list[int]) -> list[Article]:
    found = list(Article.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"related": _("There is no article with one of these ids.")})
    return found


@router.get("/search", response={200: list[HitOut], **ERRORS})
def search(request: HttpRequest, filters: Query[SearchFilters]) -> list[dict[str, Any]]:
    """Published articles, public and internal, ranked for the words in `q`; without
    `language`, every language."""
    user = require(request, READ)
    hits = search_articles(
        filters.q, language=filters.language, audience=Audience.STAFF, limit=filters.limit
    )
    services.record_search(
        source="api",
        language=filters.language or user.language or settings.LANGUAGE_CODE,
        query=filters.q,
        results=len(hits),
    )
    paths = {
        t.pk: reading_path(t)
        for t in Translation.objects.select_related("article").filter(
            pk__in=[hit.translation_id for hit in hits]
        )
    }
    return [
        {
            "article": hit.article_id,
            "translation": hit.translation_id,
            "language": hit.language,
            "slug": hit.slug,
            "title": hit.title,
            "score": hit.score,
            "snippet": hit.snippet,
            "url": paths.get(hit.translation_id, ""),
        }
        for hit in hits
    ]


@router.get("", response={200: list[ArticleOut], **ERRORS})
@paginate(Pagination)
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]) -> list[dict[str, Any]]:
    """Last changed first. `translation=missing&language=fi`: articles with no Finnish text;
    `translation=outdated`: those whose translation lags behind the source."""
    user = require(request, READ)
    found = selectors.filtered_articles(
        user,
        selectors.ArticleFilters(
            language=filters.language or "",
            state=filters.state or "",
            category=filters.category,
            visibility=filters.visibility or "",
            status=filters.translation or "",
            q=filters.q or "",
        ),
    ).prefetch_related("reasons", "related")
    return _Rows(found)  # type: ignore[return-value]


class _Rows:
    """The articles as the paginator sees them: counted in the database, and only the page it
    slices out turned into rows (with their translations' outdated marks)."""

    def __init__(self, rows: QuerySet[Article]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return self.rows.count()

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [_article_out(article) for article in self.rows[index]]


@router.post("", response={201: ArticleDetail, **ERRORS})
def create_article(request: HttpRequest, payload: ArticleIn) -> Status[dict[str, Any]]:
    """A new article with its first text (a draft) in the source language."""
    user = require(request, READ, "knowledge.add_article", "knowledge.change_article")
    with transaction.atomic():
        article = services.create_article(
            by=user,
            source_language=payload.source_language,
            visibility=payload.visibility,
            category=_category(payload.category),
            tags=payload.tags,
            reasons=[references.reason(key, "reasons") for key in payload.reasons],
            related=_related(payload.related),
        )
        services.save_translation(
            article=article,
            language=payload.source_language,
            title=payload.title,
            body=payload.body,
            slug=payload.slug or None,
            by=user,
        )
    return Status(201, _article_out(_article(article.pk), full=True))


@router.get("/{article_id}", response={200: ArticleDetail, **ERRORS})
def get_article(request: HttpRequest, article_id: Id) -> dict[str, Any]:
    require(request, READ)
    return _article_out(_article(article_id), full=True)


@router.patch("/{article_id}", response={200: ArticleDetail, **ERRORS})
def update_article(request: HttpRequest, article_id: Id, payload: ArticlePatch) -> dict[str, Any]:
    """Only what was sent changes; making a published article internal or public needs
    `knowledge.publish_article`."""
    user = require(request, READ, "knowledge.change_article")
    article = _article(article_id)
    changes = sent(payload, nullable={"category"})
    services.change_article(
        article,
        by=user,
        source_language=changes.get("source_language"),
        visibility=changes.get("visibility"),
        category=_category(changes["category"]) if "category" in changes else False,
        tags=changes.get("tags"),
        reasons=[references.reason(k, "reasons") for k in changes["reasons"]]
        if "reasons" in changes
        else None,
        related=_related(changes["related"]) if "related" in changes else None,
    )
    return _article_out(_article(article_id), full=True)


@router.delete("/{article_id}", response={204: None, **ERRORS})
def delete_article(request: HttpRequest, article_id: Id) -> Status[None]:
    """Gone in every language, with its history and files. To take it off the help centre
    but keep it, archive its translations instead."""
    user = require(request, READ, "knowledge.delete_article")
    services.delete_article(_article(article_id), by=user)
    return Status(204, None)


def _text(article_id: int, language: str) -> Translation:
    return get_object_or_404(
        Translation.objects.select_related("article"), article_id=article_id, language=language
    )


def _text_out(text: Translation) -> dict[str, Any]:
    source = selectors.translation_for(text.article, text.article.source_language)
    return _translation(text, source, full=True)


@router.put("/{article_id}/translations/{language}", response={200: TranslationOut, **ERRORS})
def save_translation(
    request: HttpRequest, article_id: Id, language: Language, payload: TranslationIn
) -> dict[str, Any]:
    """Write the article's text in `language` (a new translation, or a new version of it);
    a published or archived text is a publisher's to change."""
    user = require(request, READ, "knowledge.change_article")
    article = _article(article_id)
    text = services.save_translation(
        article=article,
        language=language,
        title=payload.title,
        body=payload.body,
        slug=payload.slug or None,
        note=payload.note,
        by=user,
    )
    return _text_out(text)


@router.get("/{article_id}/translations/{language}", response={200: TranslationOut, **ERRORS})
def get_translation(request: HttpRequest, article_id: Id, language: Language) -> dict[str, Any]:
    require(request, READ)
    return _text_out(_text(article_id, language))


@router.post(
    "/{article_id}/translations/{language}/state", response={200: TranslationOut, **ERRORS}
)
def change_state(
    request: HttpRequest, article_id: Id, language: Language, payload: StateIn
) -> dict[str, Any]:
    """draft → review → published → archived, and back to draft. A step that is not allowed
    from the current state is 422; publishing, archiving, or unpublishing needs
    `knowledge.publish_article` (403)."""
    user = require(request, READ, "knowledge.change_article")
    return _text_out(services.set_state(_text(article_id, language), payload.state, by=user))
