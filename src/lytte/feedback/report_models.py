"""The feedback app's reporting records (issue 17): the stemmed words of each comment, which
the comment search and the comment themes read in the database; and the outgoing webhook that
tells a business's own systems when feedback arrives, with every delivery it made."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CommentTerm(models.Model):
    """One stemmed word of a survey's comment (stop words left out), in the comment's language:
    written when the answer is saved, gone with the comment (erasure, retention)."""

    survey = models.ForeignKey(
        "feedback.Survey", on_delete=models.CASCADE, related_name="+", verbose_name=_("survey")
    )
    term = models.CharField(_("stem"), max_length=60)
    word = models.CharField(_("word"), max_length=60)

    class Meta:
        verbose_name = _("comment word")
        verbose_name_plural = _("comment words")
        constraints = [models.UniqueConstraint(fields=["survey", "term"], name="comment_term_once")]
        indexes = [models.Index(fields=["term", "survey"], name="comment_term")]

    def __str__(self) -> str:
        return self.term


class WebhookEndpoint(models.Model):
    """Where feedback is POSTed, signed with the secret (HMAC-SHA256 of the body). Admins set it
    up; without a secret here, LYTTE_FEEDBACK_WEBHOOK_SECRET signs."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("secret"),
        max_length=200,
        blank=True,
        help_text=_("Signs every request; empty: the server's LYTTE_FEEDBACK_WEBHOOK_SECRET."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("feedback webhook")
        verbose_name_plural = _("feedback webhooks")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one endpoint: stored before it is sent, tried again with backoff, and the
    same `event_id` on every try, so the receiver can tell a retry from a new answer."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("webhook"),
    )
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=40)
    survey = models.ForeignKey(
        "feedback.Survey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("survey"),
    )
    body = models.TextField(_("body"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event} {self.event_id}"
