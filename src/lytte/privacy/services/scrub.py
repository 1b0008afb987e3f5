"""Removing personal content from rows while keeping the rows: what erasure and retention share.

Rollups count cases, contacts and calls by reason, channel, team and time, so those rows stay
and only what a person wrote or is reached at goes (decision 20)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from email.message import EmailMessage
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from lytte.audit.models import AuditEvent
from lytte.cases.models import Case, Channel, Contact, Direction, Priority, Status
from lytte.customers.addresses import AddressKind
from lytte.mail.models import Attachment, InboundMessage, OutboundMessage
from lytte.phone.models import Call, CtiEvent

ERASED = "[erased]"
# Values in audit details that are the domain's own words, never a person's: kept.
KEPT_AUDIT_VALUES = frozenset(
    {*Channel.values, *Direction.values, *Status.values, *Priority.values, *AddressKind.values}
)
# What the PBX's events say that names no person: kept when the numbers go.
CTI_KEPT_FIELDS = frozenset({"event", "callId", "direction", "user", "queue", "cause"})


def stored_text(message: Any) -> str:
    """A placeholder stored in the database, in the installation's language: stored text is
    read by everyone, whatever language they use."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)


def digest(value: str) -> str:
    """A stand-in for an id from outside (a Message-ID may hold a name), still unique."""
    return "erased:" + hashlib.sha256(value.encode()).hexdigest()[:40]


def placeholder_mime(text: str) -> bytes:
    """A message saying what was removed, where the raw message was: the desk still opens it."""
    message = EmailMessage()
    message["Subject"] = text
    message.set_content(text, charset="utf-8")
    return message.as_bytes()


def scrub_messages(
    inbound: QuerySet[InboundMessage], outbound: QuerySet[OutboundMessage], *, headers: bool
) -> int:
    """Replace the raw MIME (bodies, attachments, headers) of these messages; with `headers`,
    also the sender, recipients and subjects we copied out of it."""
    removed = stored_text(_("This message was removed."))
    raw = placeholder_mime(removed)
    Attachment.objects.filter(message__in=inbound).delete()
    changes: dict[str, Any] = {"raw": raw, "error": ""}
    if headers:
        changes |= {"sender": "", "subject": removed}
    count = inbound.update(**changes)
    out_changes: dict[str, Any] = {"raw": raw, "last_error": ""}
    if headers:
        out_changes |= {"recipients": [], "subject": removed}
    return count + outbound.update(**out_changes)


def forget_message_ids(inbound: QuerySet[InboundMessage]) -> None:
    """Message-IDs and intake keys can hold an address: keep them unique, not readable."""
    for pk, key, message_id in inbound.exclude(key__startswith="erased:").values_list(
        "pk", "key", "message_id"
    ):
        InboundMessage.objects.filter(pk=pk).update(
            key=digest(key), message_id=digest(message_id) if message_id else ""
        )


def scrub_contacts(contacts: QuerySet[Contact], *, addresses: bool) -> int:
    """Empty what agents and customers wrote; with `addresses`, also the number or address the
    channel gave and the channel's own id."""
    if not addresses:
        return contacts.exclude(body="").update(body="")
    for pk, external_id in contacts.exclude(external_id__isnull=True).values_list(
        "pk", "external_id"
    ):
        if external_id and not external_id.startswith("erased:"):
            Contact.objects.filter(pk=pk).update(external_id=digest(external_id))
    return contacts.update(body="", address="")


def scrub_calls(calls: QuerySet[Call]) -> int:
    """Remove the numbers from calls and from the events they were built from; the times,
    durations, states and agents stay for the call log's figures."""
    keys = list(calls.values_list("integration_id", "call_id"))
    count = calls.update(from_number="", to_number="", caller="")
    for integration_id, call_id in keys:
        scrub_cti_events(CtiEvent.objects.filter(integration_id=integration_id, call_id=call_id))
    return count


def scrub_cti_events(events: Iterable[CtiEvent]) -> int:
    count = 0
    for event in events:
        payload = event.payload if isinstance(event.payload, dict) else {}
        kept = {key: value for key, value in payload.items() if key in CTI_KEPT_FIELDS}
        if kept != event.payload:
            CtiEvent.objects.filter(pk=event.pk).update(payload=kept)
            count += 1
    return count


def replace_subjects(cases: QuerySet[Case]) -> None:
    """The reason's name in the installation's language, or a placeholder: queues and reports
    still say what the case was about."""
    for case in cases.select_related("reason"):
        subject = (
            case.reason.localized_name(settings.LANGUAGE_CODE)
            if case.reason
            else stored_text(_("(subject removed)"))
        )
        if case.subject != subject:
            Case.objects.filter(pk=case.pk).update(subject=subject)


Targets = list[tuple[type[models.Model], list[int]]]


def scrub_audit(targets: Targets) -> None:
    """Audit details about these objects keep their ids and the domain's codes, no text: a name,
    an address or a subject may be among the values changed."""
    about = Q(pk__in=[])
    for model, ids in targets:
        kind = ContentType.objects.get_for_model(model)
        about |= Q(target_type=kind, target_id__in=[str(pk) for pk in ids])
    # An erasure's own record holds no personal value, only the reason an admin gave: kept.
    events = AuditEvent.objects.filter(about).exclude(action="customer.erased")
    for event in events.only("pk", "data"):
        scrubbed = _scrub_value(event.data)
        if scrubbed != event.data:
            AuditEvent.objects.filter(pk=event.pk).update(data=scrubbed)


def _scrub_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _scrub_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub_value(item) for item in value]
    if isinstance(value, str) and value and value not in KEPT_AUDIT_VALUES:
        return ERASED
    return value


def scrub_admin_log(targets: Targets) -> None:
    """The admin's history names what it changed (a customer's name, a case's subject)."""
    for model, ids in targets:
        if ids:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=[str(pk) for pk in ids],
            ).update(object_repr=ERASED, change_message="")
