"""Live chat: the widgets a business puts on its sites, the conversations customers start in
them, their messages (each with a sequence number and the client's own id), and which agents
take chats (issue 15, decision 35)."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_widget_key() -> str:
    return secrets.token_urlsafe(16)[:22]


class Position(models.TextChoices):
    RIGHT = "right", _("Right")
    LEFT = "left", _("Left")


class ChatWidget(models.Model):
    """One chat button on the business's sites. Its key is public (it is in the page); what it
    guards is which origins may use it and where its chats queue."""

    key = models.CharField(
        _("key"), max_length=22, unique=True, default=new_widget_key, editable=False
    )
    name = models.CharField(_("name"), max_length=100)
    allowed_origins = models.TextField(
        _("allowed origins"),
        blank=True,
        help_text=_(
            "One origin per line, e.g. https://www.example.no. Empty: only this site itself."
        ),
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team"),
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f5f8b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour such as #1f5f8b."))],
    )
    position = models.CharField(
        _("position"), max_length=5, choices=Position.choices, default=Position.RIGHT
    )
    greetings = models.JSONField(
        _("greetings"),
        default=dict,
        blank=True,
        help_text=_('By language, e.g. {"nb": "Hei! Hva kan vi hjelpe deg med?"}'),
    )
    max_queue = models.PositiveIntegerField(
        _("longest queue"),
        default=10,
        help_text=_("With more chats than this waiting, the widget offers to leave a message."),
    )
    opening_hours = models.TextField(
        _("opening hours"),
        blank=True,
        help_text=_(
            "One line per rule, e.g. “mon-fri 08:00-16:00” and “sat 10:00-14:00”. "
            "Empty: always open."
        ),
    )
    calendar = models.ForeignKey(
        "sla.Calendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("calendar"),
        help_text=_("Its opening hours and holidays; when set, it replaces the text hours above."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("chat widget")
        verbose_name_plural = _("chat widgets")

    def __str__(self) -> str:
        return self.name

    def origins(self) -> set[str]:
        return {
            line.strip().rstrip("/") for line in self.allowed_origins.splitlines() if line.strip()
        }


class State(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class Conversation(models.Model):
    """One chat: one contact on a case (channel chat). Messages are rows and `last_seq` is a
    column, so any server process can carry on any conversation."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    widget = models.ForeignKey(ChatWidget, on_delete=models.PROTECT, related_name="conversations")
    client_id = models.CharField(max_length=64)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.WAITING, db_index=True
    )
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chats",
        verbose_name=_("customer"),
    )
    verified = models.BooleanField(_("verified"), default=False)
    claimed_name = models.CharField(_("name given"), max_length=200, blank=True)
    claimed_email = models.CharField(_("email given"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    page_url = models.CharField(_("page"), max_length=1000, blank=True)
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chats",
        verbose_name=_("agent"),
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="chats"
    )
    contact = models.OneToOneField(
        "cases.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="chat"
    )
    last_seq = models.PositiveIntegerField(default=0)
    customer_read_seq = models.PositiveIntegerField(default=0)  # agent's messages they read
    agent_read_seq = models.PositiveIntegerField(default=0)  # customer's messages agents read
    transfer_note = models.TextField(_("transfer note"), blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    # Erasure or retention emptied its messages, files and claims (the rows stay, counted).
    forgotten_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("chat")
        verbose_name_plural = _("chats")
        constraints = [
            models.UniqueConstraint(fields=["widget", "client_id"], name="chat_one_per_client_id")
        ]
        indexes = [models.Index(fields=["state", "team"], name="chat_state_team")]

    def __str__(self) -> str:
        return str(self.public_id)


class Sender(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    SYSTEM = "system", _("System")


class Message(models.Model):
    """One message of a chat, numbered by `seq` within it; a client's retry of the same
    `client_id` is the same message."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    seq = models.PositiveIntegerField()
    client_id = models.CharField(max_length=64, blank=True)  # "": none (the desk's may lack one)
    sender = models.CharField(max_length=8, choices=Sender.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_type = models.CharField(max_length=127, blank=True)
    attachment_size = models.PositiveIntegerField(null=True, blank=True)
    # The bytes live in the database, so every server process serves them without a shared disk.
    attachment_content = models.BinaryField(null=True, blank=True)
    sent_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["conversation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="chat_message_seq"),
            models.UniqueConstraint(
                fields=["conversation", "client_id"],
                condition=~models.Q(client_id=""),
                name="chat_message_client_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_id}#{self.seq}"


class ChatAgent(models.Model):
    """Whether a member of staff takes chats now: available, at most `capacity` at once, seen
    by their desk's heartbeat (`last_seen`; stale after AGENT_STALE, then not counted)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_agent"
    )
    available = models.BooleanField(_("available for chat"), default=False)
    capacity = models.PositiveSmallIntegerField(_("chats at once"), default=3)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("chat agent")
        verbose_name_plural = _("chat agents")

    def __str__(self) -> str:
        return str(self.user)
