"""Following (decision 48): the follow buttons of a thread and a category, the member's page of
what they follow and how they get emails, and the one-click stop link of every mail, which
works without signing in: a GET shows a button (mail scanners open links), a POST stops, as
RFC 8058's one-click "List-Unsubscribe=One-Click" from the mail client does."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lytte.accounts.decorators import is_htmx
from lytte.community import selectors
from lytte.community.access import Visitor, member_required, sign_in_url, visitor
from lytte.community.following.models import Delivery, Follow
from lytte.community.services import following
from lytte.community.views import found_thread


class PreferencesForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("Email me"), choices=Delivery.choices, widget=forms.RadioSelect
    )
    follow_own = forms.BooleanField(label=_("Follow the threads I ask or reply in"), required=False)
    mentions = forms.BooleanField(label=_("Email me when someone mentions me"), required=False)


@never_cache
@require_POST
@member_required
def follow_thread(request: HttpRequest, lang: str, who: Visitor, thread_id: int) -> HttpResponse:
    found = found_thread(lang, thread_id, who)
    now = following.toggle_follow(who.member, thread=found)  # type: ignore[arg-type]
    if is_htmx(request):
        return render(
            request,
            "community/_follow.html",
            {"following": now, "action": request.path, "target": "thread"},
        )
    return redirect("community:thread", lang=lang, thread_id=found.pk)


@never_cache
@require_POST
@member_required
def follow_category(request: HttpRequest, lang: str, who: Visitor, slug: str) -> HttpResponse:
    chosen = selectors.category_in(lang, slug)
    if chosen is None:
        raise Http404
    now = following.toggle_follow(who.member, category=chosen)  # type: ignore[arg-type]
    if is_htmx(request):
        return render(
            request,
            "community/_follow.html",
            {"following": now, "action": request.path, "target": "category"},
        )
    return redirect("community:category", lang=lang, slug=chosen.slug)


@never_cache
@require_http_methods(["GET", "POST"])
def follows(request: HttpRequest, lang: str) -> HttpResponse:
    """What the member follows, each with "stop", and their email settings. A suspended
    member may stop following and change settings."""
    who = visitor(request)
    if who.customer is None:
        return redirect(sign_in_url(lang, request.path))
    if who.member is None or who.member.erased_at is not None:
        return redirect(
            f"{reverse('community:name', args=[lang])}?{urlencode({'next': request.path})}"
        )
    member = who.member
    current = following.preferences(member)
    form = PreferencesForm(
        request.POST if "delivery" in request.POST else None,
        initial={
            "delivery": current.delivery,
            "follow_own": current.follow_own,
            "mentions": current.mentions,
        },
    )
    status = 200
    if request.method == "POST":
        if "stop" in request.POST:
            stop = request.POST["stop"]
            if not stop.isdigit() or not following.stop_following(member, int(stop)):
                raise Http404
            return redirect(f"{request.path}?stopped=1")
        if not form.is_valid():
            status = 400
        else:
            following.set_preferences(member, **form.cleaned_data)
            return redirect(f"{request.path}?saved=1")
    rows = Follow.objects.filter(member=member).select_related("thread", "category")
    return render(
        request,
        "community/follows.html",
        {
            "form": form,
            "threads": [f for f in rows.order_by("-created_at") if f.thread_id],
            "categories": [f for f in rows.order_by("-created_at") if f.category_id],
            "saved": "saved" in request.GET,
            "stopped": "stopped" in request.GET,
        },
        status=status,
    )


@never_cache
@csrf_exempt  # RFC 8058: the mail client posts the one-click stop; the signed token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    found = following.read_token(token)
    if found is None:
        raise Http404
    done = request.method == "POST"
    if done:
        following.unsubscribe(found)
    elif found.what not in (following.MENTIONS, following.EVERYTHING) and found.follow is None:
        done = True  # stopped already (on the follows page, or by this link)
    return render(
        request,
        "community/unsubscribe.html",
        {"found": found, "done": done, "what": found.what},
    )
