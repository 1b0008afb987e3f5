from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Who did what to which object, and when. Written by services, never edited."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
        help_text=_("Empty when the system acted (an integration, a background task)."),
    )
    action = models.CharField(_("what"), max_length=64)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    target_id = models.CharField(_("object id"), max_length=64)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        when = f"{self.created_at:%Y-%m-%d %H:%M}"
        return f"{when} {self.action} {self.target_type.model}:{self.target_id}"


class AccessChannel(models.TextChoices):
    """Where a person opened a customer's data."""

    WORKSPACE = "workspace", _("Case workspace")
    CUSTOMER_PAGE = "customer_page", _("Customer page")
    SCREEN_POP = "screen_pop", _("Screen pop")
    API = "api", _("API")
    EXPORT = "export", _("Export")


class AccessRecord(models.Model):
    """Someone opened a customer's data: the access log (who looked, not who changed: that is
    the audit trail). It outlives an erased or deleted customer until its own retention ends."""

    created_at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("who"),
        help_text=_("Empty for the system (a command run on the server)."),
    )
    # No database constraint and nothing done on delete: the log outlives its customer.
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("customer"),
    )
    channel = models.CharField(_("through"), max_length=16, choices=AccessChannel.choices)
    case_number = models.PositiveIntegerField(_("case"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["customer", "created_at"], name="access_by_customer"),
            # Retention purges by age.
            models.Index(fields=["created_at"], name="access_by_age"),
        ]
        permissions = [
            ("export_customer_data", _("Can export everything held about a customer")),
        ]
        verbose_name = _("access record")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.channel} customer:{self.customer_id}"
