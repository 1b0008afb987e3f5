"""The desk's own small data: canned answers for chat, per language.

A model rather than a settings list: the people who write them are in customer service, not
at the server's configuration, and the admin site already edits, audits and translates rows.
One row per answer and language keeps it plain: an answer in Norwegian and its Danish twin
are two rows (a team rarely keeps every answer in every language)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CannedAnswer(models.Model):
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(
        _("title"), max_length=100, help_text=_("What the agent picks it by, e.g. “Greeting”.")
    )
    body = models.TextField(_("text"), max_length=2000)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["language", "title"]
        verbose_name = _("canned answer")
        verbose_name_plural = _("canned answers")
        constraints = [
            models.UniqueConstraint(fields=["language", "title"], name="canned_answer_title")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"
