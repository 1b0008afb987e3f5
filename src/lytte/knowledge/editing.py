"""Writing in the knowledge base: a new article, the editor with its live preview, the
workflow buttons, an article's settings, history with diffs and restoring, translations side
by side. Thin: the services decide what is allowed and say why not."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lytte.accounts.decorators import current_staff, staff_required
from lytte.knowledge import selectors, services
from lytte.knowledge.forms import ArticleForm, NewArticleForm, StateForm, TextForm
from lytte.knowledge.models import Article, Revision, State, Translation
from lytte.knowledge.services import history
from lytte.knowledge.views import (
    LANGUAGES,
    article_or_404,
    attachments,
    desk_html,
    language_cells,
    language_or_404,
    workflow,
)

PREVIEW_LIMIT = 100_000


def _refuse_unless(request: HttpRequest, permission: str) -> None:
    if not current_staff(request).has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


def _service_errors(form: Form, error: ValidationError) -> None:
    """A service's refusal shown on the form, on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
@staff_required
def new_article(request: HttpRequest) -> HttpResponse:
    _refuse_unless(request, "knowledge.add_article")
    user = current_staff(request)
    form = NewArticleForm(
        request.POST or None,
        initial={"source_language": user.language or "nb", "visibility": "public"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # no half-made article if the text is refused
                article = services.create_article(
                    by=user,
                    source_language=data["source_language"],
                    visibility=data["visibility"],
                    category=data["category"],
                    tags=data["tags"],
                    reasons=data["reasons"],
                    related=data["related"],
                )
                services.save_translation(
                    article=article,
                    language=data["source_language"],
                    title=data["title"],
                    body=data["body"],
                    slug=data["slug"] or None,
                    note=data["note"],
                    by=user,
                )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            return redirect(
                "knowledge:read", article_id=article.pk, language=data["source_language"]
            )
    status = 422 if form.errors else 200
    return render(request, "knowledge/new.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def edit(request: HttpRequest, article_id: int, language: str) -> HttpResponse:
    """The editor: title, slug and Markdown with a live preview. For a language the article
    lacks, it starts from the source language's text (a new translation)."""
    _refuse_unless(request, "knowledge.change_article")
    user = current_staff(request)
    article = article_or_404(request, article_id)
    language_or_404(language)
    translation = selectors.translation_for(article, language)
    source = selectors.translation_for(article, article.source_language)
    if translation is not None:
        initial = {"title": translation.title, "slug": translation.slug, "body": translation.body}
    elif source is not None:
        initial = {"title": source.title, "body": source.body}
    else:
        initial = {}
    form = TextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_translation(
                article=article,
                language=language,
                title=data["title"],
                body=data["body"],
                slug=data["slug"] or None,
                note=data["note"],
                by=user,
            )
        except ValidationError as error:
            _service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:read", article_id=article.pk, language=language)
    context = {
        "article": article,
        "translation": translation,
        "source": source if language != article.source_language else None,
        "language": language,
        "language_name": LANGUAGES[language],
        "form": form,
        "cells": language_cells(article),
        "workflow": workflow(translation, user) if translation else [],
        "attachments": attachments(article),
        "preview": services.render(form["body"].value() or ""),
    }
    return render(request, "knowledge/edit.html", context, status=422 if form.errors else 200)


@require_POST
@staff_required
def preview(request: HttpRequest) -> HttpResponse:
    """The Markdown of the editor as readers will see it: the same sanitiser as saving."""
    _refuse_unless(request, "knowledge.change_article")
    body = request.POST.get("body", "")
    if len(body) > PREVIEW_LIMIT:
        return HttpResponse(_("The text is too long to preview."), status=413)
    return render(request, "knowledge/_preview.html", {"preview": services.render(body)})


@require_POST
@staff_required
def change_state(request: HttpRequest, article_id: int, language: str) -> HttpResponse:
    user = current_staff(request)
    article = article_or_404(request, article_id)
    translation = get_object_or_404(Translation, article=article, language=language)
    form = StateForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose a state."), status=400)
    try:
        services.set_state(translation, form.cleaned_data["state"], by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("knowledge:read", article_id=article.pk, language=language)
    messages.success(
        request,
        _("The text is now: %(state)s.") % {"state": State(translation.state).label},
    )
    return redirect("knowledge:read", article_id=article.pk, language=language)


@require_http_methods(["GET", "POST"])
@staff_required
def article_settings(request: HttpRequest, article_id: int) -> HttpResponse:
    """What the article is in every language: category, visibility, tags, contact reasons,
    related articles (chosen by title), and its files."""
    user = current_staff(request)
    article = article_or_404(request, article_id)
    initial = {
        "source_language": article.source_language,
        "category": article.category,
        "visibility": article.visibility,
        "tags": ", ".join(tag.name for tag in article.tags.all()),
        "reasons": list(article.reasons.all()),
        "related": list(article.related.all()),
    }
    form = ArticleForm(request.POST or None, initial=initial)
    if request.method == "POST":
        _refuse_unless(request, "knowledge.change_article")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.change_article(
                    article,
                    by=user,
                    source_language=data["source_language"],
                    visibility=data["visibility"],
                    category=data["category"],
                    tags=data["tags"],
                    reasons=data["reasons"],
                    related=data["related"],
                )
            except ValidationError as error:
                _service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("knowledge:settings", article_id=article.pk)
    related = form.cleaned_data["related"] if form.is_bound and form.is_valid() else None
    chosen = related if related is not None else article.related.all()
    context = {
        "article": article,
        "form": form,
        "title": _title_of(article),
        "related": [(other, _title_of(other)) for other in chosen],
        "attachments": attachments(article),
        "cells": language_cells(article),
    }
    return render(request, "knowledge/settings.html", context, status=422 if form.errors else 200)


def _title_of(article: Article) -> str:
    found = selectors.shown_translation(article)
    return found.title if found else f"#{article.pk}"


@require_GET
@staff_required
def related_options(request: HttpRequest, article_id: int) -> HttpResponse:
    """Articles whose title matches what the editor typed, to tick as related."""
    article = article_or_404(request, article_id)
    query = request.GET.get("q", "").strip()[:100].replace("\x00", "")
    found: list[tuple[Article, str]] = []
    if query:
        ids = (
            Translation.objects.filter(title__icontains=query)
            .exclude(article=article)
            .values_list("article_id", flat=True)
            .distinct()[:10]
        )
        found = [
            (other, _title_of(other))
            for other in Article.objects.filter(pk__in=list(ids)).prefetch_related("translations")
        ]
    return render(request, "knowledge/_related_options.html", {"found": found, "query": query})


@require_GET
@staff_required
def revisions(request: HttpRequest, article_id: int, language: str) -> HttpResponse:
    """A translation's history; with ?old=&new= (versions) the diff between the two."""
    article = article_or_404(request, article_id)
    translation = get_object_or_404(Translation, article=article, language=language)
    saved = list(translation.revisions.select_related("author").order_by("-version"))
    by_version = {revision.version: revision for revision in saved}
    old, new = _version(request, "old"), _version(request, "new")
    compared = None
    if old is not None or new is not None:
        if old not in by_version or new not in by_version:
            raise Http404(_("There is no such version."))
        first, second = sorted([by_version[old], by_version[new]], key=lambda r: r.version)
        compared = history.diff(first, second)
    elif len(saved) > 1:
        compared = history.diff(saved[1], saved[0])
    context = {
        "article": article,
        "translation": translation,
        "revisions": saved,
        "compared": compared,
        "language_name": LANGUAGES.get(language, language),
        "may_restore": not (
            translation.state in (State.PUBLISHED, State.ARCHIVED)
            and not services.may_publish(current_staff(request))
        )
        and current_staff(request).has_perm("knowledge.change_article"),
    }
    return render(request, "knowledge/history.html", context)


def _version(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@require_POST
@staff_required
def restore(request: HttpRequest, article_id: int, language: str, version: int) -> HttpResponse:
    user = current_staff(request)
    article = article_or_404(request, article_id)
    revision = get_object_or_404(
        Revision, translation__article=article, translation__language=language, version=version
    )
    try:
        history.restore(revision, by=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(version)s restored.") % {"version": version})
    return redirect("knowledge:history", article_id=article.pk, language=language)


@require_GET
@staff_required
def translations(request: HttpRequest, article_id: int) -> HttpResponse:
    """Every language of the article: which are missing or outdated; with ?language= one of
    them beside the source text."""
    article = article_or_404(request, article_id)
    source = selectors.translation_for(article, article.source_language)
    language = request.GET.get("language", "")
    other = None
    if language in LANGUAGES and language != article.source_language:
        other = selectors.translation_for(article, language)
    context = {
        "article": article,
        "source": source,
        "other": other,
        "source_body": desk_html(source) if source else "",
        "other_body": desk_html(other) if other else "",
        "language": language if language in LANGUAGES else "",
        "cells": language_cells(article),
        "title": _title_of(article),
    }
    return render(request, "knowledge/translations.html", context)
