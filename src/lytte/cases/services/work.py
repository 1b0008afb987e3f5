"""What an agent saves in one go from the case workspace, and any change of a case's details,
assignment, reason and status in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lytte.accounts.models import Team, User
from lytte.audit.services import record
from lytte.cases.models import Case, Channel, ContactReason, Direction
from lytte.cases.policies import ensure_can_work_on
from lytte.cases.services.common import UNSET, _Unset
from lytte.cases.services.contacts import log_contact
from lytte.cases.services.workflow import assign, set_reason, set_status, update_case
from lytte.customers.models import Customer


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
    if note and reason is None and case.reason_id is None:
        record(actor=agent, action="case.reason_deferred", target=case)
    new_reason = reason or case.reason
    subject_from_note = not case.subject and (note or new_reason)
    return change_case(
        case=case,
        changed_by=agent,
        subject=_subject_from(note, new_reason) if subject_from_note else UNSET,
        team=team,
        assignee=assignee,
        reason=reason if reason is not None and reason.pk != case.reason_id else UNSET,
        status=status if status is not None and status != status_before else UNSET,
    )


@transaction.atomic
def change_case(
    *,
    case: Case,
    changed_by: User | None,
    subject: str | _Unset = UNSET,
    priority: str | _Unset = UNSET,
    customer: Customer | _Unset | None = UNSET,
    team: Team | _Unset | None = UNSET,
    assignee: User | _Unset | None = UNSET,
    reason: ContactReason | _Unset = UNSET,
    status: str | _Unset = UNSET,
) -> Case:
    """Change what was given, all of it or, when one part is refused, none of it; in this
    order: details, then team and assignee, then the reason, then the status (so a reason and
    "resolved" sent together work). The workspace's save and the API's PATCH both end here."""
    ensure_can_work_on(changed_by, case)
    if not all(isinstance(value, _Unset) for value in (subject, priority, customer)):
        update_case(
            case=case, changed_by=changed_by, subject=subject, priority=priority, customer=customer
        )
    if not (isinstance(assignee, _Unset) and isinstance(team, _Unset)):
        assign(case=case, assigned_by=changed_by, assignee=assignee, team=team)
    if not isinstance(reason, _Unset):
        set_reason(case=case, reason=reason, changed_by=changed_by)
    if not isinstance(status, _Unset):
        set_status(case=case, status=status, changed_by=changed_by)
    return case


def _subject_from(note: str, reason: ContactReason | None, length: int = 80) -> str:
    """A subject for a case that has none: the note's first line (cut at a word), or the
    reason's name in the agent's language."""
    line = " ".join(note.splitlines()[0].split()) if note else ""
    if len(line) > length:
        cut = line.rfind(" ", 0, length)
        line = line[: cut if cut > 0 else length] + "…"
    return line or (str(reason) if reason else "")
