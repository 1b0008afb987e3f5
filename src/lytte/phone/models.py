from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import Team
from lytte.cases.models import Contact
from lytte.customers.models import Customer, Organization


class CtiIntegration(models.Model):
    """A PBX or telephony provider that posts call events to /api/v1/cti/<token>."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    prefix = models.CharField(_("token starts with"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("default team"),
        help_text=_("Whose agents hear of calls that name no agent and no known queue."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("CTI integration")
        verbose_name_plural = _("CTI integrations")

    def __str__(self) -> str:
        return self.name


class PhoneQueue(models.Model):
    """A PBX queue name (the `queue` of an event) and the team that answers it."""

    integration = models.ForeignKey(
        CtiIntegration,
        on_delete=models.CASCADE,
        related_name="queues",
        verbose_name=_("integration"),
    )
    name = models.CharField(_("queue name"), max_length=100)
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    calendar = models.ForeignKey(
        "sla.Calendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("calendar"),
        help_text=_("The line's opening hours and holidays, shown to customers."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["integration", "name"], name="phonequeue_unique_name")
        ]
        verbose_name = _("phone queue")
        verbose_name_plural = _("phone queues")

    def __str__(self) -> str:
        return f"{self.name} → {self.team}"


class AgentPhone(models.Model):
    """How the PBX names an agent (extension, display name) and how they want screen pops."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="phone",
        verbose_name=_("user"),
    )
    extension = models.CharField(_("extension"), max_length=32, blank=True, db_index=True)
    pbx_name = models.CharField(
        _("name in the PBX"),
        max_length=150,
        blank=True,
        help_text=_("As the PBX sends it in `user`; empty means the user's full name."),
    )
    auto_open = models.BooleanField(
        _("open calls by themselves"),
        default=False,
        help_text=_("Open the case workspace as soon as a call rings, without a click."),
    )

    class Meta:
        verbose_name = _("agent phone settings")
        verbose_name_plural = _("agent phone settings")

    def __str__(self) -> str:
        return f"{self.user} ({self.extension})"


class BlockedNumber(models.Model):
    """Callers the PBX should turn away with busy (Zammad's blocking)."""

    value = models.CharField(_("number"), max_length=32, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["value"]
        verbose_name = _("blocked number")
        verbose_name_plural = _("blocked numbers")

    def __str__(self) -> str:
        return self.value


class CallState(models.TextChoices):
    RINGING = "ringing", _("Ringing")
    ANSWERED = "answered", _("Answered")
    ENDED = "ended", _("Ended")
    # No hangup came within LYTTE_PHONE_UNKNOWN_END_MINUTES: the PBX lost it, not still ringing.
    UNKNOWN = "unknown", _("Unknown end")


class Call(models.Model):
    """One call as the PBX reported it, built up from its events in whatever order they came."""

    integration = models.ForeignKey(
        CtiIntegration,
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("integration"),
    )
    call_id = models.CharField(_("call id"), max_length=250)
    direction = models.CharField(_("direction"), max_length=3, blank=True)  # "in" / "out"
    from_number = models.CharField(_("from"), max_length=64, blank=True)
    to_number = models.CharField(_("to"), max_length=64, blank=True)
    caller = models.CharField(
        _("customer's number"),
        max_length=32,
        blank=True,
        db_index=True,
        help_text=_("The other party's number in E.164; empty when withheld or unreadable."),
    )
    queue = models.CharField(_("queue"), max_length=100, blank=True)
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team"),
    )
    users = models.JSONField(_("agents named by the PBX"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=CallState.choices, default=CallState.RINGING
    )
    cause = models.CharField(_("hangup cause"), max_length=32, blank=True)
    missed = models.BooleanField(_("missed"), default=False)
    started_at = models.DateTimeField(_("started"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answered by"),
    )
    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
        verbose_name=_("customer"),
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
        verbose_name=_("organization"),
    )
    contact = models.OneToOneField(
        Contact,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call",
        verbose_name=_("contact"),
    )
    called_back_at = models.DateTimeField(_("called back"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["integration", "call_id"], name="call_unique_per_pbx")
        ]
        indexes = [
            models.Index(fields=["started_at"]),
            models.Index(fields=["missed", "called_back_at", "started_at"]),
            models.Index(fields=["answered_by", "started_at"]),
        ]
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def __str__(self) -> str:
        return f"{self.direction} {self.from_number} → {self.to_number} ({self.call_id})"

    @property
    def duration(self) -> timedelta | None:
        """Talk time: from answer to hangup (None for a call nobody answered)."""
        if self.answered_at is None or self.ended_at is None:
            return None
        return max(self.ended_at - self.answered_at, timedelta(0))


class CtiEvent(models.Model):
    """Every event exactly as received, stored before we reply: nothing a PBX sent is lost,
    and a retry of the same callId+event changes nothing."""

    integration = models.ForeignKey(
        CtiIntegration,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("integration"),
    )
    call_id = models.CharField(_("call id"), max_length=250)
    event = models.CharField(_("event"), max_length=16)
    payload = models.JSONField(_("payload"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    applied_at = models.DateTimeField(
        _("applied"),
        null=True,
        blank=True,
        help_text=_("Empty while the event could not be folded into its call (see the log)."),
    )

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "call_id", "event"], name="ctievent_once_per_call"
            )
        ]
        verbose_name = _("CTI event")
        verbose_name_plural = _("CTI events")

    def __str__(self) -> str:
        return f"{self.event} {self.call_id}"
