"""The widget's own answers: /chat/widget.js, the one script a business puts on its pages, and
the help-centre articles it suggests for what a customer types before a chat starts.

The script is served by a view, not as a hashed static file, because its address is pasted
into other sites and never changes: browsers keep it a few minutes and then ask again with its
ETag (a 304 when nothing changed)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from lytte.chat import cors
from lytte.chat.selectors import widget_by_key
from lytte.knowledge.search import Audience, suggest
from lytte.portal.help.forms import QUERY_LENGTH
from lytte.portal.language import CODES

SCRIPT = "chat/widget.js"
SCRIPT_MAX_AGE = 300  # seconds: a fix reaches every site within five minutes
ARTICLES = 3  # never more: the way to a person stays in sight


@lru_cache(maxsize=4)
def _script(path: str, modified: float) -> tuple[bytes, str]:
    content = Path(path).read_bytes()
    return content, '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


@require_GET
def script(request: HttpRequest) -> HttpResponse:
    path = finders.find(SCRIPT)
    if not isinstance(path, str):
        raise FileNotFoundError(SCRIPT)  # a broken installation, not a visitor's mistake
    content, etag = _script(path, Path(path).stat().st_mtime)
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type="text/javascript; charset=utf-8")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=SCRIPT_MAX_AGE)
    # Other sites load it with <script src>: let them, whatever their own policy says.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@require_GET
def articles(request: HttpRequest, key: str) -> HttpResponse:
    """GET /chat/api/<key>/articles?q=&lang=: up to three published public articles for what
    the customer typed, as {"articles": [{"title", "url"}]}; the help centre's own suggestions
    (`knowledge.search.suggest`), so the widget and the search box agree."""
    widget = widget_by_key(key)
    if widget is None:
        return JsonResponse({"code": "not_found", "message": "No such chat widget."}, status=404)
    if not cors.allowed(request, widget):
        return JsonResponse(
            {"code": "origin_not_allowed", "message": "This site may not use the widget."},
            status=403,
        )
    language = request.GET.get("lang", "")
    if language not in CODES:
        language = settings.PORTAL_LANGUAGE
    query = request.GET.get("q", "").strip()[:QUERY_LENGTH]
    hits = suggest(query, language=language, audience=Audience.PUBLIC, limit=ARTICLES)
    found = [
        {
            "title": hit.title,
            "url": request.build_absolute_uri(
                reverse("portal:article", kwargs={"lang": hit.language, "slug": hit.slug})
            ),
        }
        for hit in hits
    ]
    response = JsonResponse({"articles": found})
    cors.add_headers(request, response)
    return response
