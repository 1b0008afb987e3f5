"""Handing a built message to the SMTP server named by LYTTE_SMTP_URL."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.parser import BytesHeaderParser
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
# RFC 2606 reserves .invalid: no mail from there can reach anyone, or be answered. The demo's
# mailbox lives there, so its replies are logged and kept in the outbox, never sent (0017).
UNDELIVERABLE_SENDER_DOMAIN = ".invalid"


class TemporaryFailure(Exception):
    """Try again later: the server is away, busy, or said 4xx."""


class PermanentFailure(Exception):
    """Trying again will not help: the server said 5xx (a refused recipient, a refused login)."""


def send(*, raw: bytes, sender: str, recipients: list[str], timeout: float = 30) -> dict[str, str]:
    """Send; returns the recipients the server refused while accepting others."""
    if sender.rpartition("@")[2].lower().endswith(UNDELIVERABLE_SENDER_DOMAIN):
        return _keep_here(raw=raw, sender=sender, recipients=recipients)
    url = urlsplit(settings.SMTP_URL)
    if url.scheme not in ("smtp", "smtps", "smtp+plain") or not url.hostname:
        raise TemporaryFailure(_("No SMTP server is configured (set LYTTE_SMTP_URL)."))
    port = url.port or (465 if url.scheme == "smtps" else 587)
    try:
        client: smtplib.SMTP
        if url.scheme == "smtps":
            client = smtplib.SMTP_SSL(
                url.hostname, port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(url.hostname, port, timeout=timeout)
        with client:
            client.ehlo()
            if url.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            refused = client.sendmail(sender, recipients, raw)
            return {
                rcpt: f"{code} {text.decode(errors='replace')}"
                for rcpt, (code, text) in refused.items()
            }
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        failure = "; ".join(
            f"{rcpt}: {code} {text!r}" for rcpt, (code, text) in error.recipients.items()
        )
        if all(code >= 500 for code in codes):
            raise PermanentFailure(failure) from error
        raise TemporaryFailure(failure) from error
    except smtplib.SMTPResponseException as error:
        text = error.smtp_error
        if isinstance(text, bytes):
            text = text.decode(errors="replace")
        failure = f"{error.smtp_code} {text}"
        if error.smtp_code >= 500:
            raise PermanentFailure(failure) from error
        raise TemporaryFailure(failure) from error
    except (OSError, smtplib.SMTPException) as error:
        raise TemporaryFailure(repr(error)) from error


def _keep_here(*, raw: bytes, sender: str, recipients: list[str]) -> dict[str, str]:
    headers = BytesHeaderParser().parsebytes(raw)
    logger.info(
        "Mail from %s to %s kept here, not sent (a .invalid sender): %s",
        sender,
        ", ".join(recipients),
        headers.get("Subject", ""),
    )
    return {}
