"""Every change to cases and contacts: open, log, attach, categorise, assign, resolve.

Each function validates, writes, leaves an AuditEvent and announces a domain event after
commit. User-facing problems raise ValidationError (field -> messages) or PermissionDenied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lytte.accounts.models import Team, User
from lytte.audit.services import record
from lytte.cases.events import CaseChanged, CaseOpened, ContactLogged
from lytte.cases.models import (
    TRANSITIONS,
    Case,
    CaseNumberSequence,
    Channel,
    Contact,
    ContactReason,
    Direction,
    Priority,
    Status,
)
from lytte.cases.policies import ensure_can_work_on
from lytte.customers.models import Customer, Organization
from lytte.customers.services import add_contact_point, note_contact
from lytte.platform.events import publish


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()
# Channels where an agent talking to the customer is itself the first response.
LIVE_CHANNELS = frozenset({Channel.PHONE, Channel.CHAT})


@dataclass(frozen=True)
class LoggedContact:
    contact: Contact
    created: bool  # False when the channel's external id had been logged before


def reserve_case_numbers(count: int = 1) -> range:
    """Take `count` consecutive case numbers. One UPDATE ... RETURNING (SQLite 3.35+ and
    PostgreSQL): atomic by itself, and its row lock serialises concurrent writers."""
    quote = connection.ops.quote_name
    table, last = quote(CaseNumberSequence._meta.db_table), quote("last")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + %s WHERE id = 1 RETURNING {last}",  # noqa: S608 -- names from the model, count is a parameter
            [count],
        )
        row = cursor.fetchone()
    if row is None:
        # The row is seeded by a migration; a flushed database starts after its highest case.
        with transaction.atomic():
            highest = Case.objects.aggregate(highest=Max("number"))["highest"] or 1000
            CaseNumberSequence.objects.create(pk=1, last=highest + count)
        return range(highest + 1, highest + count + 1)
    return range(row[0] - count + 1, row[0] + 1)


def _check_reason(reason: ContactReason | None) -> None:
    if reason is not None and not reason.active:
        raise ValidationError({"reason": [_("“%(name)s” is no longer in use.") % {"name": reason}]})


def _announce_change(
    case: Case,
    fields: list[str],
    moved_from: tuple[int | None, int | None] | None = None,
    previous_resolved_at: datetime | None = None,
) -> None:
    publish(
        CaseChanged(
            case_id=case.pk,
            fields=tuple(fields),
            team_id=case.team_id,
            assignee_id=case.assignee_id,
            moved_from=moved_from,
            previous_resolved_at=previous_resolved_at if "resolved_at" in fields else None,
        )
    )


@transaction.atomic
def open_case(
    *,
    channel: str,
    opened_by: User | None,
    customer: Customer | None = None,
    organization: Organization | None = None,
    subject: str = "",
    team: Team | None = None,
    assignee: User | None = None,
    reason: ContactReason | None = None,
    priority: str = Priority.NORMAL,
) -> Case:
    """Open a new case. The organization defaults to the customer's."""
    _check_reason(reason)
    _ensure_may_assign(opened_by, team=team, assignee=assignee)
    case = Case.objects.create(
        number=reserve_case_numbers(1)[0],
        subject=" ".join(subject.split())[:200],
        channel=channel,
        priority=priority,
        customer=customer,
        organization=organization or (customer.organization if customer else None),
        team=team,
        assignee=assignee,
        reason=reason,
        created_by=opened_by,
    )
    record(actor=opened_by, action="case.opened", target=case, number=case.number, channel=channel)
    publish(CaseOpened(case_id=case.pk, team_id=case.team_id, assignee_id=case.assignee_id))
    return case


def _existing_contact(channel: str, external_id: str | None) -> Contact | None:
    if not external_id:
        return None
    return Contact.objects.filter(channel=channel, external_id=external_id).first()


