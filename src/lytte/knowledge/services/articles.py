"""Articles and their translations: create, save (a new version and revision every time),
the workflow between draft, review, published and archived, and who may do what.

Who may (decision 0031): every member of staff reads; `knowledge.add_article` creates and
`knowledge.change_article` writes drafts and sends them to review (agents have both);
`knowledge.publish_article` publishes, archives, takes a published text back to draft and edits
a published or archived text (supervisors and admins, and anyone in the "knowledge editor"
group). `by=None` is the system (import, demo): no check.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.cases.models import ContactReason
from lytte.knowledge.models import (
    Article,
    Category,
    Revision,
    State,
    Tag,
    Translation,
    Visibility,
)
from lytte.knowledge.search import reindex
from lytte.knowledge.services import slugs
from lytte.knowledge.services.markdown import render
from lytte.platform.languages import LANGUAGE_CODES

PUBLISH = "knowledge.publish_article"
CHANGE = "knowledge.change_article"

# Which state may follow which. Publishing goes through review; anything may go back to draft.
TRANSITIONS: dict[str, set[str]] = {
    State.DRAFT: {State.REVIEW},
    State.REVIEW: {State.DRAFT, State.PUBLISHED},
    State.PUBLISHED: {State.DRAFT, State.ARCHIVED},
    State.ARCHIVED: {State.DRAFT},
}
# A transition into or out of these takes (or puts) the text before readers: publishers only.
_PUBLIC_STATES = {State.PUBLISHED, State.ARCHIVED}


def _require(by: User | None, permission: str) -> None:
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


def may_publish(by: User | None) -> bool:
    return by is None or by.has_perm(PUBLISH)


def _check_language(language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            {
                "language": ValidationError(
                    _("Unknown language “%(code)s”.") % {"code": language}, code="unknown_language"
                )
            }
        )


def _tags(names: Iterable[str]) -> list[Tag]:
    cleaned = {name.strip()[:60] for name in names if name.strip()}
    return [Tag.objects.get_or_create(name=name)[0] for name in sorted(cleaned)]


def _reindex_all(article: Article) -> None:
    for pk in article.translations.values_list("pk", flat=True):
        reindex(pk)


@transaction.atomic
def create_article(
    *,
    by: User | None,
    source_language: str,
    visibility: str = Visibility.PUBLIC,
    category: Category | None = None,
    tags: Iterable[str] = (),
    reasons: Iterable[ContactReason] = (),
    related: Iterable[Article] = (),
) -> Article:
    _require(by, "knowledge.add_article")
    _check_language(source_language)
    if visibility not in Visibility.values:
        raise ValidationError(
            {"visibility": ValidationError(_("Choose public or internal."), code="invalid")}
        )
    article = Article.objects.create(
        created_by=by, source_language=source_language, visibility=visibility, category=category
    )
    article.tags.set(_tags(tags))
    article.reasons.set(list(reasons))
    article.related.set([other for other in related if other.pk != article.pk])
    return article


@transaction.atomic
def change_article(
    article: Article,
    *,
    by: User | None,
    visibility: str | None = None,
    category: Category | bool | None = False,
    tags: Iterable[str] | None = None,
    reasons: Iterable[ContactReason] | None = None,
    related: Iterable[Article] | None = None,
    source_language: str | None = None,
) -> Article:
    """Change what was given (`category=False` leaves the category; None clears it). Making a
    published article public or internal changes who reads it: publishers only."""
    _require(by, CHANGE)
    if visibility is not None and visibility != article.visibility:
        if visibility not in Visibility.values:
            raise ValidationError(
                {"visibility": ValidationError(_("Choose public or internal."), code="invalid")}
            )
        if article.translations.filter(state=State.PUBLISHED).exists():
            _require(by, PUBLISH)
        article.visibility = visibility
    if category is not False:
        article.category = category if isinstance(category, Category) else None
    if source_language is not None:
        _check_language(source_language)
        article.source_language = source_language
    article.save()
    if tags is not None:
        article.tags.set(_tags(tags))
    if reasons is not None:
        article.reasons.set(list(reasons))
    if related is not None:
        article.related.set([other for other in related if other.pk != article.pk])
    _reindex_all(article)
    return article


def source_version(article: Article) -> int | None:
    """The current version of the article's text in its source language (None if unwritten)."""
    return (
        Translation.objects.filter(article=article, language=article.source_language)
        .values_list("version", flat=True)
        .first()
    )


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
    up_to_date: bool = True,
) -> Translation:
    """Create or change the article's text in `language`: a new version with its revision.

    A new translation gets a free slug from its title unless `slug` is given; a changed slug
    keeps the old one as a redirect. A translation other than the source records the source's
    current version as the one it was made from (`up_to_date=False` keeps the old mark, for a
    fix that did not follow the source's changes)."""
    _require(by, CHANGE)
    _check_language(language)
    title = title.strip()
    if not title:
        raise ValidationError({"title": ValidationError(_("Write a title."), code="required")})
    if len(title) > 200:
        raise ValidationError(
            {"title": ValidationError(_("The title is too long."), code="max_length")}
        )
    translation = (
        Translation.objects.select_for_update().filter(article=article, language=language).first()
    )
    if translation is None:
        translation = Translation(article=article, language=language, version=0)
    elif translation.state in _PUBLIC_STATES:
        _require(by, PUBLISH)
    old_slug = translation.slug
    if slug:
        new_slug = slugs.check_slug(language, slug, by=translation)
    else:
        new_slug = old_slug or slugs.free_slug(language, title, by=translation)
    unchanged = (translation.title, translation.body, old_slug) == (title, body, new_slug)
    if translation.pk and unchanged:
        return translation  # nothing changed: no new version
    translation.title, translation.body, translation.updated_by = title, body, by
    translation.slug = new_slug
    translation.body_html = render(body)
    translation.version += 1
    if language != article.source_language and (up_to_date or translation.source_version is None):
        translation.source_version = source_version(article)
    translation.save()
    if old_slug and old_slug != new_slug:
        slugs.move(translation, old_slug)
    Revision.objects.create(
        translation=translation,
        version=translation.version,
        title=title,
        body=body,
        note=note[:200],
        author=by,
    )
    reindex(translation.pk)
    return translation


