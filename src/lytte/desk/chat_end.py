"""What an agent does to a chat beyond writing: hand it on with a note, finish it with the
contact reason (required, as for a call), say who an unverified customer is after checking,
and find a knowledge article to link in the answer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lytte.accounts.decorators import current_staff, staff_required
from lytte.cases import services as cases
from lytte.cases.models import Status
from lytte.chat import services
from lytte.chat.services import ChatError
from lytte.customers.models import Customer
from lytte.customers.selectors import search_customers
from lytte.desk.chat_forms import EndForm, TransferForm
from lytte.desk.chat_view import conversation_context
from lytte.desk.chats import visible_conversation
from lytte.desk.knowledge import query_words, search_language, suggest_articles
from lytte.insights.services import record_choice
from lytte.knowledge.links import reading_path
from lytte.knowledge.models import Translation, Visibility


@require_POST
@staff_required
def transfer(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = current_staff(request)
    chat = visible_conversation(user, conversation_id)
    form = TransferForm(request.POST, agent=user)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect("desk:chat", conversation_id=chat.pk)
    data = form.cleaned_data
    try:
        services.transfer(
            chat, user, to_agent=data["to_agent"], to_team=data["to_team"], note=data["note"]
        )
    except (ChatError, PermissionDenied) as refused:
        messages.error(request, refused.message if isinstance(refused, ChatError) else str(refused))
        return redirect("desk:chat", conversation_id=chat.pk)
    messages.success(request, _("The chat is handed on."))
    return redirect("desk:chats")


@require_POST
@staff_required
def finish(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """End the chat (unless the customer did) and log its reason on the case: both or neither.
    Without a reason nothing happens and the form says so (422)."""
    user = current_staff(request)
    chat = visible_conversation(user, conversation_id)
    form = EndForm(request.POST)
    if form.is_valid() and chat.case is not None:
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.end_conversation(chat, user)
                case = chat.case
                case.refresh_from_db()
                cases.record_work(
                    case=case,
                    agent=user,
                    note=data["note"],
                    reason=data["reason"],
                    status=Status.RESOLVED if data["resolved"] else None,
                )
        except ChatError as refused:
            form.add_error(None, refused.message)
        except (PermissionDenied, ValidationError) as refused:
            form.add_error(None, " ".join(getattr(refused, "messages", [str(refused)])))
        else:
            token = request.POST.get("suggestion", "")
            if token:
                record_choice(case=case, token=token, chosen=data["reason"], agent=user)
            messages.success(request, _("The chat has ended and its reason is logged."))
            return redirect("desk:chats")
    chat.refresh_from_db()
    context = conversation_context(chat, user, end_form=form)
    return render(request, "desk/chat.html", context, status=422)


@require_GET
@staff_required
def customer_options(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Customers matching what the agent types, to link an unverified chat after checking."""
    chat = visible_conversation(current_staff(request), conversation_id)
    text = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    found = list(search_customers(text)[:8]) if len(text) >= 2 else []
    return render(request, "desk/_chat_customers.html", {"chat": chat, "customers": found})


@require_POST
@staff_required
def link_customer(request: HttpRequest, conversation_id: int) -> HttpResponse:
    user = current_staff(request)
    chat = visible_conversation(user, conversation_id)
    raw = request.POST.get("customer", "")
    customer = Customer.objects.filter(pk=int(raw) if raw.isdigit() else 0).first()
    if customer is None:
        messages.error(request, _("Choose a customer from the list."))
        return redirect("desk:chat", conversation_id=chat.pk)
    try:
        services.link_customer(chat, customer, user)
    except (ChatError, PermissionDenied) as refused:
        messages.error(request, refused.message if isinstance(refused, ChatError) else str(refused))
    else:
        messages.success(request, _("The chat is now %(name)s's.") % {"name": customer.name})
    return redirect("desk:chat", conversation_id=chat.pk)


@require_GET
@staff_required
def articles(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Public articles for what the agent types (or the customer wrote), in the chat's
    language: a link to one goes into the answer (chat.js, through desk:article-used)."""
    user = current_staff(request)
    chat = visible_conversation(user, conversation_id)
    language = search_language(chat.language, user.language, get_language())
    text = request.GET.get("q", "").replace("\x00", "").strip()[:2000]
    if not text and chat.case is not None:
        text = chat.case.subject
    hits = suggest_articles(text, language=language, limit=5) if text else []
    translations = Translation.objects.select_related("article").in_bulk(
        [hit.translation_id for hit in hits]
    )
    found = [
        {"hit": hit, "path": reading_path(translations[hit.translation_id])}
        for hit in hits
        if hit.translation_id in translations
        and translations[hit.translation_id].article.visibility == Visibility.PUBLIC
    ]
    context = {
        "chat": chat,
        "articles": found[:3],
        "query": " ".join(query_words(text, language)),
    }
    return render(request, "desk/_chat_articles.html", context)
