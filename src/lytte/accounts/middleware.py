from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from lytte.accounts import two_factor
from lytte.accounts.models import User


class UserLanguageMiddleware:
    """A signed-in user's chosen language wins over the browser's (LocaleMiddleware's guess)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = getattr(request.user, "language", "") if hasattr(request, "user") else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            response.headers.setdefault("Content-Language", language)
        return response


# What an administrator who must set up two-factor sign-in may still reach.
_BEFORE_TWO_FACTOR = ("/account/two-factor/", "/logout/", "/login/", "/i18n/", "/healthz")


class TwoFactorRequiredMiddleware:
    """With LYTTE_REQUIRE_ADMIN_2FA, an administrator signed in without two-factor sign-in is
    sent to set it up before anything else (the API answers 403). API tokens are not
    sessions, so they are not affected (decision 0022)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            isinstance(user, User)
            and not request.path.startswith(_BEFORE_TWO_FACTOR)
            and two_factor.is_required(user)
        ):
            if request.path.startswith("/api/"):
                detail = _("Switch on two-factor sign-in (My account) first.")
                # The API's error shape; the code is one of lytte.api.errors.ErrorCode.
                body = {"code": "two_factor_required", "detail": detail}
                return JsonResponse(body, status=403)
            return redirect("two-factor")
        return self.get_response(request)