@transaction.atomic
def log_contact(
    *,
    case: Case,
    channel: str,
    direction: str,
    logged_by: User | None,
    body: str = "",
    address: str = "",
    external_id: str | None = None,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    reason: ContactReason | None = None,
    handled_by: User | None = None,
) -> LoggedContact:
    """Log one interaction on `case`. A repeat of a channel's external id returns the contact
    logged the first time and changes nothing (channels retry; nothing is logged twice)."""
    external_id = (external_id or "").strip() or None
    if existing := _existing_contact(channel, external_id):
        return LoggedContact(existing, created=False)
    ensure_can_work_on(logged_by, case)
    _check_reason(reason)
    if (channel == Channel.NOTE) != (direction == Direction.INTERNAL):
        raise ValidationError({"direction": [_("Internal notes are the only internal contacts.")]})
    if case.status == Status.CLOSED:
        raise ValidationError(
            {"case": [_("Case #%(number)s is closed; open a new case.") % {"number": case.number}]}
        )
    started_at = started_at or timezone.now()
    if ended_at is not None and ended_at < started_at:
        raise ValidationError({"ended_at": [_("A contact cannot end before it starts.")]})
    contact = Contact(
        case=case,
        customer=case.customer,
        channel=channel,
        direction=direction,
        external_id=external_id,
        address=address.strip()[:254],
        body=body,
        reason=reason,
        started_at=started_at,
        ended_at=ended_at,
        handled_by=handled_by,
    )
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:
        # A concurrent retry of the same external id committed first: that one is the contact.
        if existing := _existing_contact(channel, external_id):
            return LoggedContact(existing, created=False)
        raise
    resolved_before = case.resolved_at
    changed = _follow_contact(case, contact)
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    if case.customer is not None and direction != Direction.INTERNAL:
        note_contact(customer=case.customer, at=started_at)
    record(
        actor=logged_by,
        action="contact.logged",
        target=case,
        contact=contact,
        channel=channel,
        direction=direction,
    )
    publish(
        ContactLogged(
            contact_id=contact.pk,
            case_id=case.pk,
            channel=channel,
            direction=direction,
            team_id=case.team_id,
            assignee_id=case.assignee_id,
        )
    )
    if changed:
        _announce_change(case, changed, previous_resolved_at=resolved_before)
    return LoggedContact(contact, created=True)


def _follow_contact(case: Case, contact: Contact) -> list[str]:
    """Move the case along after a contact; returns the fields it changed."""
    changed: list[str] = []
    if contact.reason is not None and case.reason_id is None:
        case.reason = contact.reason
        changed.append("reason")
    answered = contact.direction == Direction.OUTBOUND or (
        contact.direction == Direction.INBOUND
        and contact.channel in LIVE_CHANNELS
        and contact.handled_by_id is not None
    )
    if answered and case.first_response_at is None:
        case.first_response_at = contact.started_at
        changed.append("first_response_at")
    if contact.direction == Direction.INBOUND and case.status in (Status.PENDING, Status.RESOLVED):
        case.status = Status.OPEN  # the customer came back: the case needs someone again
        case.resolved_at = None
        changed += ["status", "resolved_at"]
    elif contact.direction != Direction.INBOUND and case.status == Status.NEW:
        case.status = Status.OPEN
        changed.append("status")
    return changed


@transaction.atomic
def attach_contact(*, contact: Contact, case: Case, attached_by: User | None) -> Contact:
    """Move a contact to another (open) case, e.g. a call that belongs to a case already open."""
    previous = contact.case
    if previous.pk == case.pk:
        return contact
    ensure_can_work_on(attached_by, previous)
    ensure_can_work_on(attached_by, case)
    if not case.is_open:
        raise ValidationError(
            {"case": [_("Case #%(number)s is not open.") % {"number": case.number}]}
        )
    if case.customer_id and contact.customer_id and case.customer_id != contact.customer_id:
        raise ValidationError({"case": [_("That case belongs to another customer.")]})
    contact.case = case
    contact.save(update_fields=["case"])
    record(actor=attached_by, action="contact.moved_out", target=previous, contact=contact, to=case)
    record(
        actor=attached_by, action="contact.moved_in", target=case, contact=contact, source=previous
    )
    _announce_change(previous, ["contacts"])
    _announce_change(case, ["contacts"])
    return contact


@transaction.atomic
def set_reason(*, case: Case, reason: ContactReason, changed_by: User | None) -> Case:
    """Categorise a case; its contacts that have no reason of their own take it too."""
    ensure_can_work_on(changed_by, case)
    _check_reason(reason)
    before = case.reason_id
    case.reason = reason
    case.save(update_fields=["reason", "updated_at"])
    Contact.objects.filter(case=case, reason__isnull=True).exclude(
        direction=Direction.INTERNAL
    ).update(reason=reason)
    record(actor=changed_by, action="case.reason_set", target=case, before=before, after=reason)
    _announce_change(case, ["reason"])
    return case


