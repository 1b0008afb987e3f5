"""Which sites may use a widget's HTTP API from the browser (CORS): the widget's allowed
origins, and this site itself (the portal). A request from another origin is refused before it
does anything, and its answer carries no Access-Control-Allow-Origin, so the browser withholds
it from the page too. The API is authenticated by the widget key and the conversation token,
never by cookies, so no credentials are ever allowed cross-origin."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from lytte.chat.models import ChatWidget

MAX_AGE = 600  # seconds a browser may cache a preflight's answer


def request_origin(request: HttpRequest) -> str | None:
    origin = request.headers.get("Origin")
    return origin.rstrip("/") if origin and origin != "null" else origin


def own_origins(request: HttpRequest) -> set[str]:
    """This site's origins: its host as the request reached it (over either scheme: behind a
    TLS proxy the request itself may say http), and as LYTTE_BASE_URL names it."""
    host = request.get_host()
    origins = {f"http://{host}", f"https://{host}"}
    if settings.BASE_URL:
        parts = urlsplit(settings.BASE_URL)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return origins


def same_origin(request: HttpRequest) -> bool:
    """A request from this site's own pages (or from no browser page at all)."""
    origin = request_origin(request)
    return origin is None or origin in own_origins(request)


def allowed(request: HttpRequest, widget: ChatWidget | None) -> bool:
    """Whether the page that sent `request` may use `widget`; None (an unknown key or token)
    lets the 404 through to any page: it tells nothing."""
    if same_origin(request) or widget is None:
        return True
    return request_origin(request) in widget.origins()


def add_headers(
    request: HttpRequest, response: HttpResponseBase, *, preflight: bool = False
) -> None:
    origin = request_origin(request)
    response["Vary"] = "Origin"
    if origin is None or same_origin(request):
        return
    response["Access-Control-Allow-Origin"] = origin
    if preflight:
        response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Content-Type, X-Lytte-Identity"
        response["Access-Control-Max-Age"] = str(MAX_AGE)
