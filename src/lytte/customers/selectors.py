"""Reads about customers: above all, who is behind a phone number or an email address."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from lytte.customers.addresses import AddressKind, format_phone, parse_address
from lytte.customers.models import ContactPoint, Customer, Organization, fold
from lytte.platform.word_index import sqlite_matches


@dataclass(frozen=True)
class Identification:
    """Who an address belongs to. `customers` is empty for a stranger; `organization` is set when
    the address is the organization's own (switchboard, email domain) or all matches share one."""

    address: str
    kind: AddressKind
    value: str
    customers: list[Customer] = field(default_factory=list)
    organization: Organization | None = None

    @property
    def customer(self) -> Customer | None:
        """The one customer, when the address is not shared."""
        return self.customers[0] if len(self.customers) == 1 else None

    @property
    def display(self) -> str:
        """The normalised address as people read it."""
        return format_phone(self.value) if self.kind == AddressKind.PHONE else self.value

    @property
    def known(self) -> bool:
        return bool(self.customers) or self.organization is not None


def _parent_domains(domain: str) -> list[str]:
    labels = domain.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def identify(address: str) -> Identification:
    """Resolve a phone number (any written form) or email address in one indexed query.

    Raises InvalidAddress with a message fit for the user when `address` is neither.
    Matching customers come most recently contacted first. An email with no customer of its own
    falls back to the organization owning its domain (or a parent domain).
    """
    kind, value = parse_address(address)
    query = Q(kind=kind, value=value)
    if kind == AddressKind.EMAIL:
        query |= Q(kind=AddressKind.DOMAIN, value__in=_parent_domains(value.rpartition("@")[2]))
    points = list(
        ContactPoint.objects.filter(query)
        .select_related("customer__organization", "organization")
        .order_by(F("customer__last_contact_at").desc(nulls_last=True), "id")
    )
    customers = [p.customer for p in points if p.customer is not None and p.kind == kind]
    # The organization's own number or domain wins; the longest matching domain is the closest.
    owned = sorted((p for p in points if p.organization is not None), key=lambda p: -len(p.value))
    organization = owned[0].organization if owned else None
    if organization is None and customers:
        organizations = {c.organization_id for c in customers}
        if len(organizations) == 1 and customers[0].organization is not None:
            organization = customers[0].organization
    return Identification(
        address=address, kind=kind, value=value, customers=customers, organization=organization
    )


def search_customers(
    text: str = "", organization: Organization | None = None
) -> QuerySet[Customer]:
    """Customers whose name contains `text`, or who own the address `text` (any written form)."""
    customers = Customer.objects.select_related("organization")
    if organization is not None:
        customers = customers.filter(organization=organization)
    text = text.strip()
    if not text:
        return customers
    try:
        kind, value = parse_address(text)
    except ValueError:
        # Few matches: the word index names them (a name in no customer meant reading all
        # 100,000); many: the walk along the name index finds the first ten soon.
        matches = sqlite_matches("customers_customer_name_folded_fts", [fold(text)])
        if matches is not None:
            return customers.filter(pk__in=matches)
        return customers.filter(name_folded__contains=fold(text))
    return customers.filter(contact_points__kind=kind, contact_points__value=value)


def with_contact_points(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    return customers.prefetch_related("contact_points")


def search_organizations(text: str = "") -> QuerySet[Organization]:
    """Organizations whose name or organization number contains `text`, with their addresses."""
    organizations = Organization.objects.prefetch_related("contact_points")
    text = text.strip()
    if not text:
        return organizations
    matches = sqlite_matches("customers_organization_name_folded_fts", [fold(text)])
    by_name = Q(name_folded__contains=fold(text)) if matches is None else Q(pk__in=matches)
    # Organization numbers are digits: without one, the text is in none (and reading them all
    # is what the word index spares).
    if any(character.isdigit() for character in text):
        return organizations.filter(by_name | Q(org_number__contains=text))
    return organizations.filter(by_name)