@transaction.atomic
def set_status(*, case: Case, status: str, changed_by: User | None) -> Case:
    """Move a case through its workflow (see models.TRANSITIONS)."""
    ensure_can_work_on(changed_by, case)
    if status == case.status:
        return case
    if status not in TRANSITIONS.get(case.status, frozenset()):
        raise ValidationError(
            {
                "status": [
                    _("A %(current)s case cannot become %(new)s.")
                    % {"current": case.get_status_display(), "new": Status(status).label}
                    if status in Status.values
                    else _("Unknown status “%(status)s”.") % {"status": status}
                ]
            }
        )
    if status in (Status.RESOLVED, Status.CLOSED) and case.reason_id is None:
        raise ValidationError(
            {"reason": [_("Choose a contact reason before the case is resolved.")]}
        )
    now = timezone.now()
    before, resolved_before = case.status, case.resolved_at
    case.status = status
    fields = ["status"]
    if status == Status.RESOLVED or (status == Status.CLOSED and case.resolved_at is None):
        case.resolved_at = now
        fields.append("resolved_at")
    if status == Status.CLOSED:
        case.closed_at = now
        fields.append("closed_at")
    if status == Status.OPEN and case.resolved_at is not None:
        case.resolved_at = None
        fields.append("resolved_at")
    case.save(update_fields=[*fields, "updated_at"])
    record(actor=changed_by, action="case.status_changed", target=case, before=before, after=status)
    _announce_change(case, fields, previous_resolved_at=resolved_before)
    return case


@transaction.atomic
def resolve(*, case: Case, resolved_by: User | None, reason: ContactReason | None = None) -> Case:
    if reason is not None and reason.pk != case.reason_id:
        set_reason(case=case, reason=reason, changed_by=resolved_by)
    return set_status(case=case, status=Status.RESOLVED, changed_by=resolved_by)


def _ensure_may_assign(
    actor: User | None, *, team: Team | None = None, assignee: User | None = None
) -> None:
    """Agents place cases within their own teams; supervisors (and the system) anywhere."""
    if assignee is not None and (
        not assignee.is_active or not assignee.has_perm("cases.change_case")
    ):
        raise ValidationError(
            {"assignee": [_("%(name)s cannot work on cases.") % {"name": assignee}]}
        )
    if actor is None or actor.has_perm("cases.work_any_case"):
        return
    mine = set(actor.teams.values_list("pk", flat=True))
    if team is not None and team.pk not in mine:
        raise PermissionDenied(_("Only a supervisor can move a case to another team."))
    if (
        assignee is not None
        and assignee != actor
        and not mine & set(assignee.teams.values_list("pk", flat=True))
    ):
        raise PermissionDenied(_("Only a supervisor can assign a case outside your teams."))


@transaction.atomic
def assign(
    *,
    case: Case,
    assigned_by: User | None,
    assignee: User | _Unset | None = UNSET,
    team: Team | _Unset | None = UNSET,
) -> Case:
    """Give a case to a person and/or a team (None clears). Moving a case to a team you are not
    in, or to someone else outside your teams, takes a supervisor."""
    ensure_can_work_on(assigned_by, case)
    before = (case.team_id, case.assignee_id)
    fields: list[str] = []
    if not isinstance(team, _Unset) and team != case.team:
        _ensure_may_assign(assigned_by, team=team)
        case.team = team
        fields.append("team")
    if not isinstance(assignee, _Unset) and assignee != case.assignee:
        _ensure_may_assign(assigned_by, assignee=assignee)
        case.assignee = assignee
        fields.append("assignee")
    if not fields:
        return case
    case.save(update_fields=[*fields, "updated_at"])
    record(
        actor=assigned_by,
        action="case.assigned",
        target=case,
        team=case.team,
        assignee=case.assignee,
    )
    _announce_change(case, fields, moved_from=before)
    return case


