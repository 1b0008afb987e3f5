"""Net Promoter Score (decision 47): programmes that send "how likely are you to recommend us?"
to a random sample of customers on a schedule, the question per language in versions, and each
survey with its 0-10 answer. Not about a case: about the business."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lytte.customers.models import Customer, Organization

NPS_SCORES = tuple(range(0, 11))
PROMOTER = 9  # 9-10
DETRACTOR = 6  # 0-6


class NpsProgram(models.Model):
    """Who is asked, how many and how often; edited by admins."""

    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("active"), default=True)
    every_days = models.PositiveIntegerField(_("every (days)"), default=30)
    sample_size = models.PositiveIntegerField(
        _("customers per round"), null=True, blank=True, help_text=_("Empty: use the share.")
    )
    sample_percent = models.PositiveSmallIntegerField(
        _("share of customers per round (%)"), default=10
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("only this organization"),
    )
    language = models.CharField(
        _("only customers speaking"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
    )
    contacted_within_days = models.PositiveIntegerField(
        _("only customers in contact within (days)"), null=True, blank=True
    )
    quarantine_days = models.PositiveIntegerField(
        _("quarantine (days)"),
        default=90,
        help_text=_("Nobody is asked for an NPS more than once within this many days."),
    )
    business_hours = models.BooleanField(_("send in business hours only"), default=False)
    calendar = models.ForeignKey(
        "sla.Calendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("business calendar"),
    )
    next_run_at = models.DateTimeField(_("next round"), default=timezone.now)
    last_run_at = models.DateTimeField(_("last round"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("NPS programme")
        verbose_name_plural = _("NPS programmes")

    def __str__(self) -> str:
        return self.name


class NpsQuestion(models.Model):
    """One version of the NPS question in one language; never changed once saved."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"), editable=False)
    text = models.CharField(_("question"), max_length=300)
    why_prompt = models.CharField(_("why prompt"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["language", "-version"]
        verbose_name = _("NPS question")
        verbose_name_plural = _("NPS questions")
        constraints = [
            models.UniqueConstraint(fields=["language", "version"], name="nps_question_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} v{self.version}: {self.text}"


class NpsSurvey(models.Model):
    """One customer's NPS survey: sent (by email) and its answer."""

    program = models.ForeignKey(
        NpsProgram,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
        verbose_name=_("programme"),
    )
    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("customer"),
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organization"),
    )
    language = models.CharField(_("language"), max_length=8)
    question = models.ForeignKey(
        NpsQuestion, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("question")
    )
    due_at = models.DateTimeField(_("due"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("why"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)
    skipped_because = models.CharField(_("not sent because"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("NPS survey")
        verbose_name_plural = _("NPS surveys")
        indexes = [
            models.Index(fields=["sent_at"], name="nps_sent"),
            models.Index(fields=["customer", "sent_at"], name="nps_quarantine"),
            models.Index(fields=["due_at"], name="nps_due"),
        ]

    def __str__(self) -> str:
        return str(_("NPS survey %(pk)s") % {"pk": self.pk})
