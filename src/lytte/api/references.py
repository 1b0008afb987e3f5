"""Turning ids in a request body into objects. An unknown id in a body is the client's mistake
about that field (422 naming it); an unknown id in the path is a missing resource (404)."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.cases.models import ContactReason

M = TypeVar("M", bound=models.Model)


def _unknown(field: str, value: object) -> ValidationError:
    return ValidationError({field: [_("Nothing found with id “%(id)s”.") % {"id": value}]})


def referenced(model: type[M], pk: int, field: str) -> M:
    return referenced_among(model._default_manager.all(), pk, field)


def referenced_among(objects: QuerySet[M], pk: int, field: str) -> M:
    """One of `objects` (e.g. the cases the caller may see): any other id reads as unknown."""
    found = objects.filter(pk=pk).first()
    if found is None:
        raise _unknown(field, pk)
    return found


def optional(model: type[M], pk: int | None, field: str) -> M | None:
    return None if pk is None else referenced(model, pk, field)


def staff_member(pk: int | None, field: str) -> User | None:
    return None if pk is None else referenced(User, pk, field)


def staff_members(pks: list[int], field: str) -> list[User]:
    found = {user.pk: user for user in User.objects.filter(pk__in=pks)}
    missing = [pk for pk in pks if pk not in found]
    if missing:
        raise _unknown(field, ", ".join(map(str, missing)))
    return [found[pk] for pk in dict.fromkeys(pks)]


def optional_reason(key: int | str | None, field: str = "reason") -> ContactReason | None:
    return None if key is None else reason(key, field)


def reason(key: int | str, field: str = "reason") -> ContactReason:
    """A reason by id (a number) or by code ("delivery")."""
    if isinstance(key, int):
        return referenced(ContactReason, key, field)
    found = ContactReason.objects.filter(code=key.strip().lower()).first()
    if found is None:
        message = _("There is no reason with code “%(code)s”.") % {"code": key}
        raise ValidationError({field: [message]})
    return found
