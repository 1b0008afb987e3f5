"""Every change to organizations, customers and their contact points."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.audit.services import record
from lytte.customers.addresses import (
    AddressKind,
    InvalidAddress,
    normalise_domain,
    normalise_email,
    normalise_phone,
)
from lytte.customers.models import ContactPoint, Customer, Organization
from lytte.platform.names import required_name


def _normalise_fields(**fields: tuple[Iterable[str], Callable[[str], str]]) -> dict[str, list[str]]:
    """Normalise each field's addresses; one ValidationError names every bad one in every field."""
    normalised: dict[str, list[str]] = {}
    errors: dict[str, list[str]] = {}
    for field, (values, normalise) in fields.items():
        normalised[field] = []
        for raw in values:
            try:
                value = normalise(raw)
            except InvalidAddress as error:
                errors.setdefault(field, []).append(error.message)
                continue
            if value not in normalised[field]:
                normalised[field].append(value)
    if errors:
        raise ValidationError(errors)
    return normalised


@transaction.atomic
def create_customer(
    *,
    name: str,
    phones: Iterable[str] = (),
    emails: Iterable[str] = (),
    organization: Organization | None = None,
    language: str = "",
    created_by: Any = None,
) -> Customer:
    """Create a customer with their numbers and addresses (any written form; stored normalised).

    Raises ValidationError with a message per field when a name or address is unusable.
    """
    cleaned = required_name(name)
    values = _normalise_fields(phones=(phones, normalise_phone), emails=(emails, normalise_email))
    phone_values, email_values = values["phones"], values["emails"]
    customer = Customer.objects.create(name=cleaned, organization=organization, language=language)
    ContactPoint.objects.bulk_create(
        [ContactPoint(kind=AddressKind.PHONE, value=v, customer=customer) for v in phone_values]
        + [ContactPoint(kind=AddressKind.EMAIL, value=v, customer=customer) for v in email_values]
    )
    record(
        actor=created_by,
        action="customer.created",
        target=customer,
        name=customer.name,
        organization=organization,
    )
    return customer


def create_customer_at(
    *,
    name: str,
    address: str,
    organization: Organization | None = None,
    created_by: Any = None,
) -> Customer:
    """A new customer with the one number or email address they contacted us from (if any)."""
    address = address.strip()
    return create_customer(
        name=name,
        phones=[address] if address and "@" not in address else [],
        emails=[address] if "@" in address else [],
        organization=organization,
        created_by=created_by,
    )


@transaction.atomic
def update_customer(*, customer: Customer, changed_by: Any = None, **changes: Any) -> Customer:
    """Change a customer's name, organization or language; only the fields given."""
    allowed = {"name", "organization", "language"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"update_customer() cannot change {sorted(unknown)}")
    if "name" in changes:
        changes["name"] = required_name(changes["name"])
    before = {key: getattr(customer, key) for key in changes}
    for key, value in changes.items():
        setattr(customer, key, value)
    customer.save(update_fields=[*changes, "updated_at"])
    record(
        actor=changed_by,
        action="customer.changed",
        target=customer,
        before={k: v.pk if isinstance(v, Organization) else v for k, v in before.items()},
        after={k: v.pk if isinstance(v, Organization) else v for k, v in changes.items()},
    )
    return customer


@transaction.atomic
def add_contact_point(
    *,
    address: str,
    customer: Customer | None = None,
    organization: Organization | None = None,
    kind: AddressKind | None = None,
    added_by: Any = None,
) -> ContactPoint:
    """Attach a phone number or email (or, to an organization, an email domain).

    Adding an address the owner already has returns the existing one.
    """
    if (customer is None) == (organization is None):
        raise TypeError("add_contact_point() needs exactly one of customer or organization")
    try:
        if kind == AddressKind.DOMAIN:
            if organization is None:
                raise InvalidAddress(_("Only an organization can own an email domain."))
            value = normalise_domain(address)
        else:
            kind = AddressKind.EMAIL if "@" in address else AddressKind.PHONE
            value = (
                normalise_email(address) if kind == AddressKind.EMAIL else normalise_phone(address)
            )
    except InvalidAddress as error:
        raise ValidationError({"address": [error.message]}) from None
    point, created = ContactPoint.objects.get_or_create(
        kind=kind, value=value, customer=customer, organization=organization
    )
    if created:
        record(
            actor=added_by,
            action="contact_point.added",
            target=customer or organization,  # type: ignore[arg-type]
            kind=kind,
            value=value,
        )
    return point


@transaction.atomic
def remove_contact_point(*, point: ContactPoint, removed_by: Any = None) -> None:
    owner: Customer | Organization | None = point.customer or point.organization
    if owner is None:
        raise ValueError("a contact point always has an owner")
    record(
        actor=removed_by,
        action="contact_point.removed",
        target=owner,
        kind=point.kind,
        value=point.value,
    )
    point.delete()


@transaction.atomic
def create_organization(
    *,
    name: str,
    org_number: str = "",
    phones: Iterable[str] = (),
    domains: Iterable[str] = (),
    created_by: Any = None,
) -> Organization:
    """Create an organization with its switchboard numbers and the email domains it owns."""
    cleaned = required_name(name)
    values = _normalise_fields(
        phones=(phones, normalise_phone), domains=(domains, normalise_domain)
    )
    phone_values, domain_values = values["phones"], values["domains"]
    organization = Organization.objects.create(name=cleaned, org_number=org_number.strip())
    ContactPoint.objects.bulk_create(
        [
            ContactPoint(kind=AddressKind.PHONE, value=v, organization=organization)
            for v in phone_values
        ]
        + [
            ContactPoint(kind=AddressKind.DOMAIN, value=v, organization=organization)
            for v in domain_values
        ]
    )
    record(actor=created_by, action="organization.created", target=organization, name=cleaned)
    return organization


@transaction.atomic
def update_organization(
    *,
    organization: Organization,
    changed_by: Any = None,
    name: str | None = None,
    org_number: str | None = None,
) -> Organization:
    changes: dict[str, str] = {}
    if name is not None:
        changes["name"] = required_name(name)
    if org_number is not None:
        changes["org_number"] = org_number.strip()
    for key, value in changes.items():
        setattr(organization, key, value)
    organization.save(update_fields=[*changes, "updated_at"])
    record(actor=changed_by, action="organization.changed", target=organization, **changes)
    return organization


def note_contact(*, customer: Customer, at: Any = None) -> None:
    """Remember when a customer was last in contact (orders identify()'s shared-number matches)."""
    when = at or timezone.now()
    Customer.objects.filter(pk=customer.pk).exclude(last_contact_at__gt=when).update(
        last_contact_at=when
    )


def mark_address_failing(*, address: str, failure: str) -> int:
    """Mail to `address` bounced: flag every contact point holding it, so agents see it before
    writing again. Returns how many were flagged."""
    value = normalise_email(address)
    failure = " ".join(failure.split())[:200]
    points = list(ContactPoint.objects.filter(kind=AddressKind.EMAIL, value=value))
    for point in points:
        point.failing_since, point.failure = timezone.now(), failure
        point.save(update_fields=["failing_since", "failure"])
        record(
            actor=None,
            action="contact_point.failing",
            target=point.customer or point.organization or point,
            address=value,
            failure=failure,
        )
    return len(points)


def clear_address_failure(*, address: str) -> None:
    """Mail arrived from `address`, so it works again."""
    ContactPoint.objects.filter(
        kind=AddressKind.EMAIL, value=normalise_email(address), failing_since__isnull=False
    ).update(failing_since=None, failure="")
