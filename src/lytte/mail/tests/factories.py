"""Messages as customers' mail programs write them, for the mail tests."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone


def customer_mail(
    *,
    sender: str = "Kari Nordmann <kari@fjordkraft.example>",
    to: str = "kundeservice@lytte.test",
    subject: str = "Feil beløp på fakturaen",
    body: str = "Hei!\n\nFakturaen for oktober har feil beløp. Kan dere se på det?\n\nHilsen Kari",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    charset: str = "utf-8",
    headers: dict[str, str] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id or make_msgid(domain="mail.example")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = references
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body, charset=charset)
    return message.as_bytes()
