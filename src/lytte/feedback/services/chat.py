"""The rating at the end of a chat (decision 47): when a chat an agent was in ends, its case's
survey is "sent" in the widget (channel chat), and the widget's answer is recorded like an
email answer: once, changeable within the window. The chat app knows nothing of this: the
feedback app hears `ChatEnded` and answers the widget at its own endpoint."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lytte.cases.models import Status
from lytte.chat.models import Conversation, State
from lytte.feedback.events import SurveySent
from lytte.feedback.models import AskedBy, OptOut, Survey, SurveyRules
from lytte.feedback.services.questions import current_question
from lytte.platform.events import publish


def _may_ask(conversation: Conversation, rules: SurveyRules) -> bool:
    case = conversation.case
    if not rules.active or case is None or conversation.state != State.ENDED:
        return False
    if conversation.accepted_at is None or case.status == Status.CLOSED:
        return False  # nobody answered it: nothing to rate
    if rules.channels and case.channel not in rules.channels:
        return False
    teams = set(rules.teams.values_list("pk", flat=True))
    if teams and (case.team_id or conversation.team_id) not in teams:
        return False
    customer_id = case.customer_id or conversation.customer_id
    return customer_id is None or not OptOut.objects.filter(customer_id=customer_id).exists()


def chat_survey(conversation: Conversation) -> Survey | None:
    """The ended chat's survey, offered in the widget; made the first time it is asked for
    (by `ChatEnded` or the widget, whichever is first). None when the chat's case was surveyed
    otherwise already, or the rules say no (off, opted out, nobody answered the chat)."""
    case = conversation.case
    if case is None:
        return None
    found = Survey.objects.filter(case=case).select_related("case", "question").first()
    if found is not None:
        return found if found.sent_by == AskedBy.CHAT else None
    rules = SurveyRules.current()
    if not _may_ask(conversation, rules):
        return None
    language = conversation.language or settings.PORTAL_LANGUAGE
    now = timezone.now()
    try:
        with transaction.atomic():
            survey = Survey.objects.create(
                case=case,
                customer_id=case.customer_id or conversation.customer_id,
                state=Survey.State.SENT,
                send_after=now,
                sent_at=now,
                language=language,
                question=current_question(language),
                reason_id=case.reason_id,
                channel=case.channel,
                sent_by=AskedBy.CHAT,
                team_id=case.team_id or conversation.team_id,
                agent_id=conversation.agent_id or case.assignee_id,
                organization_id=case.organization_id,
            )
    except IntegrityError:  # the widget and the event at once: the other one made it
        return chat_survey(conversation)
    publish(SurveySent(survey_id=survey.pk, case_id=case.pk))
    return survey
