"""The customer's side of a chat: starting one (who the customer is, decided once), posting
messages and files, reading, and leaving a message when nobody can answer.

A chat is one contact on a case, received through the core's one entry (`receive_contact`,
decision 25) when it starts; its transcript becomes the contact's text when it ends. The
customer is verified only when the portal's session or the business's signed token says who
they are (decision 33); a name and address typed into the widget are kept as claims and never
attach the chat to an existing customer.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.cases.models import Case, Channel, Contact
from lytte.cases.rules import InboundContact, Sender, ThreadHint
from lytte.cases.services import NewCaseAt, ReceivedContact, receive_contact
from lytte.chat import selectors
from lytte.chat.events import ChatRead, ChatTyping, ChatWaiting
from lytte.chat.models import ChatWidget, Conversation, Message, State
from lytte.chat.models import Sender as MessageSender
from lytte.chat.services.common import ChatError, Posted, append, check_client_id, clean_body
from lytte.customers.addresses import InvalidAddress, normalise_email
from lytte.customers.models import Customer
from lytte.knowledge.services.files import safe_filename, sniff
from lytte.platform.commits import relaxed_commit
from lytte.platform.events import publish
from lytte.portal.identity import digest

THREAD_PREFIX = "chat:"


@dataclass(frozen=True)
class Identity:
    """Who started a chat: a `customer` only when verified; otherwise what they typed."""

    customer: Customer | None = None
    claimed_name: str = ""
    claimed_email: str = ""

    @property
    def verified(self) -> bool:
        return self.customer is not None


def claimed(name: object, email: object) -> Identity:
    """An unverified visitor's name and address, checked for shape only (never looked up)."""
    address = email.strip() if isinstance(email, str) else ""
    if address:
        try:
            address = normalise_email(address)
        except InvalidAddress:
            raise ChatError("invalid_email", _("Enter a valid email address.")) from None
    text = " ".join(name.split())[:200] if isinstance(name, str) else ""
    return Identity(None, text, address)


@dataclass(frozen=True)
class Started:
    conversation: Conversation
    token: str
    created: bool  # False for a retry of the same client id


def token_for(conversation: Conversation) -> str:
    """The customer's secret for a conversation (32 bytes, url-safe). It is derived, with
    SECRET_KEY, from the conversation's random id and the client's own id, so a retry of the
    start gets the same token back; only its digest is stored."""
    key = f"lytte.chat.token:{settings.SECRET_KEY}".encode()
    raw = hmac.new(key, f"{conversation.public_id}:{conversation.client_id}".encode(), "sha256")
    return base64.urlsafe_b64encode(raw.digest()).rstrip(b"=").decode()


def same_conversation(contact: InboundContact, sender: Sender) -> Case | None:
    """The chat's case rule: the case the same conversation is on (None: a new case)."""
    hint = contact.thread.session_id
    if not hint.startswith(THREAD_PREFIX):
        return None
    found = Conversation.objects.filter(public_id=hint[len(THREAD_PREFIX) :]).first()
    return found.case if found is not None else None


def start_conversation(
    widget: ChatWidget,
    *,
    client_id: object,
    message: object,
    identity: Callable[[], Identity],
    language: str = "",
    page_url: str = "",
) -> Started:
    """Start a chat with the customer's first message, as one contact on a new case in the
    widget's team, waiting for an agent. Idempotent on (widget, client_id): a retry returns the
    same conversation and token. Refused ("unavailable", 409) when `availability` says no.
    `identity` is asked only when a new chat starts (a signed token is single use)."""
    client_id = check_client_id(client_id)
    body = clean_body(message)
    if existing := _started(widget, client_id):
        return existing
    if not selectors.availability(widget).available:
        raise ChatError("unavailable", _("Nobody can answer a chat right now."), status=409)
    who = identity()
    try:
        with transaction.atomic():
            conversation = _create(widget, client_id, who, _language(language), page_url)
            append(
                conversation.pk,
                sender=MessageSender.CUSTOMER,
                body=body,
                client_id=client_id,
                locked=conversation,
            )
            _receive(conversation, body)
            publish(ChatWaiting(conversation.pk, conversation.team_id))
    except IntegrityError:
        if existing := _started(widget, client_id):  # a concurrent retry won the race
            return existing
        raise
    return Started(conversation, token_for(conversation), created=True)


def _started(widget: ChatWidget, client_id: str) -> Started | None:
    found = Conversation.objects.filter(widget=widget, client_id=client_id).first()
    return Started(found, token_for(found), created=False) if found else None


def _language(language: str) -> str:
    code = (language or "").lower()[:2]
    return code if code in dict(settings.LANGUAGES) else settings.PORTAL_LANGUAGE


def _create(
    widget: ChatWidget, client_id: str, who: Identity, language: str, page_url: str
) -> Conversation:
    conversation = Conversation(
        widget=widget,
        client_id=client_id,
        customer=who.customer,
        verified=who.verified,
        claimed_name=who.claimed_name,
        claimed_email=who.claimed_email,
        language=language,
        page_url=page_url if page_url.startswith(("https://", "http://")) else "",
        team=widget.team,
        waiting_since=timezone.now(),
    )
    conversation.page_url = conversation.page_url[:1000]
    conversation.token_digest = digest("chat", token_for(conversation))
    conversation.save()
    return conversation


