"""Every change to the knowledge base: articles, their translations, workflow and history.

(Contract for the knowledge editor, import, the API and the demo: the signatures below are
stable; keyword arguments may be added.)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from lytte.accounts.models import User
from lytte.cases.models import ContactReason
from lytte.customers.models import Customer
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
from lytte.knowledge.search import reindex


@transaction.atomic
def create_article(
    *,
    by: User | None,
    source_language: str,
    visibility: str = Visibility.PUBLIC,
    category: Category | None = None,
    tags: Iterable[str] = (),
    reasons: Iterable[ContactReason] = (),
) -> Article:
    article = Article.objects.create(
        created_by=by, source_language=source_language, visibility=visibility, category=category
    )
    article.tags.set([Tag.objects.get_or_create(name=name)[0] for name in tags])
    article.reasons.set(list(reasons))
    return article


@transaction.atomic
def save_translation(
    *,
    article: Article,
    language: str,
    title: str,
    body: str,
    by: User | None,
    slug: str | None = None,
    note: str = "",
) -> Translation:
    """Create or change the article's text in `language`: a new version with its revision."""
    translation = Translation.objects.filter(article=article, language=language).first()
    if translation is None:
        translation = Translation(article=article, language=language, version=0)
    translation.title, translation.body, translation.updated_by = title, body, by
    translation.slug = slug or translation.slug or slugify(title, allow_unicode=True)[:200]
    translation.body_html = body
    translation.version += 1
    translation.save()
    Revision.objects.create(
        translation=translation,
        version=translation.version,
        title=title,
        body=body,
        note=note,
        author=by,
    )
    reindex(translation.pk)
    return translation


@transaction.atomic
def set_state(translation: Translation, state: str, *, by: User | None) -> Translation:
    """Move a translation through draft → review → published (→ archived)."""
    translation.state = state
    if state == State.PUBLISHED and translation.published_at is None:
        translation.published_at = timezone.now()
    translation.updated_by = by
    translation.save(update_fields=["state", "published_at", "updated_by", "updated_at"])
    reindex(translation.pk)
    return translation


def record_search(
    *, source: str, language: str, query: str, results: int, customer: Customer | None = None
) -> SearchQuery:
    """Remember a search (for the knowledge gaps); the caller passes its id along to its
    result links so a click can be recorded against it."""
    return SearchQuery.objects.create(
        source=source, language=language, query=query[:200], results=results, customer=customer
    )


def record_click(*, search_id: int, translation: Translation) -> None:
    """The reader opened `translation` from that search's results."""
    SearchQuery.objects.filter(pk=search_id, clicked__isnull=True).update(clicked=translation)


def record_feedback(
    *, translation: Translation, helpful: bool, comment: str = "", customer: Customer | None = None
) -> Feedback:
    """A reader's "was this helpful?" on a translation."""
    return Feedback.objects.create(
        translation=translation, helpful=helpful, comment=comment.strip(), customer=customer
    )
