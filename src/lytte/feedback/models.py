"""Satisfaction surveys after a resolved case (CSAT, decision 40): the rules for sending, the
questions per language in versions, each survey and its answer, opt-outs, and the follow-up a
low score opens. (The knowledge base's `Feedback` is "was this article helpful?", not this.)"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import Team
from lytte.cases.models import Case, Channel, Contact, ContactReason
from lytte.customers.models import Customer

SCORES = (1, 2, 3, 4, 5)


class SurveyRules(models.Model):
    """When a survey is sent; one row (`SurveyRules.current()`), edited by admins."""

    active = models.BooleanField(_("send surveys"), default=True)
    delay_minutes = models.PositiveIntegerField(_("delay after resolution (minutes)"), default=60)
    quarantine_days = models.PositiveIntegerField(
        _("quarantine (days)"),
        default=30,
        help_text=_("No more than one survey per customer within this many days."),
    )
    change_hours = models.PositiveIntegerField(_("answer can be changed for (hours)"), default=24)
    valid_days = models.PositiveIntegerField(_("link valid for (days)"), default=28)
    low_score = models.PositiveSmallIntegerField(
        _("low score"),
        default=2,
        help_text=_("A score at or below this opens a follow-up for the team's supervisor."),
    )
    channels = models.JSONField(
        _("channels"),
        default=list,
        blank=True,
        help_text=_("Channel codes of cases to ask about (e.g. email, phone); empty: all."),
    )
    reasons = models.ManyToManyField(
        ContactReason, blank=True, related_name="+", verbose_name=_("only these reasons")
    )
    teams = models.ManyToManyField(
        Team, blank=True, related_name="+", verbose_name=_("only these teams")
    )
    business_hours = models.BooleanField(
        _("send in business hours only"),
        default=False,
        help_text=_(
            "A survey due while the business is closed waits for the next opening (the case's "
            "team's calendar, else the calendar below)."
        ),
    )
    calendar = models.ForeignKey(
        "sla.Calendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("business calendar"),
    )
    sms_after_calls = models.BooleanField(
        _("text message after calls"),
        default=True,
        help_text=_("After a phone case, send the survey by text message to a mobile number."),
    )
    sms_webhook_url = models.URLField(
        _("text message webhook"),
        blank=True,
        help_text=_("Your SMS provider's address; empty: LYTTE_SMS_WEBHOOK_URL."),
    )
    sms_webhook_secret = models.CharField(
        _("text message webhook secret"),
        max_length=200,
        blank=True,
        help_text=_("Sent as a bearer token and used to sign; empty: LYTTE_SMS_WEBHOOK_SECRET."),
    )

    class Meta:
        verbose_name = _("survey rules")
        verbose_name_plural = _("survey rules")

    def __str__(self) -> str:
        return str(_("Survey rules"))

    @classmethod
    def current(cls) -> SurveyRules:
        rules, _created = cls.objects.get_or_create(pk=1)
        return rules


class Question(models.Model):
    """One version of the question in one language. Versions are never changed once saved:
    an edit is a new version, so every answer keeps the words it answered."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"), editable=False)
    text = models.CharField(_("question"), max_length=300)
    comment_prompt = models.CharField(_("comment prompt"), max_length=300)
    choices_prompt = models.CharField(_("prompt for low scores"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["language", "-version"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        constraints = [
            models.UniqueConstraint(fields=["language", "version"], name="question_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} v{self.version}: {self.text}"


class Choice(models.Model):
    """A "what went wrong?" answer offered after a low score, part of its question's version."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    label = models.CharField(_("answer"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")

    def __str__(self) -> str:
        return self.label


class AskedBy(models.TextChoices):
    EMAIL = "email", _("email")
    SMS = "sms", _("text message")
    CHAT = "chat", _("chat widget")


class Survey(models.Model):
    """One case's survey: scheduled at resolution, sent (or skipped, and why) when due, and its
    answer. Reason, channel, team, agent and organization are the case's when it was sent: what
    was rated."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        SENT = "sent", _("sent")
        ANSWERED = "answered", _("answered")
        SKIPPED = "skipped", _("not sent")

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("customer"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SCHEDULED
    )
    skipped_because = models.CharField(_("not sent because"), max_length=40, blank=True)
    send_after = models.DateTimeField(_("send after"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("question"),
    )
    reason = models.ForeignKey(
        ContactReason,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reason"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    sent_by = models.CharField(
        _("asked by"), max_length=8, choices=AskedBy.choices, blank=True, default=""
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("agent"),
    )
    organization = models.ForeignKey(
        "customers.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organization"),
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    choices = models.ManyToManyField(
        Choice, blank=True, related_name="+", verbose_name=_("what went wrong")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [
            models.Index(fields=["state", "send_after"], name="survey_due"),
            models.Index(fields=["customer", "sent_at"], name="survey_quarantine"),
            models.Index(fields=["sent_at"], name="survey_sent"),
            # The reporting's grouped reads (decision 42) touch this index alone.
            models.Index(
                fields=["sent_at", "reason", "channel", "team", "agent", "organization", "score"],
                name="survey_figures",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Survey on case #%(number)s") % {"number": self.case.number})


class OptOut(models.Model):
    """A customer who wants no surveys (or was erased): never asked again."""

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    erased = models.BooleanField(_("erased"), default=False)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("survey opt-out")
        verbose_name_plural = _("survey opt-outs")

    def __str__(self) -> str:
        return str(self.customer_id)


class FollowUp(models.Model):
    """What a low score (or an NPS detractor) asks of the team's supervisor, and what came of
    it. Exactly one of `survey` and `nps` is set."""

    survey = models.OneToOneField(
        Survey,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follow_up",
        verbose_name=_("survey"),
    )
    nps = models.OneToOneField(
        "feedback.NpsSurvey",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follow_up",
        verbose_name=_("NPS survey"),
    )
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="+", verbose_name=_("case")
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team"),
    )
    note = models.ForeignKey(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("note on the case"),
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    result = models.TextField(_("result"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        ordering = ["closed_at", "-opened_at"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return str(_("Follow-up on case #%(number)s") % {"number": self.case.number})


from lytte.feedback.nps_models import NpsProgram, NpsQuestion, NpsSurvey  # noqa: E402
from lytte.feedback.report_models import CommentTerm, WebhookDelivery, WebhookEndpoint  # noqa: E402
from lytte.feedback.rollup_models import StaleSurveyDay, SurveyDay  # noqa: E402
from lytte.feedback.sms_models import SmsMessage  # noqa: E402

__all__ = [
    "AskedBy",
    "Choice",
    "CommentTerm",
    "FollowUp",
    "NpsProgram",
    "NpsQuestion",
    "NpsSurvey",
    "OptOut",
    "Question",
    "SmsMessage",
    "StaleSurveyDay",
    "Survey",
    "SurveyDay",
    "SurveyRules",
    "WebhookDelivery",
    "WebhookEndpoint",
]
