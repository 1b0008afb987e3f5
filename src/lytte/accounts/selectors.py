"""Reads about staff accounts shared by the views."""

from __future__ import annotations

from django.urls import reverse

from lytte.accounts.models import StartPage, User
from lytte.accounts.roles import role_of

INSIGHTS_PERMISSION = "insights.view_dashboards"


def may_start_on_insights(user: User) -> bool:
    return user.has_perm(INSIGHTS_PERMISSION)


def start_url(user: User) -> str:
    """Where `user` lands after logging in: agents on their desk, supervisors on their teams'
    queue, and those who may see insights there if they chose it on My account. Someone
    without a role has only their account page."""
    if role_of(user) is None:
        return reverse("account")
    if user.start_page == StartPage.INSIGHTS and may_start_on_insights(user):
        return reverse("insights:director")
    if user.has_perm("cases.work_any_case"):
        return reverse("desk:desk") + "?queue=team"
    return reverse("desk:desk")


def team_supervisor_ids(team_id: int | None) -> list[int]:
    """The active supervisors of a team (Team.supervisors; decision 41): who hears its
    service-level warnings and escalations."""
    if team_id is None:
        return []
    return list(
        User.objects.filter(supervised_teams=team_id, is_active=True).values_list("pk", flat=True)
    )
