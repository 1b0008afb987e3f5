from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lytte.accounts import services
from lytte.accounts.forms import LanguageForm, TokenForm
from lytte.accounts.models import User
from lytte.accounts.roles import role_of


def _staff(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("desk:desk" if role_of(request.user) else "account")


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
    new_token: str | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form or LanguageForm(initial={"language": user.language}),
        "token_form": token_form or TokenForm(),
        "tokens": user.api_tokens.all(),
        "role": role_of(user),
        "new_token": new_token,
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