def allowed_states(translation: Translation, by: User | None) -> list[str]:
    """The states this person may move the translation to now (for the workflow buttons)."""
    return [
        state
        for state in State.values
        if state in TRANSITIONS[translation.state]
        and (may_publish(by) or not ({state, translation.state} & _PUBLIC_STATES))
        and (by is None or by.has_perm(CHANGE))
    ]


@transaction.atomic
def set_state(translation: Translation, state: str, *, by: User | None) -> Translation:
    """Move a translation through draft → review → published (→ archived), or back to draft.
    An impossible step is a ValidationError; a step the person may not take, PermissionDenied.
    `by=None` (the system) is neither checked nor held to the steps."""
    if state not in State.values:
        raise ValidationError({"state": ValidationError(_("Unknown state."), code="invalid")})
    if state == translation.state:
        return translation
    # The system (by=None: the import, the demo) may put a text in any state directly.
    if by is not None and state not in TRANSITIONS[translation.state]:
        raise ValidationError(
            {
                "state": ValidationError(
                    _("A text in “%(current)s” cannot go to “%(next)s”.")
                    % {
                        "current": State(translation.state).label,
                        "next": State(state).label,
                    },
                    code="invalid_transition",
                )
            }
        )
    _require(by, CHANGE)
    if {state, translation.state} & _PUBLIC_STATES:
        _require(by, PUBLISH)
    translation.state = state
    if state == State.PUBLISHED:
        translation.published_at = timezone.now()
    translation.updated_by = by
    translation.save(update_fields=["state", "published_at", "updated_by", "updated_at"])
    reindex(translation.pk)
    return translation


@transaction.atomic
def delete_article(article: Article, *, by: User | None) -> None:
    """Remove an article with every translation, revision and file (its search entries too)."""
    _require(by, "knowledge.delete_article")
    ids = list(article.translations.values_list("pk", flat=True))
    article.delete()
    for pk in ids:
        reindex(pk)  # drops what search held of it
