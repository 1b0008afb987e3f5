"""Shapes shared by several resources: short references to related objects, errors, times."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ModelWrapValidatorHandler,
    Strict,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from lytte.accounts.models import User
from lytte.api.errors import ErrorCode
from lytte.cases.models import ContactReason

# The largest id the schema allows: the largest integer SQLite and PostgreSQL store (bigint).
MAX_ID = 2**63 - 1
# An offset past this (2^31 - 1) is no page anyone reads, and SQLite overflows near 2^63.
MAX_OFFSET = 2**31 - 1

# The id of a stored object, in a path, a query or a body: 0, negatives and numbers past
# MAX_ID are refused with 422 before they reach the database (where they overflow).
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# In a body a number must be a JSON number: Pydantic alone takes "5" for 5 and false for 0.
BodyId = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]
# A name people read (customer, organization, team, reason): not blank, stored stripped.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"\S")]
# Where a body names a related object: its id, or for reasons also their code ("delivery").
ReasonKey = BodyId | Annotated[str, Field(min_length=1, max_length=64)]

# What the API reads as a time: an ISO 8601 date and time, with or without seconds and offset.
DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})?$"
)
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _written_as(pattern: str, message: Callable[[], str]) -> BeforeValidator:
    """Refuse what is not a string matching `pattern`: Pydantic alone would read 0 or "0.5"
    as a Unix time, which the schema (a date-time string) forbids."""

    def check(value: object) -> object:
        if not isinstance(value, str) or not re.match(pattern, value):
            raise PydanticCustomError("written_as", message())
        return value

    return BeforeValidator(check)


def _aware(value: datetime) -> datetime:
    """Times without an offset are read in the site's time zone (settings.TIME_ZONE), and all
    are handed on in UTC: PostgreSQL refuses offsets past 15:59 that ISO 8601 allows (-21:11).
    A time with no UTC or no local equivalent (early in year 1 east of Greenwich, late in year
    9999 west of the site's zone) is refused: reports count each moment on its local day."""
    aware = value if timezone.is_aware(value) else timezone.make_aware(value)
    try:
        timezone.localtime(aware)
        return aware.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError("out_of_range", _("This time is out of range.")) from None


def _within_calendar(day: date) -> date:
    """A day whose local start and end have a UTC time (not 0001-01-01 east of Greenwich)."""
    for moment in (time.min, time.max):
        _aware(datetime.combine(day, moment))
    return day


def _datetime_message() -> str:
    return _("Enter a date and time like 2025-03-01T09:30 (local time) or 2025-03-01T08:30:00Z.")


def _date_message() -> str:
    return _("Enter a date like 2025-03-01.")


# A datetime in a body or query; "2025-03-01T09:30" means 09:30 local time.
LocalDatetime = Annotated[
    datetime,
    _written_as(DATETIME_PATTERN, _datetime_message),
    AfterValidator(_aware),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": DATETIME_PATTERN}),
]
# A day in a query ("2025-03-01").
Day = Annotated[
    date,
    _written_as(DATE_PATTERN, _date_message),
    AfterValidator(_within_calendar),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]


# Text in a query: PostgreSQL stores no NUL character and SQLite's full-text search breaks on it.
NO_NUL = r"^[^\x00]*$"
SearchText = Annotated[str, Field(max_length=200, pattern=NO_NUL)]


def _nul_message() -> str:
    return _("Text cannot contain the NUL character (U+0000).")


def _holds_nul(body: object) -> bool:
    """Whether a parsed JSON body has a NUL character in any key or string, at any depth
    (walked without recursion: the body may nest as deep as the JSON parser allowed)."""
    pending = [body]
    while pending:
        value = pending.pop()
        if isinstance(value, str) and "\x00" in value:
            return True
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return False


class Input(Schema):
    """A request body. Ninja's Schema reads attributes from whatever it is given, so a JSON
    array sent as a PATCH would change nothing and answer 200: refuse anything but an object.
    The validator overrides Ninja's own by name, so it sees the parsed JSON before Ninja wraps
    it (a validator of another name runs inside that wrapper), then hands over to Ninja's."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        if not isinstance(values, dict):
            raise PydanticCustomError("object_expected", _("The body must be a JSON object."))
        if _holds_nul(values):
            raise PydanticCustomError("nul_character", _nul_message())
        return super()._run_root_validator(values, handler, info)  # type: ignore[operator]


class ErrorOut(Schema):
    code: ErrorCode
    detail: str = Field(description="What went wrong, in the language of the request.")


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description='Where: ["body", field], ["query", name], ...')
    msg: str = Field(description="What is wrong with it, in the language of the request.")
    type: str = Field(
        description="Why, for programs: Pydantic's error type for what the schema refuses "
        '("missing", "string_too_short"), else the code of the rule refused ("invalid").'
    )


class ValidationErrorOut(Schema):
    code: ErrorCode
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


def _not_null(schema: dict[str, Any]) -> None:
    schema.pop("default", None)
    variants = [v for v in schema.pop("anyOf", []) if v != {"type": "null"}]
    if len(variants) == 1:
        schema.update(variants[0])
    elif variants:
        schema["anyOf"] = variants


def left_out(**constraints: Any) -> Any:
    """A PATCH field (typed `T | None`) that may be left out but not sent as null: it reads
    None when left out, `sent()` refuses a null, and the schema offers neither null nor a
    default."""
    return Field(None, json_schema_extra=_not_null, **constraints)


def sent(payload: Schema, *, nullable: Iterable[str] = ()) -> dict[str, Any]:
    """The fields the client sent (in a PATCH, a field left out stays as it is), refusing
    null for fields that cannot be empty."""
    data = payload.model_dump(exclude_unset=True)
    refused = sorted(key for key, value in data.items() if value is None and key not in nullable)
    if refused:
        raise ValidationError({key: [_("This field cannot be null.")] for key in refused})
    return data
