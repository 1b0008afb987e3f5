"""What the reason classifier learns from and what it has learnt: labelled texts imported from
an earlier system, trained model versions, keyword rules for reasons with too little history,
and every suggestion shown with the reason the agent chose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lytte.cases.models import Case, Channel, ContactReason


class LabelledText(models.Model):
    """A categorised text from before Lytte (`lytte reasons import`), trained on like Lytte's
    own categorised contacts."""

    text = models.TextField(_("text"))
    reason = models.ForeignKey(
        ContactReason, on_delete=models.CASCADE, related_name="+", verbose_name=_("reason")
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    created = models.DateTimeField(_("created"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("labelled text")
        verbose_name_plural = _("labelled texts")

    def __str__(self) -> str:
        return self.text[:60]


class ReasonModel(models.Model):
    """One trained version of the classifier. One is active; the one before is kept, so a bad
    model can be rolled back."""

    created_at = models.DateTimeField(_("trained"), auto_now_add=True)
    active = models.BooleanField(_("active"), default=False)
    artifact = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(_("size"), default=0)
    trained_on = models.PositiveIntegerField(_("texts"), default=0)
    reasons = models.JSONField(_("reasons"), default=list)
    metrics = models.JSONField(_("held-out metrics"), default=dict)
    seconds = models.FloatField(_("training time (s)"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reason model")
        verbose_name_plural = _("reason models")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="one_active_reason_model"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.pk} ({self.trained_on})"


class TextEmbedding(models.Model):
    """A text's sentence embedding, found by the text's hash and the model that made it, so a
    retrain embeds only texts it has not seen (decision 45). Derived from what customers wrote:
    dropped with the text at erasure, and at each training when its text is no longer trained
    on (changed, purged by retention)."""

    model = models.CharField(_("model"), max_length=200)
    text_hash = models.CharField(_("text hash"), max_length=64)
    vector = models.BinaryField(editable=False)  # float32, little-endian
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("text embedding")
        verbose_name_plural = _("text embeddings")
        constraints = [
            models.UniqueConstraint(fields=["model", "text_hash"], name="one_embedding_per_text")
        ]
        indexes = [models.Index(fields=["text_hash"], name="insights_embedding_hash")]

    def __str__(self) -> str:
        return f"{self.model} {self.text_hash[:12]}"


class KeywordRule(models.Model):
    """Words that suggest a reason, for reasons with too little history for the model. A word
    matches the start of a word in the text ("faktur" matches "fakturaen")."""

    reason = models.ForeignKey(
        ContactReason,
        on_delete=models.CASCADE,
        related_name="keyword_rules",
        verbose_name=_("reason"),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Empty: every language."),
    )
    keywords = models.TextField(_("keywords"), help_text=_("One word or phrase per line."))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["reason", "language"]
        verbose_name = _("keyword rule")
        verbose_name_plural = _("keyword rules")

    def __str__(self) -> str:
        return f"{self.reason} ({self.language or '*'})"

    def words(self) -> list[str]:
        return [line.strip().casefold() for line in self.keywords.splitlines() if line.strip()]


class ReasonSuggestion(models.Model):
    """The reasons suggested to an agent, and the one they chose: accuracy in real use."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    suggested = models.JSONField(_("suggested"), default=list)  # [[code, score], ...] best first
    model = models.ForeignKey(
        ReasonModel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen = models.ForeignKey(
        ContactReason, on_delete=models.CASCADE, related_name="+", verbose_name=_("chosen")
    )
    rank = models.PositiveSmallIntegerField(_("rank of the chosen reason"), null=True, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"], name="suggestion_by_time")]
        verbose_name = _("reason suggestion")
        verbose_name_plural = _("reason suggestions")

    def __str__(self) -> str:
        return f"#{self.case_id}: {self.chosen} ({self.rank or '-'})"


# Daily rollups: what the dashboards read, so they never scan raw contacts. Each day is
# recomputed whole from the raw rows when anything in it changes (see insights.rollups).


class ContactDay(models.Model):
    """Customers' contacts (inbound) on one day, by reason, channel and team."""

    day = models.DateField()
    reason = models.ForeignKey(
        ContactReason, null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    channel = models.CharField(max_length=10)
    team = models.ForeignKey(
        "accounts.Team", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    contacts = models.PositiveIntegerField(default=0)
    # The same customer with the same reason within the 7 days before: the first answer failed.
    repeats = models.PositiveIntegerField(default=0)

    class Meta:
        # Covering: the dashboard's scans of a period read the index alone.
        indexes = [
            models.Index(
                fields=["day", "reason", "channel", "team", "contacts", "repeats"],
                name="contactday_covering",
            )
        ]
        permissions = [("view_dashboards", "Can see the insights dashboards")]

    def __str__(self) -> str:
        return f"{self.day} {self.reason_id} {self.channel}: {self.contacts}"


class CaseDay(models.Model):
    """Cases opened and resolved on one day, by the case's reason, channel and team, with
    histograms of time to first response (cases opened that day) and to resolution (cases
    resolved that day): medians come from them without the raw cases."""

    day = models.DateField()
    reason = models.ForeignKey(
        ContactReason, null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    channel = models.CharField(max_length=10)
    team = models.ForeignKey(
        "accounts.Team", null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    opened = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    # Resolved with the customer's first contact only: nobody had to come back.
    resolved_first_contact = models.PositiveIntegerField(default=0)
    # Histograms, one column a bucket of insights.rollups.BUCKETS, so the database sums them:
    # time to first response of the cases opened that day, and to resolution of those resolved.
    response_0 = models.PositiveIntegerField(default=0)
    response_1 = models.PositiveIntegerField(default=0)
    response_2 = models.PositiveIntegerField(default=0)
    response_3 = models.PositiveIntegerField(default=0)
    response_4 = models.PositiveIntegerField(default=0)
    response_5 = models.PositiveIntegerField(default=0)
    response_6 = models.PositiveIntegerField(default=0)
    response_7 = models.PositiveIntegerField(default=0)
    response_8 = models.PositiveIntegerField(default=0)
    response_9 = models.PositiveIntegerField(default=0)
    response_10 = models.PositiveIntegerField(default=0)
    response_11 = models.PositiveIntegerField(default=0)
    resolution_0 = models.PositiveIntegerField(default=0)
    resolution_1 = models.PositiveIntegerField(default=0)
    resolution_2 = models.PositiveIntegerField(default=0)
    resolution_3 = models.PositiveIntegerField(default=0)
    resolution_4 = models.PositiveIntegerField(default=0)
    resolution_5 = models.PositiveIntegerField(default=0)
    resolution_6 = models.PositiveIntegerField(default=0)
    resolution_7 = models.PositiveIntegerField(default=0)
    resolution_8 = models.PositiveIntegerField(default=0)
    resolution_9 = models.PositiveIntegerField(default=0)
    resolution_10 = models.PositiveIntegerField(default=0)
    resolution_11 = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["day", "reason"], name="caseday_day_reason")]

    def __str__(self) -> str:
        return f"{self.day} {self.reason_id} {self.channel}: {self.opened}/{self.resolved}"


class OrganizationDay(models.Model):
    """Contacts and cases of one organization's people on one day, by reason."""

    day = models.DateField()
    organization = models.ForeignKey(
        "customers.Organization", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    reason = models.ForeignKey(
        ContactReason, null=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    contacts = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["organization", "day"], name="orgday_org_day"),
            models.Index(fields=["day"], name="orgday_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} org {self.organization_id}: {self.contacts}"


class StaleDay(models.Model):
    """A day whose rollups must be recomputed: written in the transaction that changed it, so
    a crash never leaves a rollup silently wrong."""

    day = models.DateField(unique=True)
    marked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return str(self.day)


class TrendAlert(models.Model):
    """A reason (alone, on one channel, or from one organization) far above its baseline today
    or this week (see insights.trends); or, kind `csat`, its unhappy answers far above theirs
    for as many answers (`observed`, `expected`: answers of 3 or less; see feedback.alerts)."""

    class Period(models.TextChoices):
        DAY = "day", _("today")
        WEEK = "week", _("this week")

    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    start = models.DateField(_("from"))
    CSAT = "csat"  # a kind: satisfaction with the reason falling (feedback.alerts)
    kind = models.CharField(max_length=12)  # reason, channel, organization, csat
    series = models.CharField(max_length=100)  # kind:reason:channel:organization, one per period
    reason = models.ForeignKey(
        ContactReason, on_delete=models.CASCADE, related_name="+", verbose_name=_("reason")
    )
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    organization = models.ForeignKey(
        "customers.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    observed = models.PositiveIntegerField(_("contacts"))
    expected = models.FloatField(_("expected"))
    p_value = models.FloatField()
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "start", "series"], name="one_alert_per_series_and_period"
            )
        ]
        verbose_name = _("trend alert")
        verbose_name_plural = _("trend alerts")

    def __str__(self) -> str:
        return f"{self.reason} {self.period} {self.observed}/{self.expected}"

    def channel_label(self) -> str:
        return str(dict(Channel.choices).get(self.channel, self.channel))
