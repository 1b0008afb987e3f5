"""Who may work on which case. Services enforce it, so the UI, the API and the CLI agree."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lytte.cases.models import Case


def can_work_on(user: Any, case: Case) -> bool:
    """Supervisors work on any case; an agent on cases of their teams, of no team, or their own."""
    if user is None:
        return True  # the system itself: integrations and background tasks
    if not user.is_active or not user.has_perm("cases.change_case"):
        return False
    if user.has_perm("cases.work_any_case"):
        return True
    if case.assignee_id == user.pk or case.team_id is None:
        return True
    return bool(user.teams.filter(pk=case.team_id).exists())


def ensure_can_work_on(user: Any, case: Case) -> None:
    if not can_work_on(user, case):
        raise PermissionDenied(_("You may not change case #%(number)s.") % {"number": case.number})
