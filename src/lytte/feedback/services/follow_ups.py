"""A low score opens a follow-up for the team's supervisor on the case (an internal note through
the core, so the desk shows it); recording what came of it closes the loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.audit.services import record
from lytte.cases.models import Case, Channel, Direction, Status
from lytte.cases.services import log_contact
from lytte.feedback.events import FollowUpClosed, FollowUpOpened
from lytte.feedback.models import FollowUp, Survey
from lytte.platform.events import publish


def _note(survey: Survey) -> str:
    lines = [
        _("The customer rated this case %(score)s of 5. A supervisor should follow it up.")
        % {"score": survey.score}
    ]
    chosen = [choice.label for choice in survey.choices.all()]
    if chosen:
        lines.append(_("What went wrong: %(choices)s") % {"choices": "; ".join(chosen)})
    if survey.comment:
        lines.append(_("The customer's comment: %(comment)s") % {"comment": survey.comment})
    return "\n".join(lines)


def open_follow_up(survey: Survey) -> FollowUp:
    """Once per survey; a later change of score or comment leaves the follow-up as it is."""
    existing = FollowUp.objects.filter(survey=survey).first()
    if existing is not None:
        return existing
    return record_opened(
        case=survey.case,
        note=lambda: _note(survey),
        external_id=f"survey:{survey.pk}",
        action="survey.follow_up_opened",
        survey=survey,
    )


def record_opened(
    *, case: Case, note: Callable[[], str], external_id: str, action: str, **about: Any
) -> FollowUp:
    """The follow-up on `case` of what `about` names (`survey=` or `nps=`): its internal note
    through the core, written in the installation's language (a closed case takes no contact;
    the follow-up still opens), then the row, audited as `action` and announced."""
    contact = None
    if case.status != Status.CLOSED:
        with translation.override(None):
            contact = log_contact(
                case=case,
                channel=Channel.NOTE,
                direction=Direction.INTERNAL,
                logged_by=None,
                body=note(),
                external_id=external_id,
            ).contact
    follow_up = FollowUp.objects.create(case=case, team=case.team, note=contact, **about)
    record(actor=None, action=action, target=case, follow_up=follow_up)
    publish(FollowUpOpened(follow_up_id=follow_up.pk, case_id=case.pk, team_id=case.team_id))
    return follow_up


@transaction.atomic
def close_follow_up(*, follow_up: FollowUp, result: str, by: User) -> FollowUp:
    """Record what was done (a call back, an apology, a fix): supervisors and admins."""
    if not by.has_perm("feedback.change_followup"):
        raise PermissionDenied(_("Only supervisors follow up low scores."))
    if not result.strip():
        raise ValidationError({"result": [_("Say what was done.")]})
    follow_up.result = result.strip()[:4000]
    follow_up.closed_at, follow_up.closed_by = timezone.now(), by
    follow_up.save(update_fields=["result", "closed_at", "closed_by"])
    record(actor=by, action="survey.follow_up_closed", target=follow_up.case, follow_up=follow_up)
    publish(FollowUpClosed(follow_up_id=follow_up.pk, case_id=follow_up.case_id))
    return follow_up
