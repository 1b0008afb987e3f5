"""The staff side of the knowledge base: the list, reading, and following an old link. Editing
is in `editing`, files in `files`. Every view is for staff (decision 0031); what each may change
is decided by the services, which the views only call."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lytte.accounts.decorators import current_staff, staff_required
from lytte.knowledge import selectors
from lytte.knowledge.models import Article, State, Translation, Visibility
from lytte.knowledge.services import allowed_states, files

LANGUAGES = dict(settings.LANGUAGES)
PAGE_SIZE = 50
STATE_ACTIONS = {
    State.REVIEW: gettext_lazy("Submit for review"),
    State.PUBLISHED: gettext_lazy("Publish"),
    State.ARCHIVED: gettext_lazy("Archive"),
    State.DRAFT: gettext_lazy("Back to draft"),
}


def workflow(translation: Translation, user: Any) -> list[tuple[str, str]]:
    """The workflow buttons this person has for this translation: (state, label)."""
    return [
        (state, str(STATE_ACTIONS[State(state)])) for state in allowed_states(translation, user)
    ]


def attachments(article: Article) -> list[dict[str, Any]]:
    """The article's files, with where they are served and the Markdown that shows them."""
    return [
        {
            "pk": file.pk,
            "filename": file.filename,
            "size": file.size,
            "url": files.url(file),
            "markdown": files.markdown(file),
        }
        for file in article.attachments.defer("content")
    ]


def language_or_404(language: str) -> str:
    if language not in LANGUAGES:
        raise Http404(_("Unknown language."))
    return language


def article_or_404(request: HttpRequest, article_id: int) -> Article:
    return get_object_or_404(selectors.readable_articles(current_staff(request)), pk=article_id)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _filters(request: HttpRequest) -> selectors.ArticleFilters:
    get = request.GET
    return selectors.ArticleFilters(
        language=get.get("language", "") if get.get("language") in LANGUAGES else "",
        state=get.get("state", "") if get.get("state") in State.values else "",
        category=_int(get.get("category")),
        visibility=get.get("visibility", "") if get.get("visibility") in Visibility.values else "",
        status=get.get("status", "") if get.get("status") in ("missing", "outdated") else "",
        q=get.get("q", "")[:200].replace("\x00", ""),
    )


def language_cells(article: Article) -> list[dict[str, Any]]:
    """One cell per site language: its translation (with outdated marked) or missing."""
    texts = {t.language: t for t in article.translations.all()}
    source = texts.get(article.source_language)
    return [
        {
            "code": code,
            "name": name,
            "translation": texts.get(code),
            "outdated": code in texts and selectors.is_outdated(texts[code], source),
            "source": code == article.source_language,
        }
        for code, name in settings.LANGUAGES
    ]


def desk_html(translation: Translation) -> str:
    """The body as staff read it here: links between articles are written relative to the
    help centre's pages (`../other-slug/`), so in the desk they go through `follow`."""
    prefix = reverse("knowledge:follow", args=[translation.language, "x"])[: -len("x/")]
    return translation.body_html.replace('href="../', f'href="{prefix}')


@require_GET
@staff_required
def article_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    articles = selectors.filtered_articles(current_staff(request), filters)
    page = max(_int(request.GET.get("page")) or 1, 1)
    shown = list(articles[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    context = {
        "rows": [
            {
                "article": a,
                "cells": language_cells(a),
                "title": selectors.shown_translation(a, filters.language),
            }
            for a in shown[:PAGE_SIZE]
        ],
        "filters": filters,
        "page": page,
        "more": len(shown) > PAGE_SIZE,
        "languages": settings.LANGUAGES,
        "states": State.choices,
        "visibilities": Visibility.choices,
        "categories": selectors.categories(),
        "query": request.GET.copy(),
    }
    return render(request, "knowledge/list.html", context)


@require_GET
@staff_required
def read(request: HttpRequest, article_id: int, language: str) -> HttpResponse:
    user = current_staff(request)
    article = article_or_404(request, article_id)
    language_or_404(language)
    translation = selectors.translation_for(article, language)
    if translation is None:
        return redirect("knowledge:edit", article_id=article.pk, language=language)
    related = [
        (other, selectors.shown_translation(other, language))
        for other in article.related.prefetch_related("translations")
    ]
    context = {
        "article": article,
        "translation": translation,
        "body": desk_html(translation),
        "cells": language_cells(article),
        "workflow": workflow(translation, user),
        "related": related,
        "attachments": attachments(article),
        "language_name": LANGUAGES[language],
    }
    return render(request, "knowledge/read.html", context)


@require_GET
@staff_required
def follow(request: HttpRequest, language: str, slug: str) -> HttpResponse:
    """An article by its address in a language, old addresses included: where links between
    articles arrive in the desk."""
    translation, _old = selectors.find_by_slug(language_or_404(language), slug)
    if translation is None:
        raise Http404(_("There is no article at this address."))
    return redirect(reverse("knowledge:read", args=[translation.article_id, translation.language]))
