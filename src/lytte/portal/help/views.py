"""The public help centre: anyone may read it, signed in or not. Every page names its language in
its path (/help/<lang>/...), and every page shows how to reach a person."""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from lytte.accounts.decorators import is_htmx
from lytte.knowledge import services as knowledge
from lytte.knowledge.links import public_path
from lytte.knowledge.models import Category, Translation
from lytte.knowledge.search import Audience, search_articles, suggest
from lytte.portal import limits
from lytte.portal.help import selectors
from lytte.portal.help.forms import PAGES, QUERY_LENGTH, FeedbackForm, SearchForm
from lytte.portal.identity import current_customer
from lytte.portal.language import browser_language

RESULTS = 10  # a page of results
SUGGESTIONS = 5
# A result link carries its search, signed: nobody marks someone else's search as answered.
SEARCH_SALT = "lytte.portal.help.search"


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """/help/: the help centre in the browser's language when it is one of ours."""
    response = redirect("portal:home", lang=browser_language(request))
    patch_vary_headers(response, ["Accept-Language"])
    return response


@require_GET
def home(request: HttpRequest, lang: str) -> HttpResponse:
    return render(
        request,
        "portal/help/home.html",
        {
            "categories": selectors.category_tree(lang),
            "popular": selectors.popular(lang),
            "form": SearchForm(),
        },
    )


@require_GET
def category(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    chosen = get_object_or_404(Category, slug=slug)
    try:
        children = selectors.find_node(selectors.category_tree(lang), slug)[1].children
    except LookupError:
        children = []
    return render(
        request,
        "portal/help/category.html",
        {
            "category": chosen,
            "name": chosen.localized_name(lang),
            "trail": selectors.ancestors(chosen.parent, lang),
            "children": children,
            "articles": selectors.in_category(lang, chosen),
            "form": SearchForm(),
        },
    )


@require_GET
def article(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    translation = selectors.readable_translation(lang, slug)
    if translation is None:
        renamed = selectors.renamed_translation(lang, slug)
        if renamed is not None:
            query = request.META.get("QUERY_STRING", "")
            target = public_path(lang, renamed.slug) + (f"?{query}" if query else "")
            return HttpResponsePermanentRedirect(target)
        return _not_found(request, lang, slug)
    if search_id := _search_of(request.GET.get("s", "")):
        knowledge.record_click(search_id=search_id, translation=translation)
    return render(request, "portal/help/article.html", _reading(translation, request))


def _reading(translation: Translation, request: HttpRequest) -> dict[str, object]:
    translations = selectors.translations_of(translation)
    return {
        "translation": translation,
        "trail": selectors.ancestors(translation.article.category, translation.language),
        "related": selectors.related(translation),
        "language_alternates": {t.language: public_path(t.language, t.slug) for t in translations},
        "feedback_form": FeedbackForm(),
        "thanked": request.GET.get("feedback") == "thanks",
        "form": SearchForm(),
    }


def _not_found(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    """No such article for a customer here: what there is instead, and how to reach a person."""
    context = {
        "elsewhere": selectors.elsewhere(slug, lang),
        "form": SearchForm(initial={"q": slug.replace("-", " ")[:100]}),
    }
    return render(request, "portal/help/not_found.html", context, status=404)


@require_POST
def feedback(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    translation = selectors.readable_translation(lang, slug)
    if translation is None:
        return _not_found(request, lang, slug)
    form = FeedbackForm(request.POST)
    limited = form.is_valid() and not limits.allowed("feedback", request)
    if limited:
        form.add_error(None, limits.TOO_MANY_WRITES)
    if not form.is_valid():
        context = {"translation": translation, "feedback_form": form}
        status = limits.TOO_MANY if limited else 422 if is_htmx(request) else 400
        template = "portal/help/_feedback.html" if is_htmx(request) else "portal/help/article.html"
        if not is_htmx(request):
            context = {**_reading(translation, request), "feedback_form": form}
        return render(request, template, context, status=status)
    knowledge.record_feedback(
        translation=translation,
        helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"],
        customer=current_customer(request),
    )
    if is_htmx(request):
        return render(request, "portal/help/_feedback.html", {"thanked": True})
    url = reverse("portal:article", kwargs={"lang": lang, "slug": slug})
    return redirect(f"{url}?feedback=thanks#feedback")


@require_GET
def search(request: HttpRequest, lang: str) -> HttpResponse:
    form = SearchForm(request.GET)
    if "q" not in request.GET or not request.GET["q"].strip():
        return render(request, "portal/help/search.html", {"form": SearchForm(), "asked": False})
    if not form.is_valid():
        return render(
            request, "portal/help/search.html", {"form": form, "asked": False}, status=400
        )
    if not limits.allowed("search", request):
        context = {"form": form, "asked": False, "limited": limits.TOO_MANY_SEARCHES}
        return render(request, "portal/help/search.html", context, status=limits.TOO_MANY)
    query, page = form.cleaned_data["q"], form.cleaned_data["page"] or 1
    found = search_articles(query, language=lang, audience=Audience.PUBLIC, limit=RESULTS * page)
    token = request.GET.get("s", "")
    if page == 1 or _search_of(token) is None:  # a further page is the same search
        searched = knowledge.record_search(
            source="portal",
            language=lang,
            query=query,
            results=len(found),
            customer=current_customer(request),
        )
        token = signing.Signer(salt=SEARCH_SALT).sign(str(searched.pk))
    context = {
        "form": form,
        "asked": True,
        "query": query,
        "hits": found[RESULTS * (page - 1) :],
        "first": RESULTS * (page - 1) + 1,
        "last": len(found),
        "more": page + 1 if len(found) == RESULTS * page and page < PAGES else None,
        "search_token": token,
    }
    return render(request, "portal/help/search.html", context)


def _search_of(token: str) -> int | None:
    if not token:
        return None
    try:
        return int(signing.Signer(salt=SEARCH_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


@require_GET
def suggestions(request: HttpRequest, lang: str) -> HttpResponse:
    """Titles while the reader types (an htmx fragment); not recorded: only searches are."""
    form = SearchForm(request.GET)
    if len(request.GET.get("q", "")) > QUERY_LENGTH:
        return HttpResponse(status=400)
    if not limits.allowed("suggestions", request):
        return HttpResponse(status=limits.TOO_MANY)
    hits = []
    if form.is_valid():
        query = form.cleaned_data["q"]
        hits = suggest(query, language=lang, audience=Audience.PUBLIC, limit=SUGGESTIONS)
    return render(request, "portal/help/_suggestions.html", {"hits": hits})
