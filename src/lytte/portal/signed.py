"""Signed identity from the business's own site (decision 33): a short-lived JWT, HS256 with
LYTTE_PORTAL_IDENTITY_SECRET, naming the customer by `email` (the business vouches for it)
and/or `sub`.

Only HS256 is accepted (never `none`, never another algorithm); `exp`, `iat` and `jti` are
required, `exp` at most MAX_LIFETIME after `iat`, `iat` not in the future; each `jti` signs in
once. A verified address Lytte knows signs in its one customer; one it does not know becomes a
new customer (the business has verified it); one that several customers share signs nobody in.
A `sub` (the business's own id) that came with an address is linked to that customer, and then
signs them in alone, whatever address a later token names. Unsigned claims are never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.customers.addresses import AddressKind, InvalidAddress, normalise_email
from lytte.customers.models import ContactPoint, Customer
from lytte.customers.services import create_customer
from lytte.portal.codes import customer_for_address
from lytte.portal.identity import digest
from lytte.portal.models import ExternalIdentity, UsedToken

ALGORITHM = "HS256"
MAX_LIFETIME = timedelta(minutes=10)
LEEWAY = timedelta(seconds=30)  # clocks of two servers differ a little


class TokenRefused(Exception):
    """The token signs nobody in; `status` is the HTTP answer, `message` says why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class SignedIdentity:
    customer: Customer
    created: bool  # a new customer, made of the verified address


def verify(token: str) -> dict[str, object]:
    """The token's claims once its signature and times hold; raises TokenRefused otherwise."""
    secret = settings.PORTAL_IDENTITY_SECRET
    if not secret:
        raise TokenRefused(_("Signed sign-in is not set up here."), status=404)
    if not token or len(token) > 4096:
        raise TokenRefused(_("The sign-in token is missing."))
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        raise TokenRefused(_("The sign-in token is not a token.")) from None
    if header.get("alg") != ALGORITHM:
        raise TokenRefused(_("The sign-in token is not signed the way we expect."))
    try:
        claims: dict[str, object] = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "iat", "jti"]},
            leeway=LEEWAY,
        )
    except jwt.ExpiredSignatureError:
        raise TokenRefused(_("The sign-in token has expired."), status=401) from None
    except jwt.ImmatureSignatureError:
        raise TokenRefused(_("The sign-in token is from the future."), status=401) from None
    except jwt.InvalidSignatureError:
        raise TokenRefused(_("The sign-in token's signature is wrong."), status=401) from None
    except jwt.InvalidTokenError:
        raise TokenRefused(_("The sign-in token is incomplete or malformed.")) from None
    _check_times(claims)
    return claims


def _check_times(claims: dict[str, object]) -> None:
    issued, expires = claims["iat"], claims["exp"]
    if not isinstance(issued, int | float) or not isinstance(expires, int | float):
        raise TokenRefused(_("The sign-in token is incomplete or malformed."))
    now = timezone.now().timestamp()
    if issued > now + LEEWAY.total_seconds():
        raise TokenRefused(_("The sign-in token is from the future."), status=401)
    if expires - issued > MAX_LIFETIME.total_seconds():
        raise TokenRefused(_("The sign-in token lives too long."), status=401)


def identify(token: str) -> SignedIdentity:
    """The customer a signed token names (spending its `jti`); raises TokenRefused."""
    claims = verify(token)
    subject = str(claims.get("sub") or "").strip()[:255]
    address = _address(claims, subject)
    expires = datetime.fromtimestamp(float(claims["exp"]), tz=UTC)  # type: ignore[arg-type]
    with transaction.atomic():
        try:
            with transaction.atomic():
                UsedToken.objects.create(
                    jti_digest=digest("jti", str(claims["jti"])), expires_at=expires + LEEWAY
                )
        except IntegrityError:
            raise TokenRefused(_("The sign-in token has been used already."), status=401) from None
        UsedToken.objects.filter(expires_at__lte=timezone.now()).delete()
        if subject and (known := _known_subject(subject)) is not None:
            return SignedIdentity(known, created=False)
        if address is None:
            raise TokenRefused(_("The sign-in token names no customer we know."), status=401)
        found = _customer(address, claims)
        if subject:
            ExternalIdentity.objects.get_or_create(
                subject=subject, defaults={"customer": found.customer}
            )
        return found


def peek(token: str) -> str | None:
    """The name `token` would sign in, without spending it or making anyone (the chat widget
    shows "signed in as" before the chat starts); None for a token `identify` would refuse."""
    try:
        claims = verify(token)
        subject = str(claims.get("sub") or "").strip()[:255]
        if UsedToken.objects.filter(jti_digest=digest("jti", str(claims["jti"]))).exists():
            return None
        if subject and (known := _known_subject(subject)) is not None:
            return known.name
        address = _address(claims, subject)
        known = _known_customer(address) if address is not None else None
    except TokenRefused:
        return None
    if address is None:
        return None
    return known.name if known is not None else _new_name(claims, address)


def _address(claims: dict[str, object], subject: str) -> str | None:
    """The token's verified address; None when it names the customer by `sub` alone."""
    if not claims.get("email") and subject:
        return None
    try:
        return normalise_email(str(claims.get("email") or ""))
    except InvalidAddress:
        raise TokenRefused(_("The sign-in token names no email address.")) from None


def _known_subject(subject: str) -> Customer | None:
    """The customer the business's own id was linked to by an earlier token with an address."""
    linked = ExternalIdentity.objects.select_related("customer").filter(subject=subject).first()
    return linked.customer if linked else None


def _known_customer(address: str) -> Customer | None:
    """The one customer with this verified address; None for an address nobody has. Refused
    when several share it."""
    if customer := customer_for_address(address):
        return customer
    if ContactPoint.objects.filter(kind=AddressKind.EMAIL, value=address).exists():
        raise TokenRefused(_("Several customers share this address: call or write to us."), 409)
    return None


def _new_name(claims: dict[str, object], address: str) -> str:
    """A new customer's name: the token's `name`, else the address's local part."""
    return str(claims.get("name") or "").strip()[:200] or address.partition("@")[0]


def _customer(address: str, claims: dict[str, object]) -> SignedIdentity:
    if (known := _known_customer(address)) is not None:
        return SignedIdentity(known, created=False)
    name = _new_name(claims, address)
    language = str(claims.get("locale") or "")[:2]
    customer = create_customer(
        name=name,
        emails=[address],
        language=language if language in dict(settings.LANGUAGES) else "",
    )
    record(
        actor=None,
        action="portal.customer_created",
        target=customer,
        subject=str(claims.get("sub") or "")[:100],
    )
    return SignedIdentity(customer, created=True)
