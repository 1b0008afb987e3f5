"""What demo customers write and what agents log, per language and contact reason.

These are demo data in the customers' own languages, not interface strings, so they are not
translated through gettext. Placeholders: {first} (the customer's first name), {agent} (the
agent's first name), {order}, {invoice}, {amount} and {topic} (the reason's name).
"""

from __future__ import annotations

from lytte.demo.texts import da, en, fi, nb, sv
from lytte.demo.texts.structure import LanguageTexts, ReasonTexts

TEXTS: dict[str, LanguageTexts] = {
    "nb": nb.TEXTS,
    "da": da.TEXTS,
    "sv": sv.TEXTS,
    "fi": fi.TEXTS,
    "en": en.TEXTS,
}

__all__ = ["TEXTS", "LanguageTexts", "ReasonTexts"]
