"""Who the customer on a portal page is: the one customer identity of every customer-facing
surface (the help centre, the chat widget, the community, survey pages). Decision 33.

A portal sign-in is a `PortalSession` row named by the browser's session under a key of its own
(`lytte_portal`): a member of staff signed in to the desk is no customer, and a customer signed
in here is no member of staff. Signing in rotates the session key (no fixation); signing out,
erasure, or the row running out ends it. How a customer proves who they are: a one-time code
or link (`lytte.portal.codes`) or a token signed by the business's site (`lytte.portal.signed`).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from lytte.audit.services import record
from lytte.customers.models import Customer
from lytte.portal.models import ExternalIdentity, PortalSession, SignInCode, SignInMethod

SESSION_KEY = "lytte_portal"
SESSION_LIFETIME = timedelta(hours=12)


def digest(purpose: str, value: str) -> str:
    """A keyed digest of a secret or an address: what the portal stores instead of it. Keyed
    with SECRET_KEY, so a copy of the database alone does not reverse a 6-digit code."""
    key = f"lytte.portal.{purpose}:{settings.SECRET_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def current_customer(request: HttpRequest) -> Customer | None:
    """The customer signed in to the portal on this request, or None."""
    if hasattr(request, "_portal_customer"):
        cached: Customer | None = request._portal_customer
        return cached
    customer = _session_customer(request)
    request._portal_customer = customer  # type: ignore[attr-defined]
    return customer


def _session_customer(request: HttpRequest) -> Customer | None:
    session = getattr(request, "session", None)
    held = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(held, dict):
        return None
    session_id, customer_id = held.get("id"), held.get("customer")
    if not isinstance(session_id, int) or not isinstance(customer_id, int):
        return None
    found = (
        PortalSession.objects.select_related("customer")
        .filter(pk=session_id, customer_id=customer_id, expires_at__gt=timezone.now())
        .first()
    )
    return found.customer if found else None


def sign_in(request: HttpRequest, customer: Customer, *, method: SignInMethod) -> PortalSession:
    """Sign `customer` in on this browser: a new session key, then the portal's row."""
    now = timezone.now()
    with transaction.atomic():
        _end(request)
        portal_session = PortalSession.objects.create(
            customer=customer, method=method, created_at=now, expires_at=now + SESSION_LIFETIME
        )
        record(
            actor=None,
            action="portal.signed_in",
            target=customer,
            method=str(method),
            session=portal_session.pk,
        )
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"id": portal_session.pk, "customer": customer.pk}
    request._portal_customer = customer  # type: ignore[attr-defined]
    return portal_session


def sign_out(request: HttpRequest) -> None:
    """End the portal sign-in on this browser (a staff sign-in in the same browser stays)."""
    customer = current_customer(request)
    _end(request)
    if customer is not None:
        record(actor=None, action="portal.signed_out", target=customer)
    request.session.cycle_key()
    request._portal_customer = None  # type: ignore[attr-defined]


def _end(request: HttpRequest) -> None:
    held = request.session.pop(SESSION_KEY, None)
    if isinstance(held, dict) and isinstance(session_id := held.get("id"), int):
        PortalSession.objects.filter(pk=session_id).delete()


def forget_customer(customer: Customer) -> None:
    """Erasure: the customer's portal sessions end; their codes and external id go."""
    PortalSession.objects.filter(customer=customer).delete()
    ExternalIdentity.objects.filter(customer=customer).delete()
    SignInCode.objects.filter(customer=customer).delete()


def purge_expired() -> int:
    """Delete sessions and codes past their time (codes are kept a day for the rate limits)."""
    now = timezone.now()
    sessions, _ = PortalSession.objects.filter(expires_at__lte=now).delete()
    codes, _ = SignInCode.objects.filter(created_at__lte=now - timedelta(days=1)).delete()
    return sessions + codes
