"""Slugs: readable, stable, unique per language. A rename keeps the old slug as a redirect, so
a link made before it (from another article, an email, a bookmark) still arrives."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lytte.knowledge.models import SlugRedirect, Translation

MAX_LENGTH = 200
# Nordic letters as people write them in addresses without them (the slug stays ASCII).
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def slug_of(title: str) -> str:
    """An ASCII slug for a title: "Endre adresse på kontoen" → "endre-adresse-pa-kontoen"."""
    return slugify(title.lower().translate(_FOLD))[:MAX_LENGTH].strip("-") or "article"


def taken(language: str, slug: str, *, by: Translation | None) -> bool:
    """Whether another translation in `language` uses `slug`, now or as an old address."""
    current = Translation.objects.filter(language=language, slug=slug)
    old = SlugRedirect.objects.filter(language=language, slug=slug)
    if by is not None and by.pk is not None:
        current, old = current.exclude(pk=by.pk), old.exclude(translation=by)
    return current.exists() or old.exists()


def free_slug(language: str, title: str, *, by: Translation | None) -> str:
    """A slug for a new title that nothing in the language uses: the title's, or -2, -3..."""
    base = slug_of(title)
    slug, number = base, 1
    while taken(language, slug, by=by):
        number += 1
        suffix = f"-{number}"
        slug = base[: MAX_LENGTH - len(suffix)] + suffix
    return slug


def check_slug(language: str, slug: str, *, by: Translation | None) -> str:
    """The slug an editor chose, if it is a slug and free; ValidationError on `slug` if not."""
    slug = slug.strip()
    try:
        validate_unicode_slug(slug)
    except ValidationError:
        raise ValidationError(
            {
                "slug": ValidationError(
                    _("Use only letters, numbers, hyphens and underscores in the slug."),
                    code="invalid_slug",
                )
            }
        ) from None
    if len(slug) > MAX_LENGTH:
        raise ValidationError(
            {"slug": ValidationError(_("The slug is too long."), code="invalid_slug")}
        )
    if taken(language, slug, by=by):
        raise ValidationError(
            {
                "slug": ValidationError(
                    _(
                        "Another article in this language already has the address “%(slug)s” "
                        "(now or before a rename). Choose another slug."
                    )
                    % {"slug": slug},
                    code="slug_taken",
                )
            }
        )
    return slug


def move(translation: Translation, old_slug: str) -> None:
    """After `translation` changed its slug from `old_slug`: the old one redirects to it (and
    its new slug, if it once was an old one of its own, is live again)."""
    SlugRedirect.objects.filter(
        language=translation.language, slug=translation.slug, translation=translation
    ).delete()
    SlugRedirect.objects.update_or_create(
        language=translation.language, slug=old_slug, defaults={"translation": translation}
    )
