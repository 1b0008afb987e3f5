"""The widget's HTTP API under /chat/api/ (docs/chat-protocol.md): plain JSON views, not the
staff REST API. A widget is named by its public key, a conversation by the customer's secret
token; neither uses cookies, so the views are CSRF-exempt, except that a same-origin request
(the portal) carries the portal's session, which verifies the customer. Every refusal is a 4xx
with {"code", "message"}; CORS answers only the widget's allowed origins (lytte.chat.cors)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from lytte.chat import cors, limits, selectors, services
from lytte.chat.models import ChatWidget, Conversation, Message
from lytte.chat.payloads import file_signature, message_json, state_json
from lytte.chat.services import ChatError, Identity
from lytte.chat.services.conversations import too_large
from lytte.portal import signed
from lytte.portal.identity import current_customer

View = Callable[..., HttpResponseBase]


def error(code: str, message: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


def _body(request: HttpRequest) -> dict[str, Any]:
    """The JSON object (or form) the request carries; ChatError for anything else."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            raise ChatError("bad_json", _("Send a JSON object."))
        return data
    return request.POST.dict()


def _api(*, methods: tuple[str, ...], by: str) -> Callable[[View], View]:
    """Resolve the widget (`by="key"`) or the conversation (`by="token"`), answer preflights,
    refuse other origins and methods, and turn ChatError into its JSON answer."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponseBase:
            subject, widget = _subject(by, kwargs.pop(by))
            response = _answer(request, view, methods, subject, widget)
            patch_cache_control(response, no_store=True, private=True)  # personal data
            if cors.allowed(request, widget):
                cors.add_headers(request, response, preflight=request.method == "OPTIONS")
            else:
                response["Vary"] = "Origin"
            return response

        return wrapper

    return decorate


def _subject(by: str, value: str) -> tuple[ChatWidget | Conversation | None, ChatWidget | None]:
    if by == "key":
        widget = selectors.widget_by_key(value)
        return widget, widget
    conversation = selectors.conversation_for_token(value)
    if conversation is None or not conversation.widget.active:
        return None, None
    return conversation, conversation.widget


def _answer(
    request: HttpRequest,
    view: View,
    methods: tuple[str, ...],
    subject: ChatWidget | Conversation | None,
    widget: ChatWidget | None,
) -> HttpResponseBase:
    if not cors.allowed(request, widget):
        return error("origin_not_allowed", _("This site may not use this chat."), 403)
    if request.method == "OPTIONS":
        return HttpResponse(status=204)
    if subject is None:
        return error("not_found", _("There is no such chat."), 404)
    if request.method not in methods:
        response = error("method_not_allowed", _("Method not allowed."), 405)
        response["Allow"] = ", ".join(methods)
        return response
    try:
        return view(request, subject)
    except ChatError as refused:
        return error(refused.code, refused.message, refused.status)
    except PermissionDenied as refused:
        return error("forbidden", str(refused), 403)


def _language(request: HttpRequest, given: object = None) -> str:
    code = (given if isinstance(given, str) else request.GET.get("lang", "")).lower()[:2]
    return code if code in dict(settings.LANGUAGES) else settings.PORTAL_LANGUAGE


def _portal_customer(request: HttpRequest) -> Any:
    """The portal's signed-in customer, for requests from this site's own pages only."""
    return current_customer(request) if cors.same_origin(request) else None


@_api(methods=("GET",), by="key")
def status(request: HttpRequest, widget: ChatWidget) -> HttpResponseBase:
    language = _language(request)
    with translation.override(language):
        now = selectors.availability(widget)
        greeting = widget.greetings.get(language) or _("Hi! How can we help you?")
        customer = _portal_customer(request)
        # The host site's signed token, read without spending it (a header: not in the logs).
        token = request.headers.get("X-Lytte-Identity", "")
        verified_name = customer.name if customer else (signed.peek(token) if token else None)
        return JsonResponse(
            {
                "name": widget.name,
                "available": now.available,
                "reason": now.reason,
                "expected_wait_seconds": now.expected_wait_seconds,
                "opening_hours": now.opening_hours,
                "special_days": now.special_days,
                "greeting": greeting,
                "colour": widget.colour,
                "position": widget.position,
                "verified_name": verified_name,
                "max_attachment_bytes": settings.CHAT_MAX_ATTACHMENT_BYTES,
            }
        )


def _identity(request: HttpRequest, data: dict[str, Any]) -> Identity:
    """Verified by the portal's session or the business's signed token; else claims only."""
    if customer := _portal_customer(request):
        return Identity(customer)
    token = data.get("identity_token")
    if token:
        try:
            return Identity(signed.identify(str(token)).customer)
        except signed.TokenRefused as refused:
            raise ChatError("identity_refused", refused.message, refused.status) from None
    return services.claimed(data.get("name"), data.get("email"))


@_api(methods=("POST",), by="key")
def conversations(request: HttpRequest, widget: ChatWidget) -> HttpResponseBase:
    data = _body(request)
    limits.count("start", request)
    with translation.override(_language(request, data.get("language"))):
        started = services.start_conversation(
            widget,
            client_id=data.get("client_id"),
            message=data.get("message"),
            identity=lambda: _identity(request, data),
            language=str(data.get("language") or ""),
            page_url=str(data.get("page_url") or ""),
        )
    conversation = started.conversation
    messages = selectors.messages_after(conversation)
    return JsonResponse(
        {
            "conversation": str(conversation.public_id),
            "token": started.token,
            "verified": conversation.verified,
            "state": conversation.state,
            "messages": [message_json(m) for m in messages],
        },
        status=201,
    )


@_api(methods=("POST",), by="key")
def messages_left(request: HttpRequest, widget: ChatWidget) -> HttpResponseBase:
    data = _body(request)
    limits.count("left", request)
    with translation.override(_language(request, data.get("language"))):
        services.leave_message(
            widget,
            client_id=data.get("client_id"),
            body=data.get("body"),
            identity=lambda: _identity(request, data),
        )
    return JsonResponse({"received": True}, status=201)


@_api(methods=("GET", "POST"), by="token")
def messages(request: HttpRequest, conversation: Conversation) -> HttpResponseBase:
    if request.method == "GET":
        return _messages_after(request, conversation)
    data = _body(request)
    limits.count("message", request)
    posted = services.post_customer_message(
        conversation, client_id=data.get("client_id"), body=data.get("body")
    )
    message = posted.message
    return JsonResponse(
        {
            "seq": message.seq,
            "id": message.pk,
            "sent_at": message.sent_at.isoformat(),
            "client_id": message.client_id,
        },
        status=201 if posted.created else 200,
    )


def _messages_after(request: HttpRequest, conversation: Conversation) -> HttpResponseBase:
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        return error("invalid_seq", _("“after” must be a message number."), 400)
    found = [message_json(m) for m in selectors.messages_after(conversation, after)]
    if found:
        services.delivered_to_customer(conversation.pk, found[-1]["seq"])
    state = state_json(conversation)
    return JsonResponse({"state": state["state"], "agent": state["agent"], "messages": found})


@_api(methods=("POST",), by="token")
def attachments(request: HttpRequest, conversation: Conversation) -> HttpResponseBase:
    limits.count("file", request)
    upload = request.FILES.get("file")
    if upload is None:
        return error("no_file", _("Choose a file to send."), 400)
    if (upload.size or 0) > settings.CHAT_MAX_ATTACHMENT_BYTES:
        raise too_large()
    content = upload.read()
    posted = services.attach_file(
        conversation,
        client_id=request.POST.get("client_id"),
        filename=upload.name or "file",
        content=content,
    )
    return JsonResponse(message_json(posted.message), status=201 if posted.created else 200)


@_api(methods=("POST",), by="token")
def read(request: HttpRequest, conversation: Conversation) -> HttpResponseBase:
    seq = _body(request).get("seq")
    if isinstance(seq, str) and seq.isdigit():
        seq = int(seq)
    services.customer_read(conversation, seq)
    return HttpResponse(status=204)


@_api(methods=("POST",), by="token")
def end(request: HttpRequest, conversation: Conversation) -> HttpResponseBase:
    services.end_conversation(conversation)
    return HttpResponse(status=204)


@_api(methods=("POST",), by="token")
def transcript(request: HttpRequest, conversation: Conversation) -> HttpResponseBase:
    services.request_transcript(conversation)
    return HttpResponse(status=202)


def attachment_file(
    request: HttpRequest, message_id: int, signature: str, name: str
) -> HttpResponseBase:
    """A chat's file, for whoever was given its signed address (the customer's widget and the
    agent's desk); images shown inline, anything else downloaded."""
    if request.method != "GET" or not hmac.compare_digest(signature, file_signature(message_id)):
        return error("not_found", _("There is no such file."), 404)
    message = Message.objects.filter(pk=message_id).exclude(attachment_name="").first()
    if message is None or message.attachment_content is None:
        return error("not_found", _("There is no such file."), 404)
    response = HttpResponse(bytes(message.attachment_content), content_type=message.attachment_type)
    inline = message.attachment_type.startswith("image/")
    response["Content-Disposition"] = (
        f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(message.attachment_name)}"
    )
    patch_cache_control(response, no_store=True, private=True)
    # The widget shows images in <img> on the business's own site.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
