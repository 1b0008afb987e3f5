"""The sign-in page and the Django admin's, with the same throttling (decision 0022): a
throttled attempt is answered 429 before any password is hashed, with the form again and when
to retry; a busy server (every password-check slot taken) answers 503."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib.admin import site
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lytte.accounts import throttling

View = Callable[..., HttpResponseBase]


def wait_message(seconds: int) -> str:
    if seconds < 60:
        return ngettext(
            "Too many failed sign-ins. Try again in %(count)d second.",
            "Too many failed sign-ins. Try again in %(count)d seconds.",
            seconds,
        ) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many failed sign-ins. Try again in %(count)d minute.",
        "Too many failed sign-ins. Try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}


class ThrottledSignInMixin:
    """For an AuthenticationForm: refuse a throttled attempt before the password is checked,
    hash in one of the process's few slots, and count the outcome."""

    request: HttpRequest | None
    cleaned_data: dict[str, Any]
    user_cache: Any
    retry_after: int | None = None
    busy: bool = False

    def clean(self) -> dict[str, Any]:
        username = str(self.cleaned_data.get("username") or "")
        if not username or not self.cleaned_data.get("password") or self.request is None:
            return super().clean()  # type: ignore[misc, no-any-return]  # no check is made
        keys = throttling.keys_for(self.request, username)
        self._refuse_if_waiting(keys)
        try:
            with throttling.password_check_slot(known_device=keys.known_device):
                # Again: the failures of the attempts queued before this one may have counted.
                self._refuse_if_waiting(keys)
                cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        except throttling.Busy:
            self.busy = True
            raise forms.ValidationError(
                _("Too many people are signing in right now. Try again in a moment."),
                code="busy",
            ) from None
        except forms.ValidationError:
            if self.retry_after is None and self.user_cache is None:  # a wrong password
                throttling.record_failure(keys)
            raise
        throttling.record_success(keys)
        return cleaned

    def _refuse_if_waiting(self, keys: throttling.SignInKeys) -> None:
        if (wait := throttling.retry_after(keys)) is not None:
            self.retry_after = wait
            raise forms.ValidationError(wait_message(wait), code="throttled")


class ThrottledAuthenticationForm(ThrottledSignInMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledSignInMixin, AdminAuthenticationForm):
    pass


def refusing_throttled(view: View) -> View:
    """Wrap a LoginView: a throttled answer becomes 429 (busy: 503) with Retry-After, and a
    browser that signs in is remembered as its owner's (throttling.remember_device)."""

    @wraps(view)
    def sign_in(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if isinstance(form, ThrottledSignInMixin) and form.retry_after is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        elif isinstance(form, ThrottledSignInMixin) and form.busy:
            response.status_code = 503
            response["Retry-After"] = "5"
        elif request.method == "POST" and request.user.is_authenticated:
            throttling.remember_device(response, request.user.get_username())
        return response

    return sign_in


sign_in = refusing_throttled(
    auth_views.LoginView.as_view(
        authentication_form=ThrottledAuthenticationForm, redirect_authenticated_user=True
    )
)

# /admin/login/ (routed here before the admin's own URLs): the admin's page and form, the same
# throttling; the admin's form is set in accounts/admin.py.
admin_sign_in = refusing_throttled(site.login)
