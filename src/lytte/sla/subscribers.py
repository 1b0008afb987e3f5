"""The SLA follows the case core's events (decision 0041). Its clocks are bookkeeping in the
same database, so they are written `within_transaction`: they commit or roll back with the
case write they follow. A calendar change only queues a recompute for the worker."""

from __future__ import annotations

from django.utils import timezone

from lytte.cases.events import CaseChanged, CaseOpened, ContactLogged
from lytte.cases.models import Case, Direction
from lytte.cases.services.common import LIVE_CHANNELS
from lytte.platform.events import subscribe
from lytte.sla import targets
from lytte.sla.events import CalendarChanged
from lytte.sla.models import Recompute

RETARGETING = frozenset({"reason", "priority", "team", "organization", "customer", "channel"})


def _case(case_id: int) -> Case | None:
    return Case.objects.filter(pk=case_id).first()


@subscribe(CaseOpened, within_transaction=True)
def case_opened(event: CaseOpened) -> None:
    if case := _case(event.case_id):
        targets.open_case(case)


@subscribe(ContactLogged, within_transaction=True)
def contact_logged(event: ContactLogged) -> None:
    case = _case(event.case_id)
    if case is None:
        return
    if event.opened_case:  # the core's entry opened it, through a way in with its calendar
        targets.came_in(case, event.entry_calendar_id, event.entry_via)
        targets.open_case(case)
        return
    contact = case.contacts.filter(pk=event.contact_id).values("started_at", "handled_by").first()
    at = contact["started_at"] if contact else case.updated_at
    # A live contact someone took (a call, a chat) is the customer's message and its answer.
    answered_live = event.channel in LIVE_CHANNELS and contact and contact["handled_by"]
    if event.direction == Direction.INBOUND and not answered_live:
        targets.customer_wrote(case, at)
    elif event.direction == Direction.OUTBOUND and not event.automatic:
        targets.agent_answered(case, at)


@subscribe(CaseChanged, within_transaction=True)
def case_changed(event: CaseChanged) -> None:
    fields = set(event.fields)
    if not fields & (RETARGETING | {"status", "first_response_at"}):
        return
    case = _case(event.case_id)
    if case is None:
        return
    if "first_response_at" in fields and case.first_response_at is not None:
        targets.agent_answered(case, case.first_response_at)
    if fields & RETARGETING:
        targets.retarget(case)
    if "status" in fields:
        targets.follow_status(case)


@subscribe(CalendarChanged, within_transaction=True)
def calendar_changed(event: CalendarChanged) -> None:
    Recompute.objects.update_or_create(
        calendar_id=event.calendar_id, defaults={"requested_at": timezone.now()}
    )
