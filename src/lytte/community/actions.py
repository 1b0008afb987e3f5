"""The community's writing pages: ask, reply, edit, vote, "same problem", accept, and the
display name. Thin: the services check who may and write; these turn their answers into
pages (403 for a refusal, 429 for the rate limit, 400 for a form to correct)."""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lytte.accounts.decorators import is_htmx
from lytte.community import policies, selectors, services
from lytte.community.access import Visitor, member_required, sign_in_url, visitor
from lytte.community.forms import AskForm, DisplayNameForm, EditForm, ImageFields, ReplyForm
from lytte.community.models import Post, ThreadKind
from lytte.community.services.images import Prepared, prepare
from lytte.community.showing import shown
from lytte.community.views import found_thread, thread_context

RATE_LIMITED = 429


def _thread_url(lang: str, thread_id: int) -> str:
    return reverse("community:thread", args=[lang, thread_id])


def _post_url(lang: str, thread_id: int, post_id: int) -> str:
    """The post's lasting address, which finds the page it is on."""
    return reverse("community:post", args=[lang, thread_id, post_id])


def _image(form: ImageFields) -> Prepared | None:
    """The form's image checked and re-encoded (ValidationError if refused), or None."""
    upload = form.cleaned_data.get("image")
    if upload is None:
        return None
    return prepare(filename=upload.name, content=upload.read(), alt=form.cleaned_data["alt"])


def _post(lang: str, thread_id: int, post_id: int, who: Visitor | None = None) -> Post:
    """The post of a shown thread; of an unlisted one (its opening post held or hidden) for its
    author and moderators only (`who`)."""
    found = found_thread(lang, thread_id, who)
    post = Post.objects.select_related("thread", "author").filter(pk=post_id, thread=found).first()
    if post is None:
        raise Http404
    return post


