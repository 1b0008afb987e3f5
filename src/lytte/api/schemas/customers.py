"""Customers, organizations and their contact points, as the API reads and writes them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, Field

from lytte.api.schemas.common import (
    BodyId,
    ContactPointOut,
    Id,
    Input,
    Name,
    OrganizationRef,
    SearchText,
    left_out,
)


def _known_language(value: str) -> str:
    if value and value not in dict(settings.LANGUAGES):
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        raise ValueError(_("Use one of %(codes)s, or leave it empty.") % {"codes": codes})
    return value


Language = Annotated[str, AfterValidator(_known_language)]


class CustomerOut(Schema):
    id: int
    name: str
    organization: OrganizationRef | None
    language: str
    contact_points: list[ContactPointOut]
    last_contact_at: datetime | None
    created_at: datetime
    updated_at: datetime


class CustomerIn(Input):
    name: Name = Field(max_length=200)
    phones: list[str] = Field(
        default_factory=list, description='Any written form: "+47 912 34 567", "0047 91234567".'
    )
    emails: list[str] = Field(default_factory=list)
    organization: BodyId | None = Field(None, description="Organization id.")
    language: Language = ""


class CustomerPatch(Input):
    """Only the fields sent are changed (null clears the organization); contact points have
    their own endpoints."""

    name: Name | None = left_out(max_length=200)
    organization: BodyId | None = None
    language: Language | None = left_out()


class CustomerFilters(Schema):
    q: SearchText = Field("", description="Part of a name, or a phone number or email in any form.")
    organization: Id | None = None


class ContactPointIn(Input):
    address: str = Field(max_length=254, description="A phone number or an email address.")


class OrganizationOut(Schema):
    id: int
    name: str
    org_number: str
    contact_points: list[ContactPointOut]
    created_at: datetime
    updated_at: datetime


class OrganizationIn(Input):
    name: Name = Field(max_length=200)
    org_number: str = Field("", max_length=32)
    phones: list[str] = Field(default_factory=list, description="Switchboard numbers.")
    domains: list[str] = Field(
        default_factory=list, description="Email domains: mail from them identifies it."
    )


class OrganizationPatch(Input):
    name: Name | None = left_out(max_length=200)
    org_number: str | None = left_out(max_length=32)


class OrganizationFilters(Schema):
    q: SearchText = Field("", description="Part of the name or the organization number.")


class IdentifiedCustomer(Schema):
    id: int
    name: str
    organization: OrganizationRef | None


class IdentificationOut(Schema):
    address: str = Field(description="As sent.")
    kind: str = Field(description="phone or email")
    value: str = Field(description="Normalised: E.164 or lower-case email.")
    customers: list[IdentifiedCustomer] = Field(description="Most recently in contact first.")
    organization: OrganizationRef | None
