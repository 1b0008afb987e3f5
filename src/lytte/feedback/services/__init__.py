"""Every write of the feedback app (decision 40)."""

from lytte.feedback.services.answers import (
    AnswerRefused,
    answer,
    opt_out,
    survey_for_token,
    token_for,
)
from lytte.feedback.services.follow_ups import close_follow_up
from lytte.feedback.services.questions import current_question, publish_question
from lytte.feedback.services.sending import schedule_survey, send_due_surveys, send_survey

__all__ = [
    "AnswerRefused",
    "answer",
    "close_follow_up",
    "current_question",
    "opt_out",
    "publish_question",
    "schedule_survey",
    "send_due_surveys",
    "send_survey",
    "survey_for_token",
    "token_for",
]