def _receive(conversation: Conversation, body: str) -> ReceivedContact:
    """The chat's one contact, through the core's entry: the verified customer's, or nobody's
    (no address: a claimed one is never looked up)."""
    received = receive_contact(
        InboundContact(
            channel=Channel.CHAT,
            identity=conversation.customer,
            thread=ThreadHint(session_id=f"{THREAD_PREFIX}{conversation.public_id}"),
            body=body,
            subject=_subject(body),
            external_id=f"{THREAD_PREFIX}{conversation.public_id}",
            started_at=conversation.created_at,
        ),
        # A new case's clocks count on the widget's hours, if it has its own (decision 0051).
        new_case_at=NewCaseAt(
            team=conversation.team,
            calendar_id=conversation.widget.calendar_id,
            via=conversation.widget.name,
        ),
        identify_sender=False,
    )
    conversation.case = received.case
    conversation.contact = received.contact
    conversation.save(update_fields=["case", "contact"])
    return received


def _subject(body: str, length: int = 80) -> str:
    line = " ".join(body.splitlines()[0].split()) if body else ""
    if len(line) <= length:
        return line
    cut = line.rfind(" ", 0, length)
    return line[: cut if cut > 0 else length] + "…"


def post_customer_message(conversation: Conversation, *, client_id: object, body: object) -> Posted:
    """The customer's message, stored before it is acknowledged; a retry of the same client
    id returns the stored message and seq. Refused ("ended", 409) once the chat has ended."""
    client_id = check_client_id(client_id)
    return append(
        conversation.pk, sender=MessageSender.CUSTOMER, body=clean_body(body), client_id=client_id
    )


def attach_file(
    conversation: Conversation, *, client_id: object, filename: str, content: bytes
) -> Posted:
    """An image (PNG, JPEG, GIF, WebP) or a PDF from the customer, its type read from the
    bytes, at most CHAT_MAX_ATTACHMENT_BYTES; a retry of the client id is the same message."""
    client_id = check_client_id(client_id)
    if stored := conversation.messages.filter(client_id=client_id).first():
        return Posted(stored, created=False)
    if len(content) > settings.CHAT_MAX_ATTACHMENT_BYTES:
        raise too_large()
    kind = sniff(content) if content else None
    if kind is None:
        raise ChatError(
            "file_type", _("Send an image (PNG, JPEG, GIF, WebP) or a PDF."), status=415
        )
    return append(
        conversation.pk,
        sender=MessageSender.CUSTOMER,
        client_id=client_id,
        attachment=(safe_filename(filename, kind), kind, content),
    )


def too_large() -> ChatError:
    limit = settings.CHAT_MAX_ATTACHMENT_BYTES
    return ChatError(
        "too_large",
        _("The file is larger than %(mb)s MB.") % {"mb": f"{limit / 1024 / 1024:g}"},
        status=413,
    )


def customer_read(conversation: Conversation, upto: object) -> int:
    """The customer has read the agents' messages up to seq `upto`; returns the seq now read.
    Read and delivered marks wait for no disk (decision 46)."""
    if not isinstance(upto, int) or isinstance(upto, bool) or upto < 0:
        raise ChatError("invalid_seq", _("Say which message was read."))
    upto = min(upto, conversation.last_seq)
    now = timezone.now()
    with relaxed_commit():
        unread = conversation.messages.filter(seq__lte=upto, read_at__isnull=True).exclude(
            sender=MessageSender.CUSTOMER
        )
        unread.filter(delivered_at__isnull=True).update(delivered_at=now)
        unread.update(read_at=now)
        changed = Conversation.objects.filter(pk=conversation.pk, customer_read_seq__lt=upto)
        if changed.update(customer_read_seq=upto):
            publish(ChatRead(conversation.pk, "customer", upto))
    return upto


def delivered_to_customer(conversation_id: int, upto: int) -> None:
    """The customer's widget has received the agents' messages up to seq `upto`."""
    with relaxed_commit():
        Message.objects.filter(
            conversation_id=conversation_id, seq__lte=upto, delivered_at__isnull=True
        ).exclude(sender=MessageSender.CUSTOMER).update(delivered_at=timezone.now())


def customer_typing(conversation: Conversation) -> None:
    """The customer is typing (nothing is stored; the agent's desk hears it)."""
    if conversation.state != State.ENDED:
        publish(ChatTyping(conversation.pk, "customer"))


def leave_message(
    widget: ChatWidget,
    *,
    client_id: object,
    body: object,
    identity: Callable[[], Identity],
) -> ReceivedContact:
    """A message left when nobody could chat: an email-channel case through the core's entry,
    in the widget's team. An unverified address is kept on the contact to answer to, and never
    looked up (an agent links the customer after checking). Idempotent on the client id:
    `identity` is asked only the first time (a signed token is single use)."""
    client_id = check_client_id(client_id)
    text = clean_body(body)
    external_id = f"chat-left:{widget.pk}:{client_id}"
    if first := Contact.objects.filter(channel=Channel.EMAIL, external_id=external_id).first():
        return ReceivedContact(first, first.case, first.customer, False, False)
    who = identity()
    if not who.verified and not who.claimed_email:
        raise ChatError("email_required", _("Give an email address we can answer to."))
    if not who.verified:
        header = _("From (not verified): %(name)s <%(email)s>") % {
            "name": who.claimed_name or "-",
            "email": who.claimed_email,
        }
        text = f"{header}\n\n{text}"
    return receive_contact(
        InboundContact(
            channel=Channel.EMAIL,
            address=who.claimed_email,
            identity=who.customer,
            body=text,
            subject=_subject(clean_body(body)),
            external_id=external_id,
        ),
        new_case_at=NewCaseAt(team=widget.team, calendar_id=widget.calendar_id, via=widget.name),
        new_case=True,
        identify_sender=False,
    )
