"""The shape of the demo texts of one language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReasonTexts:
    subjects: tuple[str, ...]
    messages: tuple[str, ...]  # what the customer writes: email, web form, chat, forum
    notes: tuple[str, ...]  # what the agent logs while on the phone


@dataclass(frozen=True)
class LanguageTexts:
    reasons: dict[str, ReasonTexts]
    replies: tuple[str, ...]  # the agent's written answer (email, forum)
    follow_ups: tuple[str, ...]  # the customer writing again
    callbacks: tuple[str, ...]  # the agent's note after calling the customer back
    internal_notes: tuple[str, ...]
