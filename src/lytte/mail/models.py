"""Email: the mailboxes customers write to, every message as it arrived, and what we send."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lytte.accounts.models import Team
from lytte.cases.models import Case, Contact


class Security(models.TextChoices):
    SSL = "ssl", _("SSL/TLS")
    STARTTLS = "starttls", _("STARTTLS")
    NONE = "none", _("None (loopback only)")


class Mailbox(models.Model):
    """An address customers write to. Mail comes in from an IMAP folder the worker fetches, or is
    pushed by a mail provider to /api/v1/mail/inbound/<token>; replies go out from `address`."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.EmailField(
        _("address"),
        help_text=_("Customers write to it; replies and acknowledgements come from it."),
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team"),
        help_text=_("Whose queue new cases from this mailbox go to."),
    )
    calendar = models.ForeignKey(
        "sla.Calendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("calendar"),
        help_text=_("The mailbox's opening hours and holidays, shown to customers."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Of acknowledgements and replies to customers whose language is not known."),
    )
    active = models.BooleanField(_("active"), default=True)
    send_acknowledgement = models.BooleanField(
        _("acknowledge new cases"),
        default=False,
        help_text=_("Answer the first message of a new case with its case number."),
    )
    imap_host = models.CharField(
        _("IMAP host"),
        max_length=255,
        blank=True,
        help_text=_("Empty: mail is pushed, not fetched."),
    )
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(
        _("IMAP security"), max_length=8, choices=Security.choices, default=Security.SSL
    )
    imap_user = models.CharField(_("IMAP user"), max_length=255, blank=True)
    imap_password = models.TextField(_("IMAP password (encrypted)"), blank=True, editable=False)
    imap_password_env = models.CharField(
        _("IMAP password from environment variable"),
        max_length=100,
        blank=True,
        help_text=_("If set, the password is read from this variable instead of the database."),
    )
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    processed_folder = models.CharField(
        _("move processed mail to"),
        max_length=255,
        blank=True,
        help_text=_("Empty: leave it in the folder, marked as read."),
    )
    token_prefix = models.CharField(
        _("token starts with"), max_length=12, blank=True, editable=False
    )
    token_digest = models.CharField(
        max_length=64, null=True, blank=True, unique=True, editable=False
    )
    # Where fetching stands, so a restart fetches nothing twice and misses nothing.
    uidvalidity = models.BigIntegerField(null=True, blank=True, editable=False)
    last_uid = models.BigIntegerField(default=0, editable=False)
    last_fetch_at = models.DateTimeField(_("last fetched"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    # Which worker fetches it now: several workers may run, one fetches each mailbox.
    lease_owner = models.CharField(max_length=64, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"

    @property
    def fetches(self) -> bool:
        return bool(self.imap_host)


class Outcome(models.TextChoices):
    PENDING = "pending", _("not yet filed")
    NEW_CASE = "new_case", _("opened a case")
    FOLLOW_UP = "follow_up", _("added to a case")
    BOUNCE = "bounce", _("delivery failure report")
    FAILED = "failed", _("could not be filed")


class InboundMessage(models.Model):
    """One message exactly as it arrived (raw MIME), stored before the server is told we have it.
    Everything else (case, contact, attachments) is derived from `raw` and can be derived again."""

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.PROTECT, related_name="messages", verbose_name=_("mailbox")
    )
    # The Message-ID, or a digest of the bytes when there is none: a retry is a no-op.
    key = models.CharField(max_length=255)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    uid = models.BigIntegerField(_("IMAP UID"), null=True, blank=True)
    raw = models.BinaryField(_("message"))
    size = models.PositiveIntegerField(_("size"))
    sender = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    processed_at = models.DateTimeField(_("filed"), null=True, blank=True)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # One contact can have several messages: the same mail sent to two of our mailboxes.
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_emails"
    )

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("incoming message")
        verbose_name_plural = _("incoming messages")
        constraints = [
            # key first: the index also finds a message in any mailbox (the same mail sent to
            # two of ours is one contact).
            models.UniqueConstraint(fields=["key", "mailbox"], name="inbound_unique_per_mailbox")
        ]
        indexes = [
            models.Index(fields=["sender", "received_at"], name="inbound_by_sender"),
            models.Index(
                fields=["received_at"],
                condition=Q(processed_at__isnull=True),
                name="inbound_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.subject}"


class Attachment(models.Model):
    """A file that came with a message. The bytes stay in the message's raw MIME (`index` finds
    them again); a part over the size limit was replaced by a note and is not `stored`."""

    message = models.ForeignKey(
        InboundMessage, on_delete=models.CASCADE, related_name="attachments"
    )
    index = models.PositiveIntegerField()
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=127)
    size = models.PositiveBigIntegerField(_("size"))
    content_id = models.CharField(max_length=255, blank=True)
    inline = models.BooleanField(default=False)
    stored = models.BooleanField(default=True)

    class Meta:
        ordering = ["message", "index"]
        constraints = [
            models.UniqueConstraint(fields=["message", "index"], name="attachment_unique_part")
        ]

    def __str__(self) -> str:
        return self.filename


class Delivery(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    BOUNCED = "bounced", _("bounced")


class OutboundMessage(models.Model):
    """A message we send: built once (so every retry sends the same bytes), then delivered by
    the worker with retries."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("reply")
        ACKNOWLEDGEMENT = "ack", _("acknowledgement")
        SURVEY = "survey", _("satisfaction survey")

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.PROTECT, related_name="sent", verbose_name=_("mailbox")
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    contact = models.OneToOneField(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound_email"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REPLY)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    recipients = models.JSONField(_("to"), default=list)
    subject = models.CharField(_("subject"), max_length=255)
    raw = models.BinaryField()
    status = models.CharField(
        _("delivery"), max_length=8, choices=Delivery.choices, default=Delivery.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        indexes = [
            models.Index(
                fields=["next_attempt_at"], condition=Q(status="queued"), name="outbound_queued"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients)}"
