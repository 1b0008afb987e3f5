"""The sign-in page and the Django admin's, with the same throttling (decision 0022): a
throttled attempt is answered 429 before any password is hashed, with the form again and when
to retry; a busy server (every password-check slot taken) answers 503."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin import site
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lytte.accounts import throttling, two_factor
from lytte.accounts.forms import CodeForm
from lytte.accounts.models import User

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


PENDING = "lytte_two_factor_pending"
CODE_SECONDS = 5 * 60  # to type the code after the password


class SignInView(auth_views.LoginView):
    """The password; then, for someone with two-factor sign-in on, not a session yet but a
    note of who passed it (for CODE_SECONDS) and the code step."""

    authentication_form: type[AuthenticationForm] = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if not two_factor.is_on(user):
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": getattr(user, "backend", ""),
            "next": self.get_success_url(),
            "until": time.time() + CODE_SECONDS,
        }
        return redirect("login-code")


class AdminSignInView(SignInView):
    """/admin/login/: the admin's page and form, our throttling and code step."""

    authentication_form = ThrottledAdminAuthenticationForm
    template_name = "admin/login.html"
    redirect_authenticated_user = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "GET" and site.has_permission(request):
            return redirect("admin:index")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            site.each_context(self.request),
            title=_("Log in"),
            subtitle=None,
            app_path=self.request.get_full_path(),
            username=self.request.user.get_username(),
        )
        if REDIRECT_FIELD_NAME not in self.request.GET | self.request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index")
        return context


sign_in = refusing_throttled(SignInView.as_view())
admin_sign_in = refusing_throttled(AdminSignInView.as_view())


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app or a recovery code, throttled like passwords."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("until", 0) < time.time():
        request.session.pop(PENDING, None)
        messages.info(request, _("Log in again: the time to enter the code ran out."))
        return redirect("login")
    user = get_object_or_404(User, pk=pending["user"], is_active=True)
    form, keys = CodeForm(request.POST or None), throttling.code_keys(user.pk)
    wait = throttling.retry_after(keys) if request.method == "POST" else None
    if wait is not None:
        form.add_error(None, wait_message(wait))
    elif request.method == "POST" and form.is_valid():
        if two_factor.verify(user=user, code=form.cleaned_data["code"]):
            throttling.record_success(keys)
            del request.session[PENDING]
            auth_login(request, user, backend=pending["backend"] or None)
            signed_in = redirect(pending["next"])
            throttling.remember_device(signed_in, user.get_username())
            return signed_in
        throttling.record_failure(keys)
        form.add_error("code", _("That code is not right. Try again."))
    status = 429 if wait is not None else 400 if form.errors else 200
    response = render(request, "registration/login_code.html", {"form": form}, status=status)
    if wait is not None:
        response["Retry-After"] = str(wait)
    return response
