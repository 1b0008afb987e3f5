"""The moderators' merge and split pages (issue 16): a form each, its errors shown on the form
(merge into itself, into another language's thread, a staff reply to start from...). Thin:
`services.merging` checks who may and writes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as format_date
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.community import selectors, services
from lytte.community.forms import MergeForm, SplitForm
from lytte.community.models import Post, Thread
from lytte.community.moderating import moderators_only


def _thread(thread_id: int) -> Thread:
    return get_object_or_404(Thread.objects.select_related("category"), pk=thread_id)


def _shown(thread: Thread) -> HttpResponse:
    return redirect("community:thread", lang=thread.language, thread_id=thread.pk)


@require_http_methods(["GET", "POST"])
@moderators_only
def merge(request: HttpRequest, moderator: object, lang: str, thread_id: int) -> HttpResponse:
    found = _thread(thread_id)
    form = MergeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            target = (
                Thread.objects.select_related("category")
                .filter(pk=form.cleaned_data["target"])
                .first()
            )
            if target is None:
                form.add_error("target", _("There is no thread with that number."))
            else:
                try:
                    merged = services.merge(source=found, target=target, moderator=moderator)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    return _shown(merged)
    return render(request, "community/merge.html", {"form": form, "thread": found}, status=status)


def _reply_choices(thread: Thread) -> list[tuple[int, str]]:
    rows = (
        Post.objects.filter(thread=thread, opening=False)
        .select_related("author", "staff")
        .order_by("created_at", "pk")
    )
    return [
        (
            post.pk,
            " · ".join(
                [
                    post.author.shown_name if post.author else _("Staff"),
                    format_date(post.created_at, "SHORT_DATETIME_FORMAT"),
                    truncatechars(" ".join(post.body.split()), 60)
                    if post.erased_at is None
                    else _("(removed)"),
                ]
            ),
        )
        for post in rows
    ]


@require_http_methods(["GET", "POST"])
@moderators_only
def split(request: HttpRequest, moderator: object, lang: str, thread_id: int) -> HttpResponse:
    found = _thread(thread_id)
    form = SplitForm(
        request.POST or None,
        initial={"post": request.GET.get("post"), "category": found.category_id},
        categories=selectors.categories(found.language),
        replies=_reply_choices(found),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            post = Post.objects.get(pk=form.cleaned_data["post"])
            try:
                new = services.split(
                    thread=found,
                    post=post,
                    title=form.cleaned_data["title"],
                    category=form.cleaned_data["category"],
                    moderator=moderator,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return _shown(new)
    return render(request, "community/split.html", {"form": form, "thread": found}, status=status)
