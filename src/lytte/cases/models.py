from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import Team
from lytte.customers.models import Customer, Organization


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    CHAT = "chat", _("Chat")
    WEB = "web", _("Web form")
    FORUM = "forum", _("Community forum")
    NOTE = "note", _("Internal note")


class Direction(models.TextChoices):
    INBOUND = "in", _("Inbound")
    OUTBOUND = "out", _("Outbound")
    INTERNAL = "internal", _("Internal")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# Statuses a case may move to from each status. Closed is final: a new contact opens a new case.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.RESOLVED, Status.CLOSED}),
    Status.OPEN: frozenset({Status.PENDING, Status.RESOLVED, Status.CLOSED}),
    Status.PENDING: frozenset({Status.OPEN, Status.RESOLVED, Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class ContactReason(models.Model):
    """Why a customer contacted us: a node in the organization's taxonomy, named per language."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name (English)"), max_length=100)
    name_nb = models.CharField(_("name (Norwegian Bokmål)"), max_length=100, blank=True)
    name_da = models.CharField(_("name (Danish)"), max_length=100, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("contact reason")
        verbose_name_plural = _("contact reasons")

    def __str__(self) -> str:
        return self.localized_name()

    def localized_name(self, language: str | None = None) -> str:
        """The name in `language` (default: the active one), falling back to English."""
        code = (language or get_language() or "en").split("-")[0]
        return str(getattr(self, f"name_{code}", "") or self.name)


class Case(models.Model):
    """One customer matter, from the first contact until it is resolved."""

    number = models.PositiveIntegerField(_("number"), unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("customer"),
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("organization"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        verbose_name=_("assignee"),
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("team"),
    )
    reason = models.ForeignKey(
        ContactReason,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("contact reason"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("work_any_case", _("Can work on and reassign any team's cases"))]
        indexes = [
            models.Index(fields=["customer", "status"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["reason", "created_at"]),
            models.Index(fields=["created_at"]),
            # Insights count the cases resolved on each day (insights.rollups).
            models.Index(fields=["resolved_at"], name="case_resolved_idx"),
            # Covering indexes: the desk's queue counts and pages, the reasons a customer or an
            # organization gave, and subject search read these without touching the rows.
            models.Index(
                fields=["status", "team", "assignee", "priority", "created_at"],
                name="case_queue_idx",
            ),
            models.Index(
                fields=["customer", "reason", "created_at"], name="case_customer_reason_idx"
            ),
            models.Index(fields=["organization", "reason"], name="case_org_reason_idx"),
            models.Index(fields=["created_at", "subject"], name="case_subject_search_idx"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}".strip()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Contact(models.Model):
    """One interaction on one channel: a call, an email, a chat, a form, a post, or a note."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("case")
    )
    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        verbose_name=_("customer"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    external_id = models.CharField(  # noqa: DJ001 -- NULL, unlike "", is exempt from uniqueness
        _("external id"),
        max_length=255,
        null=True,
        blank=True,
        help_text=_("The channel's own id (call id, Message-ID); a repeat is not logged twice."),
    )
    address = models.CharField(
        _("address"),
        max_length=254,
        blank=True,
        help_text=_("The number or address as the channel gave it."),
    )
    body = models.TextField(_("text"), blank=True)
    reason = models.ForeignKey(
        ContactReason,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("contact reason"),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_contacts",
        verbose_name=_("handled by"),
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=Q(external_id__isnull=False),
                name="contact_external_id_unique_per_channel",
            )
        ]
        indexes = [
            models.Index(fields=["started_at"]),
            models.Index(fields=["reason", "started_at"]),
            models.Index(fields=["case", "started_at"]),
            models.Index(fields=["customer", "started_at"]),
        ]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        when = f"{self.started_at:%Y-%m-%d %H:%M}"
        return f"{self.get_channel_display()} {self.get_direction_display()} {when}"


class CaseNumberSequence(models.Model):
    """One row holding the last case number given out (portable across SQLite and PostgreSQL)."""

    last = models.PositiveIntegerField(default=1000)

    class Meta:
        verbose_name = _("case number sequence")
        verbose_name_plural = _("case number sequences")

    def __str__(self) -> str:
        return str(self.last)
