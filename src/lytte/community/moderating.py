"""The moderators' pages and actions (issue 16): the moderation queue (held posts, flagged
posts, suspended members, and the log of every moderation action from the audit trail), hide,
unhide and approve a post, dismiss its flags, lock and move a thread, suspend a member; and
the members' flag. Thin: `services.moderation` checks who may and writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lytte.community import policies, selectors, services
from lytte.community.access import Visitor, member_required
from lytte.community.forms import FlagForm, MoveForm, SuspendForm
from lytte.community.models import Member, Post, Thread
from lytte.community.services.screening import why_held


def _moderator(request: HttpRequest) -> object:
    """The signed-in moderator: others are sent to the staff sign-in, or refused."""
    if not request.user.is_authenticated:
        raise _SignIn
    if not policies.is_moderator(request.user):
        raise PermissionDenied
    return request.user


class _SignIn(Exception):
    pass


def moderators_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Moderators only: the signed-out are sent to the staff sign-in, other people refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            moderator = _moderator(request)
        except _SignIn:
            return redirect_to_login(request.get_full_path())
        return view(request, moderator, *args, **kwargs)

    return never_cache(wrapper)


def _back(request: HttpRequest, lang: str, thread: Thread) -> HttpResponse:
    """To the queue when the action came from it, else to the thread."""
    if request.POST.get("next") == "queue":
        return redirect("community:moderation", lang=lang)
    return redirect("community:thread", lang=thread.language, thread_id=thread.pk)


def _thread(thread_id: int) -> Thread:
    return get_object_or_404(Thread.objects.select_related("category"), pk=thread_id)


def _post(thread_id: int, post_id: int) -> Post:
    return get_object_or_404(Post.objects.select_related("thread"), pk=post_id, thread_id=thread_id)


@require_GET
@moderators_only
def queue(request: HttpRequest, moderator: object, lang: str) -> HttpResponse:
    held = selectors.held_posts()
    for post in held:
        post.why = why_held(post.held_because)  # type: ignore[attr-defined]
    context = {
        "held": held,
        "flagged": selectors.flagged_posts(),
        "suspended": selectors.suspended_members(timezone.now()),
        "log": selectors.moderation_log(),
    }
    return render(request, "community/moderation.html", context)


ACTIONS = {
    "approve": services.approve,
    "hide": services.hide,
    "unhide": services.unhide,
}


@require_POST
@moderators_only
def moderate_post(
    request: HttpRequest, moderator: object, lang: str, thread_id: int, post_id: int
) -> HttpResponse:
    post = _post(thread_id, post_id)
    action = request.POST.get("action", "")
    if action == "dismiss":
        services.dismiss_flags(post=post, moderator=moderator)
    elif action in ACTIONS:
        try:
            ACTIONS[action](post=post, moderator=moderator)
        except ValidationError as refused:  # e.g. showing a post whose text retention removed
            messages.error(request, " ".join(refused.messages))
    else:
        raise Http404
    return _back(request, lang, post.thread)


@require_POST
@moderators_only
def lock(request: HttpRequest, moderator: object, lang: str, thread_id: int) -> HttpResponse:
    found = _thread(thread_id)
    locked = request.POST.get("locked") == "1"
    services.set_locked(thread=found, moderator=moderator, locked=locked)
    return _back(request, lang, found)


@require_POST
@moderators_only
def move(request: HttpRequest, moderator: object, lang: str, thread_id: int) -> HttpResponse:
    found = _thread(thread_id)
    form = MoveForm(request.POST, categories=selectors.categories(found.language))
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.move(thread=found, category=form.cleaned_data["category"], moderator=moderator)
    except ValidationError:
        return HttpResponse(status=400)
    return _back(request, lang, found)


@require_http_methods(["GET", "POST"])
@moderators_only
def suspend(request: HttpRequest, moderator: object, lang: str, member_id: int) -> HttpResponse:
    member = get_object_or_404(Member, pk=member_id, erased_at__isnull=True)
    form = SuspendForm(request.POST or None)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "lift":
        services.lift_suspension(member=member, moderator=moderator)
        return redirect("community:moderation", lang=lang)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            until = datetime.combine(form.cleaned_data["until"], time.max)
            try:
                services.suspend(
                    member=member,
                    moderator=moderator,
                    reason=form.cleaned_data["reason"],
                    until=timezone.make_aware(until),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("community:moderation", lang=lang)
    return render(
        request, "community/suspend.html", {"form": form, "member": member}, status=status
    )


@require_POST
@member_required
def flag(
    request: HttpRequest, lang: str, who: Visitor, thread_id: int, post_id: int
) -> HttpResponse:
    post = _post(thread_id, post_id)
    form = FlagForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    services.flag(
        post=post,
        member=who.member,  # type: ignore[arg-type]
        reason=form.cleaned_data["reason"],
        note=form.cleaned_data["note"],
    )
    url = reverse("community:post", args=[post.thread.language, thread_id, post.pk])
    return redirect(f"{url}?flagged={post.pk}")
