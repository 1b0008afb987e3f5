"""Shapes shared by several resources: short references to related objects, errors, times."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, Field

from lytte.accounts.models import User
from lytte.cases.models import ContactReason


def _aware(value: datetime) -> datetime:
    """Times without an offset are read in the site's time zone (settings.TIME_ZONE)."""
    return value if timezone.is_aware(value) else timezone.make_aware(value)


# A datetime in a body or query; "2025-03-01T09:30" means 09:30 local time.
LocalDatetime = Annotated[datetime, AfterValidator(_aware)]
# Where a body names a related object: its id, or for reasons also their code ("delivery").
ReasonKey = int | Annotated[str, Field(min_length=1, max_length=64)]


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


class OrganizationRef(Schema):
    id: int
    name: str


class CustomerRef(Schema):
    id: int
    name: str


class TeamRef(Schema):
    id: int
    name: str


class UserRef(Schema):
    id: int
    username: str
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return obj.get_full_name() or obj.username


class ReasonRef(Schema):
    id: int
    code: str
    name: str = Field(description="In the language of the request (Accept-Language).")

    @staticmethod
    def resolve_name(obj: ContactReason) -> str:
        return obj.localized_name()


class ContactPointOut(Schema):
    id: int
    kind: str = Field(description="phone, email or (organizations only) domain")
    value: str = Field(description="Stored form: E.164 for phones, lower-case for email.")
    display: str = Field(description="As people read it, e.g. 912 34 567.")
    verified: bool


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


def sent(payload: Schema, *, nullable: Iterable[str] = ()) -> dict[str, Any]:
    """The fields the client sent (in a PATCH, a field left out stays as it is), refusing
    null for fields that cannot be empty."""
    data = payload.model_dump(exclude_unset=True)
    refused = sorted(key for key, value in data.items() if value is None and key not in nullable)
    if refused:
        raise ValidationError({key: [_("This field cannot be null.")] for key in refused})
    return data