@transaction.atomic
def update_case(
    *,
    case: Case,
    changed_by: User | None,
    subject: str | _Unset = UNSET,
    priority: str | _Unset = UNSET,
    customer: Customer | _Unset | None = UNSET,
) -> Case:
    """Change a case's subject, priority or customer (a caller identified after the fact)."""
    ensure_can_work_on(changed_by, case)
    changes: dict[str, Any] = {}
    if not isinstance(subject, _Unset):
        changes["subject"] = " ".join(subject.split())[:200]
    if not isinstance(priority, _Unset):
        if priority not in Priority.values:
            raise ValidationError(
                {"priority": [_("Unknown priority “%(value)s”.") % {"value": priority}]}
            )
        changes["priority"] = priority
    if not isinstance(customer, _Unset):
        changes["customer"] = customer
        changes["organization"] = customer.organization if customer else case.organization
    changes = {k: v for k, v in changes.items() if getattr(case, k) != v}
    if not changes:
        return case
    for key, value in changes.items():
        setattr(case, key, value)
    case.save(update_fields=[*changes, "updated_at"])
    if "customer" in changes:
        case.contacts.filter(customer__isnull=True).update(customer=case.customer)
    record(actor=changed_by, action="case.changed", target=case, **changes)
    _announce_change(case, list(changes))
    return case


@transaction.atomic
def record_work(
    *,
    case: Case,
    agent: User,
    note: str = "",
    reason: ContactReason | None = None,
    no_reason_yet: bool = False,
    status: str | None = None,
    assignee: User | _Unset | None = UNSET,
    team: Team | _Unset | None = UNSET,
) -> Case:
    """What an agent saves in one go from the case workspace: a note, the reason, who has the
    case, and its status; all of it or, when one part is refused, none of it. A note on a case
    without a reason needs one, unless the agent says there is `no_reason_yet`. A case without a
    subject takes the note's first line, or the reason's name. `status` is what the agent chose;
    it is applied only when it differs from the case's status before the note (a first note
    itself moves a new case to open)."""
    ensure_can_work_on(agent, case)
    note = note.strip()
    if note and reason is None and case.reason_id is None and not no_reason_yet:
        raise ValidationError({"reason": [_("Choose a contact reason, or tick “No reason yet”.")]})
    status_before = case.status
    if note:
        log_contact(
            case=case,
            channel=Channel.NOTE,
            direction=Direction.INTERNAL,
            body=note,
            logged_by=agent,
            handled_by=agent,
        )
    if reason is not None and reason.pk != case.reason_id:
        set_reason(case=case, reason=reason, changed_by=agent)
    elif note and case.reason_id is None:
        record(actor=agent, action="case.reason_deferred", target=case)
    if not case.subject and (note or case.reason_id):
        update_case(case=case, changed_by=agent, subject=_subject_from(note, case.reason))
    if not (isinstance(assignee, _Unset) and isinstance(team, _Unset)):
        assign(case=case, assigned_by=agent, assignee=assignee, team=team)
    if status is not None and status != status_before:
        set_status(case=case, status=status, changed_by=agent)
    return case


def _subject_from(note: str, reason: ContactReason | None, length: int = 80) -> str:
    """A subject for a case that has none: the note's first line (cut at a word), or the
    reason's name in the agent's language."""
    line = " ".join(note.splitlines()[0].split()) if note else ""
    if len(line) > length:
        cut = line.rfind(" ", 0, length)
        line = line[: cut if cut > 0 else length] + "…"
    return line or (str(reason) if reason else "")


@transaction.atomic
def finish_contact(
    *, contact: Contact, ended_at: datetime | None = None, handled_by: User | None = None
) -> Contact:
    """Complete what a channel learns after a contact was logged: when it ended (a hangup), who
    handled it (an answer). Fields already known are kept."""
    fields: list[str] = []
    if ended_at is not None and contact.ended_at is None:
        contact.ended_at = max(ended_at, contact.started_at)
        fields.append("ended_at")
    if handled_by is not None and contact.handled_by_id is None:
        contact.handled_by = handled_by
        fields.append("handled_by")
    if not fields:
        return contact
    contact.save(update_fields=fields)
    case = contact.case
    resolved_before = case.resolved_at
    changed = _follow_contact(case, contact) if "handled_by" in fields else []
    if changed:
        case.save(update_fields=[*changed, "updated_at"])
    record(actor=None, action="contact.finished", target=case, contact=contact, fields=fields)
    _announce_change(case, ["contacts", *changed], previous_resolved_at=resolved_before)
    return contact


@transaction.atomic
def set_caller(*, case: Case, customer: Customer, address: str, changed_by: User | None) -> Case:
    """An unknown caller turns out to be `customer`: the case becomes theirs, and so does the
    number or address they contacted us from, so the next contact is recognised at once."""
    update_case(case=case, customer=customer, changed_by=changed_by)
    if address.strip():
        add_contact_point(customer=customer, address=address, added_by=changed_by)
    return case
