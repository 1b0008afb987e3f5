"""What the case services share: the "not given" marker, reason checks, who may place a case
where, and the CaseChanged announcement."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from lytte.accounts.models import Team, User
from lytte.cases.events import CaseChanged
from lytte.cases.models import Case, Channel, ContactReason
from lytte.platform.events import publish


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()
# Channels where an agent talking to the customer is itself the first response.
LIVE_CHANNELS = frozenset({Channel.PHONE, Channel.CHAT})


def check_reason(reason: ContactReason | None) -> None:
    if reason is not None and not reason.active:
        raise ValidationError({"reason": [_("“%(name)s” is no longer in use.") % {"name": reason}]})


def announce_change(
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


def ensure_may_assign(
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
