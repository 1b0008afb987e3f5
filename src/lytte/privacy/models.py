"""Legal holds: data that must be kept (a dispute, a claim, an investigation) is neither erased
nor purged by retention while a hold covers it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lytte.cases.models import Case
from lytte.customers.models import Customer


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(released_at__isnull=True)


class LegalHold(models.Model):
    """A hold on one customer (and all their cases) or on one case, until released."""

    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_holds",
        verbose_name=_("customer"),
    )
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_holds",
        verbose_name=_("case"),
    )
    reason = models.CharField(_("reason"), max_length=500)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("placed by"),
    )
    placed_at = models.DateTimeField(_("placed"), auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(customer__isnull=False, case__isnull=True)
                | Q(customer__isnull=True, case__isnull=False),
                name="legalhold_customer_or_case",
            )
        ]
        indexes = [
            models.Index(fields=["customer", "released_at"], name="legalhold_customer"),
            models.Index(fields=["case", "released_at"], name="legalhold_case"),
        ]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self) -> str:
        target = f"customer {self.customer_id}" if self.customer_id else f"case {self.case_id}"
        return f"{target}: {self.reason}"

    @property
    def active(self) -> bool:
        return self.released_at is None


class RetentionRun(models.Model):
    """One run of the retention policies (or a dry run): what each kind purged, or would have."""

    started_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    # [{"kind": ..., "cutoff": ISO time or null, "rows": n}, ...]
    report = models.JSONField(_("report"), default=list)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M}{' (dry run)' if self.dry_run else ''}"
