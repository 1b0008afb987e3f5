"""Lytte's REST API, mounted at /api/v1/: the routers, who may call, and how errors read.

Every error is JSON with a `detail`: a message (400, 401, 403, 404, 500), or for 422 a list of
{"loc": ["body", field], "msg": message} — the shape Ninja uses for its own validation, so a
client handles a malformed field and a rule the service refused in one place. What the OpenAPI
schema forbids is refused with that 422 (decision 0023).
"""

from __future__ import annotations

import logging

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestInvalid

from lytte.api import (
    calls,
    cases,
    contacts,
    customers,
    identify,
    organizations,
    privacy,
    reasons,
    teams,
)
from lytte.api.auth import SessionAuth, TokenAuth
from lytte.api.docs import docs_access
from lytte.customers.addresses import InvalidAddress

api = NinjaAPI(
    title="Lytte",
    version="1",
    description=(
        "Customers, cases and contacts of Lytte. Authenticate with a personal API token "
        "(`Authorization: Bearer lyt_…`, from your account page) or a signed-in session "
        "(unsafe methods then need the `X-CSRFToken` header)."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_decorator=docs_access,
)

api.add_router("/customers", customers.router)
api.add_router("/customers", privacy.router)
api.add_router("/identify", identify.router)
api.add_router("/organizations", organizations.router)
api.add_router("/cases", cases.router)
api.add_router("/contacts", contacts.router)
api.add_router("/reasons", reasons.router)
api.add_router("/teams", teams.router)
api.add_router("/calls", calls.router)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, {"detail": _("Sign in or send an API token.")}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="lytte"'
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(InvalidAddress)
def invalid_address(request: HttpRequest, exc: InvalidAddress) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=400)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": field_errors(exc)}, status=422)


@api.exception_handler(RequestInvalid)
def malformed(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
    """Ninja's own 422, with the body's parameter name left out of `loc` (every endpoint calls
    it `payload`), so ["body", "name"] means the same field whoever refused it."""
    errors = [
        {**error, "loc": ["body", *error["loc"][2:]]}
        if list(error.get("loc", ())[:2]) == ["body", "payload"]
        else error
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": errors}, status=422)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug or an outage: JSON like every other answer (Django's error page is HTML), with the
    traceback in the log and never in the response."""
    logging.getLogger("django.request").error(
        "Internal Server Error: %s",
        request.path,
        exc_info=exc,
        extra={"status_code": 500, "request": request},
    )
    message = _("Something went wrong on the server. Try again later.")
    response = api.create_response(request, {"detail": message}, status=500)
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django would log it again
    return response


def field_errors(exc: ValidationError) -> list[dict[str, object]]:
    """A service's ValidationError ({field: [messages]} or plain messages) as Ninja's list."""
    if not hasattr(exc, "error_dict"):
        return [{"loc": ["body"], "msg": message} for message in exc.messages]
    return [
        {"loc": ["body"] if field == NON_FIELD_ERRORS else ["body", field], "msg": message}
        for field, messages in exc.message_dict.items()
        for message in messages
    ]
