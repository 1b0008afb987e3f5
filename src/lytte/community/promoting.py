"""Answers become knowledge: the editor's one click on a solved thread (issue 16). Thin:
`services.promote` checks who may and writes; the editor lands in the new draft's editor."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lytte.community import policies, services
from lytte.community.views import found_thread


@never_cache
@require_POST
def promote(request: HttpRequest, lang: str, thread_id: int) -> HttpResponse:
    """Signed-out people go to the staff sign-in (and back to the thread), non-editors are
    refused (403); a thread with nothing to promote (no accepted answer any more) sends the
    editor back to it."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("community:thread", args=[lang, thread_id]))
    if not policies.is_editor(request.user):
        raise PermissionDenied
    found = found_thread(lang, thread_id)
    already = hasattr(found, "promotion")
    if not already and not policies.can_promote(found, request.user):
        return redirect("community:thread", lang=found.language, thread_id=found.pk)
    article = services.promote(thread=found, by=request.user)
    return redirect("knowledge:edit", article_id=article.pk, language=article.source_language)
