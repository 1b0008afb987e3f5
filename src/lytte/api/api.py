"""Lytte's REST API, mounted at /api/v1/: the routers, who may call, and how errors read.

Every error is JSON with a `detail`: a message (400, 401, 403, 404, 500), or for 422 a list of
{"loc": ["body", field], "msg": message} — the shape Ninja uses for its own validation, so a
client handles a malformed field and a rule the service refused in one place. What the OpenAPI
schema forbids is refused with that 422 (decision 0023).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    ValidationError,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid

from lytte.api import (
    calendars,
    calls,
    cases,
    contacts,
    customers,
    identify,
    knowledge,
    organizations,
    privacy,
    reasons,
    sla,
    teams,
)
from lytte.api.auth import CsrfFailed, SessionAuth, TokenAuth
from lytte.api.docs import docs_access
from lytte.api.errors import ErrorCode, error_body
from lytte.customers.addresses import InvalidAddress
from lytte.feedback import api as feedback

api = NinjaAPI(
    title="Lytte",
    version="1",
    description=(
        "Customers, cases and contacts of Lytte. Authenticate with a personal API token "
        "(`Authorization: Bearer lyt_…`, from your account page) or a signed-in session "
        "(unsafe methods then need the `X-CSRFToken` header). Every error is JSON with a "
        "`code` (see `ErrorCode`: stable, for programs) and a `detail` (in the language of the "
        "request, for people)."
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_decorator=docs_access,
)

api.add_router("/customers", customers.router)
api.add_router("/customers", privacy.router)
api.add_router("/identify", identify.router)
api.add_router("/knowledge", knowledge.router)
api.add_router("/organizations", organizations.router)
api.add_router("/cases", cases.router)
api.add_router("/contacts", contacts.router)
api.add_router("/reasons", reasons.router)
api.add_router("/teams", teams.router)
api.add_router("/calls", calls.router)
api.add_router("/calendars", calendars.router)
api.add_router("/sla-policies", sla.policies)
api.add_router("/cases", sla.case_router)
api.add_router("/surveys", feedback.router)


def _error(request: HttpRequest, code: ErrorCode, detail: Any, status: int) -> HttpResponse:
    return api.create_response(request, error_body(code, detail), status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    message = _("Sign in or send an API token.")
    response = _error(request, ErrorCode.NOT_AUTHENTICATED, message, 401)
    response["WWW-Authenticate"] = 'Bearer realm="lytte"'
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    code = ErrorCode.CSRF_FAILED if isinstance(exc, CsrfFailed) else ErrorCode.PERMISSION_DENIED
    message = str(exc) or _("You do not have permission to do this.")
    return _error(request, code, message, 403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, ErrorCode.NOT_FOUND, _("Not found."), 404)


@api.exception_handler(InvalidAddress)
def invalid_address(request: HttpRequest, exc: InvalidAddress) -> HttpResponse:
    return _error(request, ErrorCode.INVALID_ADDRESS, exc.message, 400)


@api.exception_handler(RequestDataTooBig)
def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """Django refuses to read a body past DATA_UPLOAD_MAX_MEMORY_SIZE: the client's fault."""
    message = _("The body is too large.")
    return _error(request, ErrorCode.PAYLOAD_TOO_LARGE, message, 413)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """Ninja's own refusals: a body it cannot parse as JSON (400) is the one it raises."""
    if exc.status_code != 400:  # no other is expected; a new one must get its own code
        return server_error(request, exc)
    return _error(request, ErrorCode.INVALID_BODY, _("The body is not valid JSON."), 400)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, ErrorCode.VALIDATION_FAILED, field_errors(exc), 422)


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
    return _error(request, ErrorCode.VALIDATION_FAILED, errors, 422)


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
    response = _error(request, ErrorCode.SERVER_ERROR, message, 500)
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django would log it again
    return response


def field_errors(exc: ValidationError) -> list[dict[str, object]]:
    """A service's ValidationError ({field: [errors]} or plain errors) as Ninja's list, each
    with the error's `code` as its `type` (as Ninja gives Pydantic's), "invalid" if it has none."""
    if not hasattr(exc, "error_dict"):
        return [_field_error(["body"], error) for error in exc.error_list]
    return [
        _field_error(["body"] if field == NON_FIELD_ERRORS else ["body", field], error)
        for field, errors in exc.error_dict.items()
        for error in errors
    ]


def _field_error(loc: list[str], error: ValidationError) -> dict[str, object]:
    message = " ".join(error.messages)  # one error of a list: its message, params filled in
    return {"loc": loc, "msg": message, "type": error.code or "invalid"}