@never_cache
@require_http_methods(["GET", "POST"])
@member_required
def ask(request: HttpRequest, lang: str, who: Visitor) -> HttpResponse:
    chosen = selectors.category_in(lang, request.GET.get("category", ""))
    form = AskForm(
        request.POST or None,
        request.FILES or None,
        categories=selectors.categories(lang),
        initial={"category": chosen.pk if chosen else None, "kind": ThreadKind.QUESTION},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                started = services.ask(
                    member=who.member,  # type: ignore[arg-type]
                    category=form.cleaned_data["category"],
                    language=lang,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    image=_image(form),
                )
            except ValidationError as error:
                form.add_error(None, error)
            except services.RateLimited:
                form.add_error(None, _("You have written a lot just now. Wait a little."))
                status = RATE_LIMITED
            else:
                return redirect("community:thread", lang=lang, thread_id=started.pk)
        else:
            form.fresh()
    title = form["title"].value() or ""
    context = {
        "form": form,
        "threads": selectors.similar_threads(title, lang) if title else [],
        "articles": selectors.similar_articles(title, lang) if title else [],
        "asked": title,
    }
    return render(request, "community/ask.html", context, status=status)


@never_cache
@require_POST
def reply(request: HttpRequest, lang: str, thread_id: int) -> HttpResponse:
    who = visitor(request)
    found = found_thread(lang, thread_id, who)
    if not who.can_reply:
        if who.customer is None and who.staff is None:
            return redirect(sign_in_url(lang, _thread_url(lang, thread_id)))
        if who.member is not None and who.member.suspended():
            context = {"member": who.member}
            return render(request, "community/suspended.html", context, status=403)
        return redirect(f"{reverse('community:name', args=[lang])}?next={request.path}")
    form = ReplyForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            post = services.reply(
                thread=found,
                body=form.cleaned_data["body"],
                member=who.member if who.can_post else None,
                staff=who.staff,
                image=_image(form),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.RateLimited:
            form.add_error(None, _("You have written a lot just now. Wait a little."))
            status = RATE_LIMITED
        else:
            return redirect(_post_url(lang, thread_id, post.pk))
    else:
        form.fresh()
    return render(
        request, "community/thread.html", thread_context(request, found, form), status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, lang: str, thread_id: int, post_id: int) -> HttpResponse:
    who = visitor(request)
    post = _post(lang, thread_id, post_id, who)
    if who.customer is None and who.staff is None:
        return redirect(sign_in_url(lang, request.path))
    initial = {"body": post.body, "title": post.thread.title}
    images = post.images.defer("content")
    form = EditForm(request.POST or None, request.FILES or None, initial=initial, images=images)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.edit(
                    post=post,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data["title"],
                    member=who.member,
                    staff=who.staff,
                    image=_image(form),
                    remove=form.cleaned_data["remove"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(_post_url(lang, thread_id, post.pk))
    elif not policies.can_edit(post, member=who.member, staff=who.staff):
        raise PermissionDenied
    return render(
        request,
        "community/edit.html",
        {"form": form, "post": post, "thread": post.thread},
        status=status,
    )


@require_POST
@member_required
def vote(
    request: HttpRequest, lang: str, who: Visitor, thread_id: int, post_id: int
) -> HttpResponse:
    post = _post(lang, thread_id, post_id)
    services.toggle_vote(post=post, member=who.member)  # type: ignore[arg-type]
    if is_htmx(request):
        item = shown(post, post.thread, who)
        voted = post.votes.filter(member=who.member).exists()
        item = replace(item, voted=voted)
        return render(request, "community/_vote.html", {"item": item, "thread": post.thread})
    return redirect(_post_url(lang, thread_id, post.pk))


@require_POST
@member_required
def same_problem(request: HttpRequest, lang: str, who: Visitor, thread_id: int) -> HttpResponse:
    found = found_thread(lang, thread_id)
    services.toggle_same_problem(thread=found, member=who.member)  # type: ignore[arg-type]
    if is_htmx(request):
        context = {
            "thread": found,
            "same_problem": selectors.same_problem_by(found, who.member),
            "same_count": found.same_problems.count(),
            "can_same": True,
        }
        return render(request, "community/_same_problem.html", context)
    return redirect(_thread_url(lang, thread_id))


@require_POST
@never_cache
def accept(request: HttpRequest, lang: str, thread_id: int, post_id: int) -> HttpResponse:
    post = _post(lang, thread_id, post_id)
    who = visitor(request)
    if who.customer is None and who.staff is None:
        return redirect(sign_in_url(lang, _thread_url(lang, thread_id)))
    services.accept(post=post, member=who.member, staff=who.staff)
    return redirect(_post_url(lang, thread_id, post.pk))


@require_POST
@never_cache
def pin(request: HttpRequest, lang: str, thread_id: int, post_id: int) -> HttpResponse:
    """Staff pin (or unpin) a staff reply as the official answer."""
    post = _post(lang, thread_id, post_id)
    who = visitor(request)
    if who.staff is None:
        return redirect_to_login(request.get_full_path())
    services.pin(post=post, staff=who.staff)
    return redirect(_post_url(lang, thread_id, post.pk))


@never_cache
@require_http_methods(["GET", "POST"])
def display_name(request: HttpRequest, lang: str) -> HttpResponse:
    who = visitor(request)
    wanted = request.GET.get("next") or request.POST.get("next") or ""
    if who.customer is None:
        return redirect(sign_in_url(lang, request.get_full_path()))
    initial = {"display_name": who.member.display_name if who.member else ""}
    form = DisplayNameForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.choose_display_name(who.customer, form.cleaned_data["display_name"])
            except ValidationError as error:
                form.add_error("display_name", error)
            else:
                if _own_portal_path(wanted):
                    return redirect(wanted)
                return redirect("community:home", lang=lang)
    return render(
        request,
        "community/name.html",
        {"form": form, "next": wanted, "member": who.member},
        status=status,
    )


def _own_portal_path(wanted: str) -> bool:
    """A path of this portal (as the sign-in's `next` is checked): no other host, no scheme."""
    return (
        wanted.startswith("/help/")
        and url_has_allowed_host_and_scheme(wanted, allowed_hosts=None)
        and "\\" not in wanted
    )
