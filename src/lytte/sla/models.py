"""SLA policies, the clocks they start on cases and the escalation rules (decision 0041), on
the business calendars of `lytte.sla.calendar_models` (decision 0038); the report's daily
rollups are in `lytte.sla.rollup_models` (decision 0051). Every model of the app can be
imported from here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lytte.sla.calendar_models import Calendar as Calendar
from lytte.sla.calendar_models import CalendarDay as CalendarDay
from lytte.sla.calendar_models import Country as Country
from lytte.sla.calendar_models import DayKind as DayKind
from lytte.sla.calendar_models import DaySource as DaySource
from lytte.sla.calendar_models import OpeningWindow as OpeningWindow
from lytte.sla.calendar_models import Weekday as Weekday
from lytte.sla.calendar_models import minutes as minutes
from lytte.sla.calendar_models import validate_time_zone as validate_time_zone

# --- SLA policies and the clocks they start on cases (decision 0041) ---------------------------


class Target(models.TextChoices):
    FIRST_RESPONSE = "first_response", _("first response")
    NEXT_RESPONSE = "next_response", _("next response")
    RESOLUTION = "resolution", _("resolution")


class TeamCalendar(models.Model):
    """The calendar a team works by: its SLA targets in business time count on it."""

    team = models.OneToOneField(
        "accounts.Team",
        on_delete=models.CASCADE,
        related_name="sla_calendar",
        verbose_name=_("team"),
    )
    calendar = models.ForeignKey(
        Calendar, on_delete=models.PROTECT, related_name="teams", verbose_name=_("calendar")
    )

    class Meta:
        verbose_name = _("team calendar")
        verbose_name_plural = _("team calendars")

    def __str__(self) -> str:
        return f"{self.team} \u2192 {self.calendar}"


class EntryCalendar(models.Model):
    """The calendar of the way a case came in (its mailbox, phone queue or chat widget), named
    by that channel in the core's entry (`NewCaseAt`) and noted from the opening contact's
    event: the hours the customer was shown. Business time counts on it before the team's
    calendar and the policy's (`targets.calendar_for`)."""

    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="sla_entry",
        verbose_name=_("case"),
    )
    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="+", verbose_name=_("calendar")
    )
    via = models.CharField(_("came in through"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar of a case's way in")
        verbose_name_plural = _("calendars of cases' ways in")

    def __str__(self) -> str:
        return f"{self.case_id} {self.via} \u2192 {self.calendar_id}"


class Policy(models.Model):
    """Targets for the cases it matches; the first active policy in order that matches wins.
    An empty condition matches every case."""

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    reason = models.ForeignKey(
        "cases.ContactReason",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("reason"),
        help_text=_("Matches the reason and every reason under it."),
    )
    priority = models.CharField(_("priority"), max_length=10, blank=True)
    channel = models.CharField(_("channel"), max_length=10, blank=True)
    organization = models.ForeignKey(
        "customers.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("organization"),
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("team")
    )
    first_response_minutes = models.PositiveIntegerField(
        _("first response (minutes)"), null=True, blank=True
    )
    next_response_minutes = models.PositiveIntegerField(
        _("next response (minutes)"), null=True, blank=True
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution (minutes)"), null=True, blank=True
    )
    business_time = models.BooleanField(
        _("in business time"),
        default=True,
        help_text=_(
            "Count only opening hours: on the calendar of the mailbox, phone queue or chat "
            "the case came in through, else the team's, else this policy's."
        ),
    )
    calendar = models.ForeignKey(
        Calendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        verbose_name=_("calendar"),
        help_text=_(
            "For business time when neither the case's way in (mailbox, phone queue, chat) "
            "nor its team has a calendar."
        ),
    )
    warn_percent = models.PositiveSmallIntegerField(
        _("warn at (percentage of the target)"), default=80
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not 1 <= self.warn_percent <= 100:
            raise ValidationError({"warn_percent": _("Between 1 and 100.")})

    def minutes_for(self, target: str) -> int | None:
        return getattr(self, f"{target}_minutes")  # type: ignore[no-any-return]


class Outcome(models.TextChoices):
    RUNNING = "running", _("running")
    MET = "met", _("met")
    BREACHED = "breached", _("breached")
    CANCELLED = "cancelled", _("no longer due")


class CaseTarget(models.Model):
    """One target's clock on one case: running, paused (no due time) or stopped with its
    outcome. Stopped rows stay as the target's history; a next response gets a row per
    customer message."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="sla_targets", verbose_name=_("case")
    )
    target = models.CharField(_("target"), max_length=16, choices=Target.choices)
    policy = models.ForeignKey(
        Policy, null=True, on_delete=models.SET_NULL, verbose_name=_("policy")
    )
    calendar = models.ForeignKey(
        Calendar, null=True, on_delete=models.SET_NULL, verbose_name=_("calendar")
    )
    target_seconds = models.PositiveIntegerField(_("target (seconds)"))
    warn_percent = models.PositiveSmallIntegerField(_("warn at (%)"), default=80)
    started_at = models.DateTimeField(_("started"))
    spent = models.DurationField(_("counted before this stretch"))
    running_since = models.DateTimeField(_("running since"), null=True)
    paused_since = models.DateTimeField(_("paused since"), null=True)
    paused = models.DurationField(_("paused for"))
    due_at = models.DateTimeField(_("due"), null=True)
    warn_at = models.DateTimeField(_("warn at"), null=True)
    warned_at = models.DateTimeField(_("warned"), null=True)
    breach_announced_at = models.DateTimeField(_("breach announced"), null=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.RUNNING
    )
    stopped_at = models.DateTimeField(_("stopped"), null=True)
    used = models.DurationField(_("counted time used"), null=True)
    over = models.DurationField(_("over the target by"), null=True)

    class Meta:
        ordering = ("started_at", "id")
        indexes = [
            models.Index(fields=["outcome", "due_at"], name="sla_target_due_idx"),
            models.Index(fields=["outcome", "warn_at"], name="sla_target_warn_idx"),
            models.Index(fields=["calendar", "outcome"], name="sla_target_calendar_idx"),
            models.Index(fields=["case", "outcome"], name="sla_target_case_idx"),
            # Reporting (decision 0041, /insights/sla/): targets stopped, or breaches, by date.
            # Partial: the running clocks a recompute rewrites have neither, so no entries.
            models.Index(
                fields=["stopped_at", "target"],
                name="sla_target_stopped_idx",
                condition=models.Q(stopped_at__isnull=False),
            ),
            models.Index(
                fields=["breach_announced_at"],
                name="sla_target_breach_idx",
                condition=models.Q(breach_announced_at__isnull=False),
            ),
        ]
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")

    def __str__(self) -> str:
        return f"{self.case_id} {self.target} {self.outcome}"


class Recompute(models.Model):
    """A calendar whose running clocks the worker must recompute (after CalendarChanged)."""

    calendar = models.OneToOneField(Calendar, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pending recompute")
        verbose_name_plural = _("pending recomputes")

    def __str__(self) -> str:
        return f"{self.calendar_id} {self.requested_at:%Y-%m-%d %H:%M}"


class CalendarSwitch(models.Model):
    """Running clocks may no longer count on the calendar their case's way in, team or policy
    gives (a policy pointed to another calendar or switched between business and calendar
    time, a team's calendar changed): the worker moves them over (one row, the newest
    request; like `Recompute` for a calendar's hours)."""

    requested_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pending calendar switch")
        verbose_name_plural = _("pending calendar switches")

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M}"


# --- escalation rules (decision 0041) ---------------------------------------------------------


class Trigger(models.TextChoices):
    WARNING = "warning", _("warning")
    BREACH = "breach", _("breach")


class EscalationRule(models.Model):
    """What happens to a case when one of its targets warns or breaches: move it to a team,
    raise its priority, and/or tell the team's supervisors. Rules are tried in order; every
    active rule that matches fires, once per case target."""

    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    policy = models.ForeignKey(
        Policy,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="escalations",
        verbose_name=_("policy"),
        help_text=_("Empty: cases under any policy."),
    )
    trigger = models.CharField(_("when"), max_length=8, choices=Trigger.choices)
    target = models.CharField(
        _("target"),
        max_length=16,
        choices=Target.choices,
        blank=True,
        help_text=_("Empty: any target."),
    )
    reassign_to = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("move to team"),
    )
    raise_priority_to = models.CharField(
        _("raise priority to"),
        max_length=10,
        blank=True,
        help_text=_("Never lowers a case's priority."),
    )
    notify = models.BooleanField(_("notify the team's supervisors"), default=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")

    def __str__(self) -> str:
        return self.name


class Escalation(models.Model):
    """A rule that fired on a case target: the record that makes each rule fire once."""

    rule = models.ForeignKey(
        EscalationRule, on_delete=models.CASCADE, related_name="fired", verbose_name=_("rule")
    )
    case_target = models.ForeignKey(
        CaseTarget, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("target")
    )
    fired_at = models.DateTimeField(_("fired"), auto_now_add=True)
    actions = models.JSONField(_("what was done"), default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("rule", "case_target"), name="sla_escalation_once")
        ]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.rule_id} {self.case_target_id}"


class Rematch(models.Model):
    """A policy whose conditions changed: the worker matches open cases again (one row, the
    newest request; like `Recompute` for calendars)."""

    requested_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pending re-match")
        verbose_name_plural = _("pending re-matches")

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M}"


# The report's daily rollups live in their own module (decision 0051); imported for Django.
from lytte.sla.rollup_models import StaleTargetDay as StaleTargetDay  # noqa: E402
from lytte.sla.rollup_models import TargetDay as TargetDay  # noqa: E402
