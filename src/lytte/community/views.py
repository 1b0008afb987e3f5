"""The community's reading pages: anyone may read, signed in or not. Every path names its
language (/help/<lang>/community/...); /help/community/ goes to the browser's language."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lytte.cases.models import Case
from lytte.cases.policies import can_view
from lytte.community import page_cache, policies, selectors
from lytte.community.access import Visitor, visitor
from lytte.community.finding import search_everything
from lytte.community.forms import ReplyForm
from lytte.community.models import FlagReason, Member, Revision, Thread
from lytte.community.quoting import quotable, quote
from lytte.community.reputation import standing
from lytte.community.services.following import is_following
from lytte.community.showing import shown
from lytte.community.structured import qa_page
from lytte.knowledge.services.markdown import render as render_markdown
from lytte.portal.language import browser_language


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    response = redirect("community:home", lang=browser_language(request))
    patch_vary_headers(response, ["Accept-Language"])
    return response


@never_cache  # it names the signed-in member
@require_GET
def home(request: HttpRequest, lang: str) -> HttpResponse:
    return render(
        request,
        "community/home.html",
        {"categories": selectors.categories(lang), "who": visitor(request)},
    )


@never_cache  # its follow button is the signed-in member's
@require_GET
def category(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    chosen = selectors.category_in(lang, slug)
    if chosen is None:
        raise Http404
    who = visitor(request)
    page = Paginator(selectors.threads(chosen, lang), selectors.THREADS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "community/category.html",
        {
            "category": chosen,
            "name": chosen.localized_name(lang),
            "page": page,
            "who": who,
            "following": is_following(who.member, category=chosen),
        },
    )


def found_thread(lang: str, thread_id: int, who: Visitor | None = None) -> Thread:
    """The thread, if it is shown: a thread whose opening post is held or hidden is found by
    its author (`who`) and moderators only."""
    found = selectors.thread(thread_id)
    if found is None or found.category.language not in ("", found.language):
        raise Http404
    if found.merged_into_id is not None:  # its address leads to the target (`thread`)
        raise Http404
    if not found.listed and not (
        who is not None
        and (who.moderator or (who.member is not None and found.author_id == who.member.pk))
    ):
        raise Http404
    return found


# A long thread's replies in pages (500 rendered took half a second). 30, as large Q&A sites
# page their answers: each post costs ~0.3 ms to build and print (decision 57's session-13
# addendum), and a phone's reader scrolls through 30 long enough.
REPLIES_PER_PAGE = 30


def thread_context(
    request: HttpRequest, found: Thread, form: ReplyForm | None, page: int | str | None = 1
) -> dict[str, Any]:
    """The thread page's context: the opening post on every page, the replies (the accepted
    answer first) REPLIES_PER_PAGE at a time; a page past the end is the last."""
    who = visitor(request)
    order = selectors.order(found, who.member, moderator=who.moderator)
    paged = Paginator(order.replies, REPLIES_PER_PAGE).get_page(page)
    accepted_id = found.accepted_id if found.accepted_id in order.replies else None
    wanted = [pk for pk in (order.opening, accepted_id) if pk is not None]
    built = selectors.posts_by_id(
        found, [*wanted, *paged.object_list], who.member, moderator=who.moderator
    )
    opening = built.get(order.opening) if order.opening else None
    accepted = built.get(accepted_id) if accepted_id else None
    return {
        "structured_data": qa_page(found, opening, accepted, order.public_replies),
        "thread": found,
        "opening": shown(opening, found, who) if opening else None,
        "replies": [shown(built[pk], found, who) for pk in paged.object_list if pk in built],
        "reply_count": len(order.replies),
        "page": paged,
        "who": who,
        "form": form or (ReplyForm() if _may_reply(found, who) else None),
        "suspended": who.member is not None and who.member.suspended(),
        "categories": selectors.categories(found.language) if who.moderator else [],
        "flag_reasons": FlagReason.choices,
        "escalated_case": _escalated_case(found, who),
        "promoted": selectors.promoted(found, who.staff),
        "can_promote": policies.can_promote(found, who.staff),
        "can_quote": _may_reply(found, who),
        "same_problem": selectors.same_problem_by(found, who.member),
        "following": is_following(who.member, thread=found),
        "can_same": (
            who.can_post and found.kind == "question" and found.author_id != who.member.pk  # type: ignore[union-attr]
        ),
    }


def _escalated_case(found: Thread, who: Visitor) -> Case | None:
    """The case the question became, for staff who may see it (decision 19)."""
    if who.staff is None or found.escalated_case_id is None:
        return None
    case = Case.objects.filter(pk=found.escalated_case_id).first()
    return case if case is not None and can_view(who.staff, case) else None


def _may_reply(found: Thread, who: Visitor) -> bool:
    if who.member is not None and who.can_post:
        return policies.can_reply(found, who.member) and found.listed
    return who.can_reply


@never_cache
@require_GET
def thread(request: HttpRequest, lang: str, thread_id: int) -> HttpResponse:
    target = selectors.merged_into(thread_id)
    if target is not None:  # merged by a moderator: the posts are there now, for good
        return redirect(
            "community:thread", lang=target.language, thread_id=target.pk, permanent=True
        )
    who = visitor(request)
    found = found_thread(lang, thread_id, who)
    if found.language != lang:
        return redirect("community:thread", lang=found.language, thread_id=found.pk)
    # A signed-out reader's page from the cache when it is current (decision 58).
    return page_cache.served(
        request, who, found, REPLIES_PER_PAGE, lambda: _thread_page(request, found)
    )


def _thread_page(request: HttpRequest, found: Thread) -> HttpResponse:
    context = thread_context(request, found, None, request.GET.get("page", 1))
    quoted = quotable(found, request.GET.get("quote", "")) if context["form"] else None
    if quoted is not None:
        context["form"] = ReplyForm(initial={"body": quote(quoted)})
    return render(request, "community/thread.html", context)


@require_GET
def post_link(request: HttpRequest, lang: str, thread_id: int, post_id: int) -> HttpResponse:
    """A post's lasting address: the thread's page it is on, at the post (a long thread's
    replies are paged, and a reply's page changes as an answer is accepted). The query, such as
    `flagged`, goes along."""
    target = selectors.merged_into(thread_id)
    who = visitor(request)
    found = target or found_thread(lang, thread_id, who)
    order = selectors.order(found, who.member, moderator=who.moderator)
    ids = order.replies
    if post_id not in ids and order.opening != post_id:
        raise Http404
    query = request.GET.copy()
    query.pop("page", None)
    number = ids.index(post_id) // REPLIES_PER_PAGE + 1 if post_id in ids else 1
    if number > 1:
        query["page"] = str(number)
    url = reverse("community:thread", args=[found.language, found.pk])
    return redirect(f"{url}{'?' + query.urlencode() if query else ''}#post-{post_id}")


@require_GET
def history(request: HttpRequest, lang: str, thread_id: int, post_id: int) -> HttpResponse:
    """A post's earlier texts, newest first (the public edit history)."""
    found = found_thread(lang, thread_id)
    post = found.posts.select_related("author", "staff").filter(pk=post_id).first()
    if post is None or post.erased_at is not None:
        raise Http404
    revisions = [
        (revision, render_markdown(revision.body))
        for revision in Revision.objects.filter(post=post).order_by("-replaced_at", "-pk")
    ]
    return render(
        request,
        "community/history.html",
        {"thread": found, "post": post, "html": render_markdown(post.body), "revisions": revisions},
    )


@require_GET
def similar(request: HttpRequest, lang: str) -> HttpResponse:
    """htmx, while a new question's title is typed: similar solved threads and articles."""
    text = request.GET.get("title", "")[:150]
    return render(
        request,
        "community/_similar.html",
        {
            "threads": selectors.similar_threads(text, lang),
            "articles": selectors.similar_articles(text, lang),
            "asked": text.strip(),
        },
    )


@require_GET
def search(request: HttpRequest, lang: str) -> HttpResponse:
    """One search box for the help centre's articles and the community's threads (the same
    Nordic search), in one list ranked together, solved threads higher (`finding`)."""
    query = " ".join(request.GET.get("q", "").split())[:200]
    results = search_everything(query, lang) if query else []
    context = {"query": query, "results": results, "total": len(results)}
    return render(request, "community/search.html", context)


@require_GET
def member(request: HttpRequest, lang: str, member_id: int) -> HttpResponse:
    """A member's public profile: the display name, reputation and badges; nothing else of the
    customer. An erased member has none."""
    found = Member.objects.filter(pk=member_id, erased_at__isnull=True).exclude(display_name="")
    shown_member = found.first()
    if shown_member is None:
        raise Http404
    context = {"member": shown_member, "standing": standing(shown_member)}
    return render(request, "community/member.html", context)
