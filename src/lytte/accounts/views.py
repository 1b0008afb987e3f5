from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lytte.accounts import services, two_factor
from lytte.accounts.forms import CodeForm, LanguageForm, StartPageForm, TokenForm
from lytte.accounts.models import User
from lytte.accounts.roles import role_of
from lytte.accounts.selectors import may_start_on_insights, start_url


def _staff(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(start_url(_staff(request)))


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = LanguageForm(request.POST or None, initial={"language": user.language})
    if request.method == "POST" and form.is_valid():
        services.set_language(user=user, language=form.cleaned_data["language"])
        messages.success(request, _("Your language is saved."))
        return redirect("account")
    return _account_page(request, user, form=form)


def _account_page(
    request: HttpRequest,
    user: User,
    *,
    form: LanguageForm | None = None,
    token_form: TokenForm | None = None,
    password_form: PasswordChangeForm | None = None,
    start_page_form: StartPageForm | None = None,
    new_token: str | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form or LanguageForm(initial={"language": user.language}),
        "token_form": token_form or TokenForm(),
        "password_form": password_form or PasswordChangeForm(user),
        "start_page_form": (
            start_page_form or StartPageForm(initial={"start_page": user.start_page})
            if may_start_on_insights(user)
            else None
        ),
        "tokens": user.api_tokens.all(),
        "role": role_of(user),
        "new_token": new_token,
        "two_factor_on": two_factor.is_on(user),
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _account_page(request, user, token_form=form, status=400)
    _token, plaintext = services.create_api_token(user=user, name=form.cleaned_data["name"])
    # Shown in this response only: no other copy of the plaintext is ever kept.
    return _account_page(request, user, new_token=plaintext)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _staff(request)
    token = get_object_or_404(user.api_tokens, pk=token_id)
    services.revoke_api_token(token=token, revoked_by=user)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("account")


@login_required
@require_POST
def set_start_page(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not may_start_on_insights(user):
        raise PermissionDenied(_("Only those who see insights can start there."))
    form = StartPageForm(request.POST)
    if not form.is_valid():
        return _account_page(request, user, start_page_form=form, status=400)
    services.set_start_page(user=user, start_page=form.cleaned_data["start_page"])
    messages.success(request, _("Your start page is saved."))
    return redirect("account")


@login_required
@require_POST
def change_password(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = PasswordChangeForm(user, request.POST)
    if not form.is_valid():
        return _account_page(request, user, password_form=form, status=400)
    services.change_password(user=user, password=form.cleaned_data["new_password1"])
    update_session_auth_hash(request, user)  # this session stays signed in; others end
    messages.success(request, _("Your password is changed."))
    return redirect("account")


def _two_factor_page(
    request: HttpRequest,
    user: User,
    form: CodeForm,
    *,
    recovery_codes: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, object] = {"form": form, "recovery_codes": recovery_codes}
    if recovery_codes is None and two_factor.is_on(user):
        context.update(is_on=True, codes_left=user.recovery_codes.filter(used_at=None).count())
    elif recovery_codes is None:
        setting_up = two_factor.begin_enrolment(user=user)
        context.update(
            qr=two_factor.qr_svg(setting_up),
            secret=two_factor.secret_of(setting_up),
            required=two_factor.is_required(user),
        )
    return render(request, "accounts/two_factor.html", context, status=status)


@login_required
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Set up two-factor sign-in: the QR code and key, then a code to confirm; the recovery
    codes are shown in the answer to that, and never again."""
    user = _staff(request)
    form = CodeForm(request.POST or None)
    if request.method != "POST" or two_factor.is_on(user):
        return _two_factor_page(request, user, CodeForm())
    if not form.is_valid():
        return _two_factor_page(request, user, form, status=400)
    codes = two_factor.confirm_enrolment(user=user, code=form.cleaned_data["code"])
    if codes is None:
        form.add_error("code", _("That code is not right. Try again."))
        return _two_factor_page(request, user, form, status=400)
    return _two_factor_page(request, user, form, recovery_codes=codes)


@login_required
@require_POST
def two_factor_off(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    form = CodeForm(request.POST)
    if form.is_valid() and two_factor.switch_off(user=user, code=form.cleaned_data["code"]):
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("account")
    form.add_error("code", _("That code is not right. Try again."))
    return _two_factor_page(request, user, form, status=400)
