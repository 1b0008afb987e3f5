"""The feedback app listens to the core (never the other way round): a case resolved schedules
its survey."""

from __future__ import annotations

from lytte.cases.events import CaseChanged
from lytte.cases.models import Case, Status
from lytte.feedback.services import schedule_survey
from lytte.platform.events import subscribe


@subscribe(CaseChanged)
def case_changed(event: CaseChanged) -> None:
    if "status" not in event.fields:
        return
    case = Case.objects.filter(pk=event.case_id, status=Status.RESOLVED).first()
    if case is not None:
        schedule_survey(case)
