"""Saving a language's synonym list (what search reads: `lytte.knowledge.search.synonyms`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.knowledge.search import synonyms
from lytte.knowledge.search.analysis import LANGUAGES
from lytte.knowledge.search.models import Synonyms


def save_synonyms(*, language: str, text: str, by: User | None) -> Synonyms:
    """Replace `language`'s list after checking every line (a ValidationError names the bad
    ones); searches use it at once in this process, within a minute in the others."""
    if language not in LANGUAGES:
        raise ValidationError(_("Unknown language."))
    synonyms.parse(text)
    text = text.strip()
    row, _created = Synonyms.objects.update_or_create(
        language=language, defaults={"text": text + "\n" if text else "", "updated_by": by}
    )
    synonyms.forget()
    return row


def adopt_suggested(*, language: str, by: User | None) -> Synonyms:
    """Save Lytte's suggested list as `language`'s own (the demo does it for every language)."""
    return save_synonyms(language=language, text=synonyms.suggested(language), by=by)
