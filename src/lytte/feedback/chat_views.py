"""The chat widget's rating endpoint, /chat/api/conversations/<token>/rating (decision 47):
the conversation's own secret token is the key, as for the rest of the widget's API, and only
the widget's sites may call it (the chat's CORS). GET says whether a rating is offered and what
was given; POST {"score": 1-5, "comment": "..."} gives or changes it."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from lytte.chat import cors
from lytte.chat.models import Conversation
from lytte.chat.selectors import conversation_for_token
from lytte.feedback.models import SCORES, Survey, SurveyRules
from lytte.feedback.services import AnswerRefused, answer
from lytte.feedback.services.answers import changeable
from lytte.feedback.services.chat import chat_survey


def _error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


def _state(survey: Survey | None) -> dict[str, Any]:
    if survey is None or survey.question is None:
        return {"offered": False}
    return {
        "offered": True,
        "question": survey.question.text,
        "comment_prompt": survey.question.comment_prompt,
        "score": survey.score,
        "comment": survey.comment,
        "changeable": changeable(survey, SurveyRules.current()),
    }


def _data(request: HttpRequest) -> dict[str, Any]:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        data = None
    return data if isinstance(data, dict) else {}


def _rate(request: HttpRequest, conversation: Conversation) -> HttpResponseBase:
    survey = chat_survey(conversation)
    if request.method == "GET":
        return JsonResponse(_state(survey))
    if survey is None:
        return _error("not_offered", _("This chat cannot be rated."), 409)
    data = _data(request)
    score, comment = data.get("score"), data.get("comment", "")
    if not isinstance(score, int) or isinstance(score, bool) or score not in SCORES:
        return _error("score", _("Choose a score from 1 to 5."), 400)
    if not isinstance(comment, str):
        return _error("comment", _("The comment must be text."), 400)
    try:
        rated = answer(survey=survey, score=score, comment=comment)
    except AnswerRefused as refused:
        return _error(refused.code, str(refused), 409)
    return JsonResponse(_state(rated))


@csrf_exempt  # no cookies: the conversation's token is the key
def rating(request: HttpRequest, token: str) -> HttpResponseBase:
    conversation = conversation_for_token(token)
    if conversation is not None and not conversation.widget.active:
        conversation = None
    widget = conversation.widget if conversation is not None else None
    response: HttpResponseBase
    if not cors.allowed(request, widget):
        response = _error("origin_not_allowed", _("This site may not use this chat."), 403)
    elif request.method == "OPTIONS":
        response = HttpResponse(status=204)
    elif conversation is None:
        response = _error("not_found", _("There is no such chat."), 404)
    elif request.method not in ("GET", "POST"):
        response = _error("method_not_allowed", _("Method not allowed."), 405)
        response["Allow"] = "GET, POST"
    else:
        with translation.override(conversation.language or None):
            response = _rate(request, conversation)
    patch_cache_control(response, no_store=True, private=True)
    if cors.allowed(request, widget):
        cors.add_headers(request, response, preflight=request.method == "OPTIONS")
    else:
        response["Vary"] = "Origin"
    return response
