"""A chat's transcript: the text its contact keeps when the chat ends, and the copy a verified
customer may have emailed to the address Lytte knows for them (never to one typed into the
widget: that would send a conversation to whoever claimed an address)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lytte.chat.models import Conversation, Message, Sender
from lytte.chat.payloads import author_name
from lytte.chat.services.common import ChatError
from lytte.customers.addresses import AddressKind
from lytte.customers.models import ContactPoint


def _speaker(message: Message) -> str:
    if message.sender == Sender.AGENT:
        return author_name(message.author) or _("Agent")
    if message.sender == Sender.SYSTEM:
        return "Lytte"
    return _("Customer")


def transcript_text(conversation: Conversation) -> str:
    """The chat as plain text, one message per line: time, who, what (a file by its name)."""
    lines = []
    with translation.override(conversation.language or settings.PORTAL_LANGUAGE):
        for message in conversation.messages.select_related("author").defer("attachment_content"):
            at = timezone.localtime(message.sent_at).strftime("%H:%M")
            text = message.body
            if message.attachment_name:
                text = f"{text} [{message.attachment_name}]".strip()
            lines.append(f"[{at}] {_speaker(message)}: {text}")
    return "\n".join(lines)


def known_address(conversation: Conversation) -> str | None:
    """The verified customer's email address as Lytte knows it (the oldest), if any."""
    if not conversation.verified or conversation.customer_id is None:
        return None
    point = (
        ContactPoint.objects.filter(customer_id=conversation.customer_id, kind=AddressKind.EMAIL)
        .order_by("pk")
        .first()
    )
    return point.value if point else None


def request_transcript(conversation: Conversation) -> None:
    """Email the transcript to the verified customer, by the worker (after commit). Refused
    for an unverified chat ("not_verified", 403) and a customer without an address."""
    if not conversation.verified:
        raise ChatError(
            "not_verified",
            _("We can email the transcript only when you are signed in."),
            status=403,
        )
    if known_address(conversation) is None:
        raise ChatError("no_address", _("We have no email address for you."), status=409)
    from lytte.chat.tasks import send_transcript

    transaction.on_commit(lambda: send_transcript.enqueue(conversation.pk))


def transcript_email(conversation: Conversation) -> EmailMessage | None:
    """The transcript as a message to the customer's known address, in the chat's language,
    from LYTTE_PORTAL_EMAIL (as the portal's sign-in codes are)."""
    address = known_address(conversation)
    if address is None:
        return None
    with translation.override(conversation.language or settings.PORTAL_LANGUAGE):
        subject = _("Your chat with %(name)s") % {"name": settings.PORTAL_NAME}
        body = render_to_string(
            "chat/transcript_email.txt",
            {
                "name": conversation.customer.name if conversation.customer else "",
                "portal_name": settings.PORTAL_NAME,
                "started": timezone.localtime(conversation.created_at),
                "transcript": transcript_text(conversation),
            },
        )
    sender = settings.PORTAL_EMAIL or settings.DEFAULT_FROM_EMAIL
    return EmailMessage(subject=subject, body=body, from_email=sender, to=[address])
