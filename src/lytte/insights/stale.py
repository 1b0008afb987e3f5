"""Marking the days a write touched as stale, from the core's events (see insights.rollups).

Each subscriber runs inside the writing transaction (`within_transaction`, decision 26), so a
mark commits or rolls back with the write it follows. It reads what it needs from the
database: the case's day of opening, its day of resolution, and the days of its inbound
contacts. Marking a day too many costs one recount of that day; marking one too few leaves a
figure wrong until the next rebuild, so when in doubt a subscriber marks."""

from __future__ import annotations

from datetime import date, datetime

from lytte.accounts.events import TeamRemoved
from lytte.cases.events import CaseChanged, CaseOpened, ContactLogged
from lytte.cases.models import Case, Contact, Direction
from lytte.insights.models import CaseDay, ContactDay
from lytte.insights.rollups import local_day, mark_stale
from lytte.platform.events import subscribe

# The fields of a case (as CaseChanged names them) that move it, or its contacts, between
# rollup rows. "contacts": a contact moved onto or off the case, or finished.
COUNTED = frozenset(
    {
        "reason",
        "team",
        "channel",
        "organization",
        "customer",
        "resolved_at",
        "first_response_at",
        "created_at",
        "contacts",
    }
)


def _days(*moments: datetime | None) -> set[date]:
    return {local_day(moment) for moment in moments if moment is not None}


def case_days(case_id: int) -> set[date]:
    """The days a case itself is counted on: the day it opened and the day it was resolved."""
    row = Case.objects.filter(pk=case_id).values_list("created_at", "resolved_at").first()
    return _days(*row) if row else set()


def inbound_days(case_id: int) -> set[date]:
    """The days of the case's inbound contacts, which count under the case's reason and team."""
    started = Contact.objects.filter(case_id=case_id, direction=Direction.INBOUND)
    return _days(*started.values_list("started_at", flat=True))


@subscribe(CaseOpened, within_transaction=True)
def case_opened(event: CaseOpened) -> None:
    mark_stale(case_days(event.case_id))


@subscribe(ContactLogged, within_transaction=True)
def contact_logged(event: ContactLogged) -> None:
    """An inbound contact counts on its own day, and in its case's first-contact resolution on
    the day the case was resolved; a contact that opened its case also opened it that day."""
    if event.direction != Direction.INBOUND and not event.opened_case:
        return  # outbound contacts and notes are not counted; what they change is a CaseChanged
    days = case_days(event.case_id)
    if event.direction == Direction.INBOUND:
        started = Contact.objects.filter(pk=event.contact_id).values_list("started_at", flat=True)
        days |= _days(*started)
    mark_stale(days)


@subscribe(CaseChanged, within_transaction=True)
def case_changed(event: CaseChanged) -> None:
    """A counted field moves the case's own rows, and (reason, team, organization, customer)
    its inbound contacts' rows; a changed resolution also uncounts the day it replaced."""
    if not COUNTED.intersection(event.fields):
        return  # an assignee, a subject, a priority: nothing counted moved
    days = case_days(event.case_id) | inbound_days(event.case_id)
    mark_stale(days | _days(event.previous_resolved_at))


@subscribe(TeamRemoved, within_transaction=True)
def team_removed(event: TeamRemoved) -> None:
    """The team's cases move to no team: every day counted under the team is counted again
    (the delete takes the team's rollup rows with it; the recount puts its cases under none)."""
    days = set(ContactDay.objects.filter(team_id=event.team_id).values_list("day", flat=True))
    days |= set(CaseDay.objects.filter(team_id=event.team_id).values_list("day", flat=True))
    mark_stale(days)
