"""Who is calling: staff with a personal API token (Bearer) or a browser session (with CSRF).

Both give the endpoint a `User` that holds a role; an authenticated user without one is
refused with 403. Endpoints then ask `require(request, "app.permission")`, the same
Django model permissions the UI checks.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from lytte.accounts.models import User
from lytte.accounts.roles import role_of
from lytte.accounts.services import authenticate_api_token


class CsrfFailed(PermissionDenied):
    """403 with its own code (`csrf_failed`): the client must fetch a CSRF token, not a role."""


def _staff_or_refuse(user: Any) -> User:
    if not isinstance(user, User) or role_of(user) is None:
        raise PermissionDenied(_("Your account has no staff role on this site."))
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer lyt_…`, a token created on the account page or with `lytte token`."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = authenticate_api_token(token.strip())
        return None if user is None else _staff_or_refuse(user)


class SessionAuth(APIKeyCookie):
    """The browser's Django session. Unsafe methods need the CSRF token (X-CSRFToken header),
    since a cookie is sent by any page that makes the browser call us."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # Checked in authenticate(), only for a signed-in user: a caller with no credentials
        # at all should hear 401, not a CSRF failure.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed(_("CSRF check failed. Send the CSRF token in the X-CSRFToken header."))
        return _staff_or_refuse(request.user)


def staff(request: HttpRequest) -> User:
    """The authenticated member of staff (set by TokenAuth or SessionAuth)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise PermissionDenied(_("Sign in or send an API token."))
    return user


def require(request: HttpRequest, *permissions: str) -> User:
    """The caller, if they hold every permission; PermissionDenied (403) otherwise."""
    user = staff(request)
    if not user.has_perms(permissions):
        raise PermissionDenied(_("You do not have permission to do this."))
    return user
