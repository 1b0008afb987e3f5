from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from lytte.accounts.models import User
from lytte.accounts.roles import role_of

View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    """Signed in, and holding a staff role (agent, supervisor or admin); 403 otherwise."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not isinstance(request.user, User) or role_of(request.user) is None:
            raise PermissionDenied(_("Your account has no staff role on this site."))
        return view(request, *args, **kwargs)

    return wrapper


def current_staff(request: HttpRequest) -> User:
    """The signed-in member of staff (views behind staff_required)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def is_htmx(request: HttpRequest) -> bool:
    """Asked by htmx for a fragment, rather than by the browser for a page."""
    return request.headers.get("HX-Request") == "true"
