"""The five languages as their speakers write them, for language choosers."""

from __future__ import annotations

# Not translated on purpose: a Finn on an English page looks for "Suomi", not "Finnish".
LANGUAGE_NAMES = {
    "en": "English",
    "nb": "Norsk bokmål",
    "da": "Dansk",
    "sv": "Svenska",
    "fi": "Suomi",
}
