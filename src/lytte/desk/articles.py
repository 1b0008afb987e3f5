"""Articles beside the case: what the knowledge base has for the case's text as the agent types,
and an article taken into the email reply (decision 34)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lytte.accounts.decorators import current_staff, staff_required
from lytte.accounts.models import User
from lytte.cases import selectors
from lytte.cases.models import Case, Status
from lytte.desk.knowledge import email_text, query_words, search_language, suggest_articles
from lytte.desk.workspace import workable_case
from lytte.knowledge.links import public_path, reading_path
from lytte.knowledge.models import SearchSource, State, Translation, Visibility
from lytte.knowledge.services import record_click, record_search
from lytte.mail import selectors as mail_selectors


def _languages(case: Case, agent: User) -> list[str]:
    """The customer's language when Lytte knows it, then the agent's."""
    agents = search_language(agent.language, get_language())
    customers = search_language(case.customer.language, agents) if case.customer else agents
    return list(dict.fromkeys([customers, agents]))


def case_text(case: Case, typed: str) -> str:
    """What the case is about: what the agent is typing (before they type, what the customer
    wrote last), then its subject; what comes first wins a tie."""
    typed = typed.replace("\x00", "").strip()[:5000] or selectors.last_customer_text(case)[:5000]
    return f"{typed}\n{case.subject}".strip()


@require_http_methods(["GET"])
@staff_required
def suggestions(request: HttpRequest, number: int) -> HttpResponse:
    """The three articles that best answer the case's text: read on every pause in typing, and
    recorded only once the agent uses one (see `used`)."""
    agent = current_staff(request)
    case = workable_case(agent, number)
    text = case_text(case, request.GET.get("note", ""))
    for language in _languages(case, agent):
        hits = suggest_articles(text, language=language)
        if hits:
            break
    reply = mail_selectors.reply_target(case) if hits else None
    translations = Translation.objects.select_related("article").in_bulk(
        [hit.translation_id for hit in hits]
    )
    context = {
        "case": case,
        "articles": [
            {
                "hit": hit,
                "path": reading_path(translations[hit.translation_id]),
                "internal": translations[hit.translation_id].article.visibility
                == Visibility.INTERNAL,
            }
            for hit in hits
            if hit.translation_id in translations
        ],
        "query": " ".join(query_words(text, language)),
        "language": language,
        "can_reply": bool(reply and reply.mailbox) and case.status != Status.CLOSED,
    }
    return render(request, "desk/_suggested_articles.html", context)


@require_http_methods(["POST"])
@staff_required
def used(request: HttpRequest, number: int) -> JsonResponse:
    """The agent opened a suggested article or took it into the reply: the search that found it
    (`q`, `results`) and the click are recorded, and the answer holds what goes into the reply:
    the help centre's link for a public article, else its text."""
    workable_case(current_staff(request), number)
    raw = request.POST.get("translation", "")
    translation = (
        Translation.objects.select_related("article")
        .filter(pk=int(raw) if raw.isdigit() else 0, state=State.PUBLISHED)
        .first()
    )
    if translation is None:
        raise Http404(_("There is no such article."))
    results = request.POST.get("results", "")
    search = record_search(
        source=SearchSource.DESK,
        language=translation.language,
        query=request.POST.get("q", "").replace("\x00", "").strip()[:200],
        results=int(results) if results.isdigit() else 1,
    )
    record_click(search_id=search.pk, translation=translation)
    return JsonResponse({"insert": _insertion(request, translation)})


def _insertion(request: HttpRequest, translation: Translation) -> str:
    base_url = settings.BASE_URL.rstrip("/") or request.build_absolute_uri("/").rstrip("/")
    if translation.article.visibility == Visibility.PUBLIC:
        return f"{translation.title}: {base_url}{reading_path(translation)}"
    page = public_path(translation.language, translation.slug)
    return email_text(translation.body, base_url=base_url, page=page)
