"""A survey sent as a text message after a call (decision 47): stored before it is handed to
the business's SMS webhook, so a failed delivery is retried and nothing is sent twice."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SmsMessage(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    survey = models.ForeignKey(
        "feedback.Survey",
        on_delete=models.CASCADE,
        related_name="text_messages",
        verbose_name=_("survey"),
    )
    to = models.CharField(_("to"), max_length=32)
    text = models.CharField(_("text"), max_length=480)
    language = models.CharField(_("language"), max_length=8)
    link = models.URLField(_("link"), max_length=500)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey text message")
        verbose_name_plural = _("survey text messages")

    def __str__(self) -> str:
        return f"{self.to} ({self.get_state_display()})"
