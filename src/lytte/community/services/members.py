"""A customer's community profile and the display name they choose. The name is public, so it
may not be an address or a phone number, and no two members share one (case ignored)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lytte.community.models import Member
from lytte.customers.models import Customer

NAME = re.compile(r"^[\w][\w .'-]{1,38}[\w.]$")
DIGITS = re.compile(r"\d")
RESERVED = {"staff", "admin", "moderator", "former member", "member"}


def member_of(customer: Customer | None) -> Member | None:
    """The customer's member profile, if they have made one."""
    if customer is None:
        return None
    return Member.objects.filter(customer=customer).first()


def clean_display_name(name: str) -> str:
    name = " ".join(name.split())
    if not NAME.match(name):
        raise ValidationError(
            _("Use 3 to 40 letters, digits, spaces, dots, hyphens or apostrophes."),
            code="invalid",
        )
    if "@" in name or len(DIGITS.findall(name)) > 4:
        raise ValidationError(
            _("A display name may not be an email address or a phone number."), code="private"
        )
    if name.casefold() in RESERVED:
        raise ValidationError(_("That name is reserved. Choose another."), code="reserved")
    return name


def choose_display_name(customer: Customer, name: str) -> Member:
    """Create the customer's member profile, or change its display name."""
    name = clean_display_name(name)
    taken = Member.objects.filter(display_name__iexact=name).exclude(customer=customer)
    if taken.exists():
        raise ValidationError(_("Another member already uses that name."), code="taken")
    try:
        with transaction.atomic():
            member, _created = Member.objects.get_or_create(customer=customer)
            if member.erased_at is not None:
                raise ValidationError(_("This profile was erased."), code="erased")
            member.display_name = name
            member.save(update_fields=["display_name"])
    except IntegrityError as error:  # a race for the same name
        raise ValidationError(_("Another member already uses that name."), code="taken") from error
    return member
