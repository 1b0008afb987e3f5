"""The languages Lytte speaks: their codes, and their names as their speakers write them (for
language choosers)."""

from __future__ import annotations

from django.conf import settings

# The codes of settings.LANGUAGES, in their order: nb, da, sv, fi, en...
LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)

# Not translated on purpose: a Finn on an English page looks for "Suomi", not "Finnish".
LANGUAGE_NAMES = {
    "en": "English",
    "nb": "Norsk bokmål",
    "da": "Dansk",
    "sv": "Svenska",
    "fi": "Suomi",
}
