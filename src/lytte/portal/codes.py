"""Signing in with a one-time code or link sent to an address Lytte knows (decision 33).

Every request writes one `SignInCode` row, for a known address or not, so the answer, the time
it takes and the rate limits tell nothing about which addresses Lytte knows. Only a known
address, of exactly one customer, gets a code and a link; the mail leaves in a thread of its
own, so the answer does not wait for the mail server either.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.customers.addresses import AddressKind, InvalidAddress, clean_email, normalise_email
from lytte.customers.models import ContactPoint, Customer
from lytte.portal.identity import digest, purge_expired
from lytte.portal.models import SignInCode

logger = logging.getLogger(__name__)

CODE_LIFETIME = timedelta(minutes=15)
ATTEMPTS_PER_CODE = 5
RATE_WINDOW = timedelta(hours=1)
CODES_PER_ADDRESS = 5  # within RATE_WINDOW
CODES_PER_CLIENT = 20  # within RATE_WINDOW: one office behind one address asks for several


class TooManyRequests(Exception):
    """Too many codes asked for this address or from this client lately."""


@dataclass(frozen=True)
class CodeRequest:
    pending: SignInCode  # the row the code form checks against (the browser keeps its id)
    sent: bool  # a code went out (never shown to the person asking)


def customer_for_address(address: str) -> Customer | None:
    """The one customer an email address is theirs: None for an unknown address or one that
    several customers share (a household's), which signs nobody in."""
    points = list(
        ContactPoint.objects.filter(
            kind=AddressKind.EMAIL, value=address, customer__isnull=False
        ).select_related("customer")[:2]
    )
    return points[0].customer if len(points) == 1 else None


def request_code(
    *, address: str, client: str, language: str, link_url: Callable[[str], str]
) -> CodeRequest:
    """Ask for a code to `address` from `client` (its IP). Raises InvalidAddress for something
    that is no email address, TooManyRequests past the limits. `link_url(token)` is the absolute
    URL of the one-time link."""
    normalised = normalise_email(address)
    address_digest = digest("address", normalised)
    client_digest = digest("client", client)
    now = timezone.now()
    purge_expired()
    recent = SignInCode.objects.filter(created_at__gt=now - RATE_WINDOW)
    if (
        recent.filter(address_digest=address_digest).count() >= CODES_PER_ADDRESS
        or recent.filter(client_digest=client_digest).count() >= CODES_PER_CLIENT
    ):
        raise TooManyRequests
    customer = customer_for_address(normalised)
    code = f"{secrets.randbelow(1_000_000):06d}"
    link = secrets.token_urlsafe(32)
    code_digest, link_digest = digest("code", f"{address_digest}:{code}"), digest("link", link)
    # No audit event here: it would be one write more for a known address than for another.
    pending = SignInCode.objects.create(
        customer=customer,
        address_digest=address_digest,
        client_digest=client_digest,
        code_digest=code_digest if customer else "",
        link_digest=link_digest if customer else "",
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    if customer is not None:
        to, name, url = clean_email(address), customer.name, link_url(link)
        # Written and sent in a thread: the answer takes no longer for a known address.
        _send_in_background(
            lambda: _message(
                to=to, name=name, language=customer.language or language, code=code, link=url
            )
        )
    return CodeRequest(pending=pending, sent=customer is not None)


def check_code(*, pending_id: int, code: str) -> Customer | None:
    """The customer a code signs in (spending it), or None: wrong, spent, expired, or tried
    too often. A wrong code counts one attempt."""
    now = timezone.now()
    with transaction.atomic():
        pending = (
            SignInCode.objects.select_for_update()
            .filter(pk=pending_id, used_at__isnull=True, expires_at__gt=now)
            .filter(attempts__lt=ATTEMPTS_PER_CODE)
            .first()
        )
        if pending is None:
            return None
        wanted = digest("code", f"{pending.address_digest}:{code.strip()}")
        if pending.customer is None or not secrets.compare_digest(pending.code_digest, wanted):
            SignInCode.objects.filter(pk=pending.pk).update(attempts=F("attempts") + 1)
            if pending.customer is not None:
                record(
                    actor=None,
                    action="portal.code_refused",
                    target=pending.customer,
                    code=pending.pk,
                )
            return None
        pending.used_at = now
        pending.save(update_fields=["used_at"])
        return pending.customer


def check_link(*, token: str) -> Customer | None:
    """The customer a one-time link signs in (spending it, and the code sent with it), or None."""
    if not token or len(token) > 100:
        return None
    now = timezone.now()
    with transaction.atomic():
        pending = (
            SignInCode.objects.select_for_update()
            .filter(link_digest=digest("link", token), used_at__isnull=True, expires_at__gt=now)
            .exclude(link_digest="")
            .first()
        )
        if pending is None or pending.customer is None:
            return None
        pending.used_at = now
        pending.save(update_fields=["used_at"])
        return pending.customer


def link_is_live(token: str) -> bool:
    """Whether a link still signs in (the page before its button says so, spending nothing)."""
    if not token or len(token) > 100:
        return False
    return SignInCode.objects.filter(
        link_digest=digest("link", token), used_at__isnull=True, expires_at__gt=timezone.now()
    ).exists()


def _message(*, to: str, name: str, language: str, code: str, link: str) -> EmailMessage:
    with translation.override(language):
        subject = _("Your sign-in code for %(name)s: %(code)s") % {
            "name": settings.PORTAL_NAME,
            "code": code,
        }
        body = render_to_string(
            "portal/account/code_email.txt",
            {
                "name": name,
                "code": code,
                "link": link,
                "minutes": int(CODE_LIFETIME.total_seconds() // 60),
                "portal_name": settings.PORTAL_NAME,
            },
        )
    sender = settings.PORTAL_EMAIL or settings.DEFAULT_FROM_EMAIL
    return EmailMessage(subject=subject, body=body, from_email=sender, to=[to])


_sending: list[threading.Thread] = []
_sending_lock = threading.Lock()


def _send_in_background(message: Callable[[], EmailMessage]) -> None:
    def send() -> None:
        try:
            message().send()
        except Exception:
            logger.exception("A portal sign-in code could not be sent")

    thread = threading.Thread(target=send, name="portal-code-mail", daemon=True)
    with _sending_lock:
        _sending[:] = [t for t in _sending if t.is_alive()]
        _sending.append(thread)
    thread.start()


def finish_sending(timeout: float = 10) -> None:
    """Wait for the codes on their way (tests, and a server stopping)."""
    with _sending_lock:
        threads = list(_sending)
    for thread in threads:
        thread.join(timeout)


__all__ = [
    "CodeRequest",
    "InvalidAddress",
    "TooManyRequests",
    "check_code",
    "check_link",
    "customer_for_address",
    "finish_sending",
    "link_is_live",
    "request_code",
]
