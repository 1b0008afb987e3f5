"""Who may read the API's docs and OpenAPI schema: LYTTE_API_DOCS (decision 19).

`staff` (the default): a signed-in member of staff or a valid API token, as for the API itself;
`public`: anyone; `off`: nobody (404). The schema names every endpoint and field, which helps
an attacker map the server as much as it helps an integrator."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.openapi.views import openapi_view

from lytte.accounts.roles import role_of
from lytte.accounts.services import authenticate_api_token
from lytte.api.errors import ErrorCode, error_body

DocsView = Callable[..., HttpResponse]


def _bearer(request: HttpRequest) -> str | None:
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _refusal(request: HttpRequest, is_page: bool) -> HttpResponse | None:
    """Why this caller may not read the docs under the `staff` setting, or None if they may."""
    token = _bearer(request)
    user = authenticate_api_token(token) if token else request.user
    if role_of(user) is not None:
        return None
    if getattr(user, "is_authenticated", False):
        message = _("Your account has no staff role on this site.")
        return JsonResponse(error_body(ErrorCode.PERMISSION_DENIED, message), status=403)
    if is_page and token is None:
        return redirect_to_login(request.get_full_path())
    message = _("Sign in or send an API token.")
    response = JsonResponse(error_body(ErrorCode.NOT_AUTHENTICATED, message), status=401)
    response["WWW-Authenticate"] = 'Bearer realm="lytte"'
    return response


def docs_access(view: DocsView) -> DocsView:
    """Wraps Ninja's docs page and schema view (NinjaAPI's `docs_decorator`)."""
    is_page = getattr(view, "func", None) is openapi_view

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.API_DOCS == "off":
            return JsonResponse(error_body(ErrorCode.NOT_FOUND, _("Not found.")), status=404)
        if settings.API_DOCS == "staff" and (refusal := _refusal(request, is_page)):
            return refusal
        return view(request, *args, **kwargs)

    return guarded
