"""The feedback app listens to the core and the chat (never the other way round): a case
resolved schedules its survey; a chat ended offers its rating in the widget."""

from __future__ import annotations

from lytte.cases.events import CaseChanged
from lytte.cases.models import Case, Status
from lytte.chat.events import ChatEnded
from lytte.chat.models import Conversation
from lytte.feedback.services import schedule_survey
from lytte.feedback.services.chat import chat_survey
from lytte.platform.events import subscribe


@subscribe(CaseChanged)
def case_changed(event: CaseChanged) -> None:
    if "status" not in event.fields:
        return
    case = Case.objects.filter(pk=event.case_id, status=Status.RESOLVED).first()
    if case is not None:
        schedule_survey(case)


@subscribe(ChatEnded)
def chat_ended(event: ChatEnded) -> None:
    """Offer the ended chat's rating (the widget asks for it too, whichever comes first)."""
    conversation = Conversation.objects.select_related("case").filter(pk=event.conversation_id)
    found = conversation.first()
    if found is not None:
        chat_survey(found)
