"""One chat in the desk, for the agent in it: the transcript and the case beside it, new
messages (fetched when the desk's socket says there are some), writing, typing and reading.

The messages travel as JSON and chat.js puts their text in with textContent: a customer's
message is never HTML here either."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lytte.accounts.decorators import current_staff, staff_required
from lytte.accounts.models import User
from lytte.audit.models import AccessChannel
from lytte.audit.services import record_access
from lytte.chat import selectors, services
from lytte.chat.models import Conversation, State
from lytte.chat.payloads import message_json
from lytte.chat.services import ChatError
from lytte.desk.chat_forms import EndForm, TransferForm, reason_context
from lytte.desk.chats import other_open_cases, visible_conversation, who
from lytte.desk.knowledge import search_language
from lytte.desk.models import CannedAnswer


def conversation_context(
    conversation: Conversation, user: User, end_form: EndForm | None = None
) -> dict[str, Any]:
    case = conversation.case
    language = search_language(conversation.language, user.language, get_language())
    in_chat = conversation.agent_id == user.pk or (
        conversation.agent_id is not None and user.has_perm("cases.work_any_case")
    )
    return {
        "chat": conversation,
        "who": who(conversation),
        "in_chat": in_chat and conversation.state == State.ACTIVE,
        "may_finish": in_chat and case is not None,
        "case": case,
        "customer": conversation.customer,
        "open_cases": other_open_cases(conversation, user, 5),
        "canned": list(CannedAnswer.objects.filter(active=True, language=language)),
        "transfer_form": TransferForm(agent=user),
        "end_form": end_form or EndForm(),
        **reason_context(conversation, end_form),
    }


@require_GET
@staff_required
def conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = current_staff(request)
    chat = visible_conversation(user, conversation_id)
    if chat.customer is not None:
        record_access(user=user, customer=chat.customer, channel=AccessChannel.WORKSPACE)
    return render(request, "desk/chat.html", conversation_context(chat, user))


def _state(chat: Conversation) -> dict[str, Any]:
    chat.refresh_from_db(fields=["state", "agent", "customer_read_seq", "last_seq"])
    return {"state": chat.state, "agent": chat.agent_id, "read_upto": chat.customer_read_seq}


@require_http_methods(["GET", "POST"])
@staff_required
def messages(request: HttpRequest, conversation_id: int) -> JsonResponse:
    """GET: the messages after a seq; POST: the agent's message."""
    if request.method == "POST":
        return _post_message(request, conversation_id)
    return _messages_after(request, conversation_id)


def _messages_after(request: HttpRequest, conversation_id: int) -> JsonResponse:
    """The chat's messages after `?after=` (a seq), with its state and how far the customer
    has read the agent's messages."""
    chat = visible_conversation(current_staff(request), conversation_id)
    raw = request.GET.get("after", "0")
    after = int(raw) if raw.isdigit() else 0
    found = [message_json(m) for m in selectors.messages_after(chat, after)[:500]]
    return JsonResponse({"messages": found, **_state(chat)})


def _refusal(refused: ChatError | PermissionDenied) -> JsonResponse:
    if isinstance(refused, ChatError):
        body = {"error": refused.code, "message": refused.message}
        return JsonResponse(body, status=refused.status)
    return JsonResponse({"error": "forbidden", "message": str(refused)}, status=403)


def _body(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


def _post_message(request: HttpRequest, conversation_id: int) -> JsonResponse:
    user = current_staff(request)
    chat = visible_conversation(user, conversation_id)
    data = _body(request)
    client_id = data.get("client_id") or None
    try:
        posted = services.post_agent_message(
            chat, user, body=data.get("body", ""), client_id=client_id
        )
    except (ChatError, PermissionDenied) as refused:
        return _refusal(refused)
    return JsonResponse(
        {"message": message_json(posted.message)}, status=201 if posted.created else 200
    )


@require_POST
@staff_required
def typing(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = current_staff(request)
    chat = visible_conversation(user, conversation_id)
    try:
        services.agent_typing(chat, user)
    except (ChatError, PermissionDenied) as refused:
        return _refusal(refused)
    return HttpResponse(status=204)


@require_POST
@staff_required
def read(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = current_staff(request)
    chat = visible_conversation(user, conversation_id)
    raw = str(_body(request).get("upto", ""))
    try:
        services.agent_read(chat, user, int(raw) if raw.isdigit() else 0)
    except (ChatError, PermissionDenied) as refused:
        return _refusal(refused)
    return HttpResponse(status=204)
