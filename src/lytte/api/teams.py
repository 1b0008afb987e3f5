"""/teams: groups of agents owning a queue of cases. Everyone reads them; admins change them."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status
from ninja.pagination import paginate

from lytte.accounts.models import Team
from lytte.accounts.services import create_team, update_team
from lytte.api import references
from lytte.api.auth import require
from lytte.api.pagination import Pagination
from lytte.api.schemas.common import ERRORS, Id, sent
from lytte.api.schemas.teams import TeamFilters, TeamIn, TeamOut, TeamPatch

router = Router(tags=["teams"])


def _teams() -> QuerySet[Team]:
    return Team.objects.prefetch_related("members")


@router.get("", response={200: list[TeamOut], **ERRORS})
@paginate(Pagination)
def list_teams(request: HttpRequest, filters: Query[TeamFilters]) -> QuerySet[Team]:
    require(request, "accounts.view_team")
    teams = _teams().order_by("name", "id")
    if filters.q.strip():
        teams = teams.filter(name__icontains=filters.q.strip())
    if filters.member is not None:
        teams = teams.filter(members=filters.member)
    return teams


@router.post("", response={201: TeamOut, **ERRORS})
def add_team(request: HttpRequest, payload: TeamIn) -> Status[Team]:
    user = require(request, "accounts.add_team")
    members = references.staff_members(payload.members, "members")
    team = create_team(name=payload.name, members=members, created_by=user)
    return Status(201, get_object_or_404(_teams(), pk=team.pk))


@router.get("/{team_id}", response={200: TeamOut, **ERRORS})
def get_team(request: HttpRequest, team_id: Id) -> Team:
    require(request, "accounts.view_team")
    return get_object_or_404(_teams(), pk=team_id)


@router.patch("/{team_id}", response={200: TeamOut, **ERRORS})
def change_team(request: HttpRequest, team_id: Id, payload: TeamPatch) -> Team:
    """`members` replaces the whole list."""
    user = require(request, "accounts.change_team")
    team = get_object_or_404(Team, pk=team_id)
    changes = sent(payload)
    if "members" in changes:
        changes["members"] = references.staff_members(changes["members"], "members")
    update_team(team=team, changed_by=user, **changes)
    return get_object_or_404(_teams(), pk=team_id)
