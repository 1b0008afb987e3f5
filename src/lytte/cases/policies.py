"""Who may see and who may work on which case (decision 19): one rule for both. Supervisors and
admins reach every case; an agent the cases of their teams, of no team, and those assigned to
them. Everything hanging off a case (contacts, notes, emails, attachments, calls) follows it.

`can_view` / `can_work_on` judge one case; `reach` is the same rule as a queryset filter, which
`lytte.cases.selectors.visible_cases` and the selectors of other apps apply to every listing.
Services enforce `ensure_can_work_on`, so the UI, the API and the CLI agree. Each takes a staff
`User`, or None for the system itself (integrations, background tasks), which reaches every
case; a view narrows `request.user` first (`lytte.accounts.decorators.current_staff`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.cases.models import Case

NOTHING = Q(pk__in=[])


def _reaches_every_case(user: User) -> bool:
    return bool(user.has_perm("cases.work_any_case"))


def reach(user: User | None, prefix: str = "") -> Q:
    """The cases `user` may see, as a filter on Case (or, with `prefix` such as "case__", on a
    model that points to its case). Uses the case's team and assignee columns only, which the
    case_queue index covers; the user's teams are a subquery, so no join and no DISTINCT."""
    if user is None:
        return Q()  # the system itself
    if not user.is_active or not user.has_perm("cases.view_case"):
        return NOTHING
    if _reaches_every_case(user):
        return Q()
    return (
        Q(**{f"{prefix}team__isnull": True})
        | Q(**{f"{prefix}team__in": user.teams.values("pk")})
        | Q(**{f"{prefix}assignee": user})
    )


def _in_reach(user: User, case: Case) -> bool:
    if _reaches_every_case(user):
        return True
    if case.assignee_id == user.pk or case.team_id is None:
        return True
    return bool(user.teams.filter(pk=case.team_id).exists())


def can_view(user: User | None, case: Case) -> bool:
    """Whether `user` may read `case` and everything on it: the same cases they may work on."""
    if user is None:
        return True
    if not user.is_active or not user.has_perm("cases.view_case"):
        return False
    return _in_reach(user, case)


def can_work_on(user: User | None, case: Case) -> bool:
    """Supervisors work on any case; an agent on cases of their teams, of no team, or their own."""
    if user is None:
        return True  # the system itself: integrations and background tasks
    if not user.is_active or not user.has_perm("cases.change_case"):
        return False
    return _in_reach(user, case)


def ensure_can_work_on(user: User | None, case: Case) -> None:
    if not can_work_on(user, case):
        raise PermissionDenied(_("You may not change case #%(number)s.") % {"number": case.number})
