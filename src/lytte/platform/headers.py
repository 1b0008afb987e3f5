"""Security headers on every response Django makes (decision 0022); static files (served by
WhiteNoise, before this middleware) keep their long cache.

- Content-Security-Policy: scripts only from our own files, never inline or eval'd. Inline
  styles stay allowed (htmx and Plotly set style attributes); no inline script is. A view that
  sets a stricter policy of its own (attachments) keeps it.
- Cache-Control: no-store, private on every answer to a signed-in person and on the API, which
  can hold personal data; a view that declares its answer public (the content-hashed Plotly
  bundle) keeps its own.
- Strict-Transport-Security when LYTTE_SECURE_COOKIES says the site is served over HTTPS, also
  behind a TLS-terminating proxy (a browser ignores the header over plain HTTP).
- Permissions-Policy: none of the browser's powerful features.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.deprecation import MiddlewareMixin

# Extend here when a page needs more (and say why in a decision record).
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",  # plus this host's WebSocket origins, per request
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()"
)


def content_security_policy(request: HttpRequest) -> str:
    directives = dict(CSP)
    try:
        host = request.get_host()
    except DisallowedHost:
        host = ""
    if host:
        # 'self' covers ws:/wss: of the same host in CSP 3; older browsers need them named.
        directives["connect-src"] += f" ws://{host} wss://{host}"
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _may_hold_personal_data(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or request.path.startswith("/api/")


def _declared_public(response: HttpResponseBase) -> bool:
    cache_control = response.get("Cache-Control", "")
    return "public" in cache_control or "immutable" in cache_control


class SecurityHeadersMiddleware(MiddlewareMixin):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response.headers.setdefault("Content-Security-Policy", content_security_policy(request))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _may_hold_personal_data(request) and not _declared_public(response):
            if "Cache-Control" in response:
                del response["Cache-Control"]  # e.g. an attachment's "private, max-age=3600"
            patch_cache_control(response, no_store=True, private=True)
        if settings.SECURE_HSTS_SECONDS:
            hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                hsts += "; includeSubDomains"
            response.headers.setdefault("Strict-Transport-Security", hsts)
        return response
