"""The desk's side of live chat (issue 15, decision 35): an agent says they take chats (and how
many at once), sees the chats waiting for them live, accepts one (or the next), and works it
in the conversation view (lytte.desk.chat_view). The chat's services do every write; refusals
(capacity full, taken by someone else) come back as messages, never as errors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lytte.accounts.decorators import current_staff, is_htmx, staff_required
from lytte.accounts.models import User
from lytte.cases.models import Case
from lytte.cases.selectors import open_cases_for_customer
from lytte.chat import selectors, services
from lytte.chat.models import ChatAgent, Conversation
from lytte.chat.services import ChatError

SHOWN_OPEN_CASES = 3


def visible_conversation(user: User, conversation_id: int) -> Conversation:
    """A chat the user may open: 404 when there is none, 403 when it is another team's."""
    conversation = get_object_or_404(
        Conversation.objects.select_related("case", "customer", "agent", "team", "widget"),
        pk=conversation_id,
    )
    if not selectors.visible_conversations(user).filter(pk=conversation.pk).exists():
        raise PermissionDenied(_("This chat is for another team."))
    return conversation


def who(conversation: Conversation) -> str:
    """The customer as the desk names them: by name when verified (or linked by an agent),
    otherwise as a claim."""
    if conversation.customer is not None:
        return conversation.customer.name
    claim = conversation.claimed_name or conversation.claimed_email
    if claim:
        return _("unverified: %(claim)s") % {"claim": claim}
    return _("unverified visitor")


def other_open_cases(conversation: Conversation, user: User, shown: int) -> list[Case]:
    """The customer's open cases besides the chat's own, those `user` may see (decision 19)."""
    if conversation.customer is None:
        return []
    found = open_cases_for_customer(conversation.customer, user)
    return list(found.exclude(pk=conversation.case_id or 0)[:shown])


def _queue_rows(user: User) -> list[dict[str, Any]]:
    rows = []
    for conversation in selectors.waiting_conversations(user)[:50]:
        others = other_open_cases(conversation, user, SHOWN_OPEN_CASES)
        rows.append({"chat": conversation, "who": who(conversation), "open_cases": others})
    return rows


def queue_context(user: User) -> dict[str, Any]:
    agent_row = ChatAgent.objects.filter(user=user).first()
    active = list(selectors.with_unread(selectors.active_conversations(user)))
    return {
        "waiting": _queue_rows(user),
        "active": [{"chat": chat, "who": who(chat)} for chat in active],
        "chat_agent": agent_row,
        "capacity": selectors.capacity_of(user),
        "capacities": range(1, 11),  # what chat.services.declare_available accepts
        "full": len(active) >= selectors.capacity_of(user),
    }


@require_GET
@staff_required
def chats(request: HttpRequest) -> HttpResponse:
    """The chat page: whether I take chats, the chats waiting, and mine."""
    return render(request, "desk/chats.html", queue_context(current_staff(request)))


@require_GET
@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    """The chat queue's panel, refetched when a chat event arrives (and every half minute, for
    the waiting times)."""
    return render(request, "desk/_chat_queue.html", queue_context(current_staff(request)))


@require_GET
@staff_required
def unread(request: HttpRequest) -> HttpResponse:
    """The top bar's count of my chats with customer messages I have not read, refetched when
    a chat event may have changed it (chat.js)."""
    return render(request, "desk/_chat_unread.html", unread_context(current_staff(request)))


def unread_context(user: User) -> dict[str, Any]:
    return {"chat_unread": selectors.unread_count(user)}


@require_POST
@staff_required
def availability(request: HttpRequest) -> HttpResponse:
    """Take chats or stop, and how many at once."""
    user = current_staff(request)
    raw = request.POST.get("capacity", "").strip()
    try:
        services.declare_available(
            user,
            available=request.POST.get("available") == "on",
            capacity=int(raw) if raw.isdigit() else None,
        )
    except ChatError as refused:
        messages.error(request, refused.message)
    if is_htmx(request):
        return render(request, "desk/_chat_queue.html", queue_context(user))
    return redirect("desk:chats")


@require_POST
@staff_required
def heartbeat(request: HttpRequest) -> HttpResponse:
    """An open desk beats every half minute, so the widget offers chats only while someone is
    really there (lytte.chat.selectors.AGENT_STALE)."""
    services.heartbeat(current_staff(request))
    return HttpResponse(status=204)


def _refused(request: HttpRequest, refused: ChatError | PermissionDenied) -> HttpResponse:
    text = refused.message if isinstance(refused, ChatError) else str(refused)
    messages.error(request, text or _("You may not take this chat."))
    return redirect("desk:chats")


@require_POST
@staff_required
def accept(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = current_staff(request)
    conversation = visible_conversation(user, conversation_id)
    try:
        services.accept(conversation, user)
    except (ChatError, PermissionDenied) as refused:
        return _refused(request, refused)
    return redirect("desk:chat", conversation_id=conversation.pk)


@require_POST
@staff_required
def accept_next(request: HttpRequest) -> HttpResponse:
    user = current_staff(request)
    try:
        taken = services.accept_next(user)
    except (ChatError, PermissionDenied) as refused:
        return _refused(request, refused)
    if taken is None:
        messages.info(request, _("No chat is waiting for you."))
        return redirect("desk:chats")
    return redirect("desk:chat", conversation_id=taken.pk)
