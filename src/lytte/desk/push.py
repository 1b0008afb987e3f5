"""Tell open desks that cases changed, through the Channels layer (Redis when scaled out), so
queue counts and lists refresh without a reload in every server process.

A desk hears only about cases its user may see (decision 19): a case of a team goes to that
team's group, its assignee's and the supervisors'; a case of no team, which every agent may
see, to every desk. A reassignment also tells whoever saw the case before the move."""

from __future__ import annotations

from typing import Any

from lytte.cases.events import CaseChanged, CaseOpened, ContactLogged
from lytte.platform.events import subscribe
from lytte.platform.live import group_send

DESK_GROUP = "desk"  # every open desk: team-less cases and screen pops
SUPERVISORS_GROUP = "desk.supervisors"  # desks of those who see every case


def user_group(user_id: int) -> str:
    """One agent's desks (every tab they have open)."""
    return f"desk.user.{user_id}"


def team_group(team_id: int) -> str:
    """The desks of one team's members."""
    return f"desk.team.{team_id}"


def desk_groups(user: Any) -> list[str]:
    """The groups one user's desk listens on: what it hears is what the user may see."""
    groups = [DESK_GROUP, user_group(user.pk)]
    if user.has_perm("cases.work_any_case"):
        groups.append(SUPERVISORS_GROUP)
    groups.extend(team_group(pk) for pk in user.teams.values_list("pk", flat=True))
    return groups


def case_groups(team_id: int | None, assignee_id: int | None) -> list[str]:
    """The groups whose users may see a case of `team_id` assigned to `assignee_id`."""
    if team_id is None:
        return [DESK_GROUP]
    groups = [SUPERVISORS_GROUP, team_group(team_id)]
    if assignee_id is not None:
        groups.append(user_group(assignee_id))
    return groups


def _announce(case_id: int, what: str, groups: list[str]) -> None:
    message = {"type": "desk.changed", "case": case_id, "what": what}
    for group in dict.fromkeys(groups):
        group_send(group, message)


@subscribe(CaseOpened)
def case_opened(event: CaseOpened) -> None:
    _announce(event.case_id, "opened", case_groups(event.team_id, event.assignee_id))


@subscribe(CaseChanged)
def case_changed(event: CaseChanged) -> None:
    groups = case_groups(event.team_id, event.assignee_id)
    if event.moved_from is not None:
        groups += case_groups(*event.moved_from)
    _announce(event.case_id, "changed", groups)


@subscribe(ContactLogged)
def contact_logged(event: ContactLogged) -> None:
    """A contact that opened its case (the core entry) stands for the opening: no CaseOpened."""
    what = "opened" if event.opened_case else "contact"
    _announce(event.case_id, what, case_groups(event.team_id, event.assignee_id))
