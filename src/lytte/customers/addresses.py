"""Phone numbers and email addresses as people write them, turned into one stored form.

Phone numbers become E.164 ("+4791234567") with `phonenumbers`, reading national forms in
settings.DEFAULT_REGION; email addresses are lower-cased, with IDN domains in Unicode (mail is
sent to the local part as written: `clean_email`).
"""

from __future__ import annotations

from email.utils import parseaddr

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class AddressKind(models.TextChoices):
    PHONE = "phone", gettext_lazy("Phone")
    EMAIL = "email", gettext_lazy("Email")
    DOMAIN = "domain", gettext_lazy("Email domain")


class InvalidAddress(ValueError):
    """The text is not a phone number or email address we can reach someone at."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# What PBXs send for callers who withhold their number.
_WITHHELD = {"anonymous", "unknown", "private", "restricted", "withheld", "unavailable"}


def normalise_phone(raw: str, region: str | None = None) -> str:
    text = (raw or "").strip()
    if not text:
        raise InvalidAddress(_("Enter a phone number."))
    if text.lower() in _WITHHELD:
        raise InvalidAddress(_("The caller's number is withheld."))
    try:
        number = phonenumbers.parse(text, region or settings.DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise InvalidAddress(_("“%(value)s” is not a phone number.") % {"value": text}) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidAddress(_("“%(value)s” is not a valid phone number.") % {"value": text})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str) -> str:
    """The stored form, which matching compares: lower-cased throughout. Mail goes out to
    `clean_email`'s form instead."""
    local, _at, domain = clean_email(raw).rpartition("@")
    return f"{local.lower()}@{domain}"


def clean_email(raw: str) -> str:
    """A checked address with its local part as written: only the receiving server may read
    it case-insensitively (RFC 5321 2.4). The domain is lower-cased, IDN in Unicode."""
    text = (raw or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[len("mailto:") :]
    _name, address = parseaddr(text)
    address = address.strip()
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidAddress(
            _("“%(value)s” is not a valid email address.") % {"value": text}
        ) from None
    local, _at, domain = address.rpartition("@")
    return f"{local}@{normalise_domain(domain)}"


def normalise_domain(raw: str) -> str:
    domain = raw.strip().strip(".").lower()
    if any(label.startswith("xn--") for label in domain.split(".")):
        try:
            domain = domain.encode("ascii").decode("idna")
        except UnicodeError:
            raise InvalidAddress(_("“%(value)s” is not a valid domain.") % {"value": raw}) from None
    if "." not in domain or any(not label for label in domain.split(".")):
        raise InvalidAddress(_("“%(value)s” is not a valid domain.") % {"value": raw})
    return domain


def parse_address(raw: str) -> tuple[AddressKind, str]:
    """Decide whether `raw` is an email address or a phone number, and normalise it."""
    if "@" in (raw or ""):
        return AddressKind.EMAIL, normalise_email(raw)
    return AddressKind.PHONE, normalise_phone(raw)


def format_phone(e164: str) -> str:
    """A stored number as people read it: national form at home, international abroad."""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return e164
    home = phonenumbers.region_code_for_number(number) == settings.DEFAULT_REGION
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
