"""Signing in to the portal and out (decision 33): an address, then its code or its link; or a
token signed by the business's site. Every answer to an address is the same, known or not."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lytte.accounts.throttling import client_address
from lytte.customers.addresses import InvalidAddress
from lytte.customers.models import Customer
from lytte.portal import codes, identity, signed
from lytte.portal.account.forms import AddressForm, CodeForm
from lytte.portal.models import SignInMethod

PENDING_KEY = "lytte_portal_pending"
NEXT_KEY = "lytte_portal_next"

logger = logging.getLogger(__name__)


def safe_next(request: HttpRequest, lang: str) -> str:
    """Where to go after signing in: a portal path given as ?next=, else the customer's cases."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if (
        wanted.startswith("/help/")
        and url_has_allowed_host_and_scheme(wanted, allowed_hosts=None)
        and "\\" not in wanted
    ):
        return wanted
    return reverse("portal:cases", args=[lang])


def _link_url(request: HttpRequest, lang: str) -> Callable[[str], str]:
    def url(token: str) -> str:
        path = reverse("portal:sign-in-link", args=[lang, token])
        # Never the request's Host: an address asked for with a forged Host must not get a link
        # to someone else's server.
        return (
            f"{settings.BASE_URL.rstrip('/')}{path}"
            if settings.BASE_URL
            else (request.build_absolute_uri(path))
        )

    return url


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest, lang: str) -> HttpResponse:
    form = AddressForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            asked = codes.request_code(
                address=form.cleaned_data["email"],
                client=client_address(request),
                language=lang,
                link_url=_link_url(request, lang),
            )
        except InvalidAddress as error:
            form.add_error("email", error.message)
        except codes.TooManyRequests:
            form.add_error(
                None, _("Too many codes have been asked for. Wait an hour and try again.")
            )
            status = 429
        else:
            request.session[PENDING_KEY] = asked.pending.pk
            request.session[NEXT_KEY] = safe_next(request, lang)
            return redirect("portal:sign-in-code", lang)
    elif request.method == "POST":
        status = 400
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "portal/account/sign_in.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest, lang: str) -> HttpResponse:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, int):
        return redirect("portal:sign-in", lang)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        customer = codes.check_code(pending_id=pending, code=form.cleaned_data["code"])
        if customer is not None:
            return _signed_in(request, customer, SignInMethod.CODE, request.session.get(NEXT_KEY))
        form.add_error(
            "code", _("That code is wrong or no longer valid. Try again, or ask for a new one.")
        )
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "portal/account/sign_in_code.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest, lang: str, token: str) -> HttpResponse:
    """The mailed link. Opening it spends nothing (mail scanners open links); its button does."""
    if request.method == "POST":
        customer = codes.check_link(token=token)
        if customer is not None:
            return _signed_in(request, customer, SignInMethod.LINK, None)
        live = False
    else:
        live = codes.link_is_live(token)
    return render(
        request, "portal/account/sign_in_link.html", {"live": live}, status=200 if live else 410
    )


@csrf_exempt  # posted from the business's own site; the token itself is the proof
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_token(request: HttpRequest, lang: str) -> HttpResponse:
    token = request.POST.get("token") or request.GET.get("token") or ""
    try:
        found = signed.identify(token)
    except signed.TokenRefused as refused:
        # No customer to file it under: the log keeps it (decision 33).
        logger.warning(
            "Portal token refused (%s) from %s", refused.message, client_address(request)
        )
        return render(
            request,
            "portal/account/sign_in_refused.html",
            {"message": refused.message},
            status=refused.status,
        )
    return _signed_in(request, found.customer, SignInMethod.TOKEN, safe_next(request, lang))


def _signed_in(
    request: HttpRequest, customer: Customer, method: SignInMethod, next_path: object
) -> HttpResponse:
    identity.sign_in(request, customer, method=method)
    request.session.pop(PENDING_KEY, None)
    request.session.pop(NEXT_KEY, None)
    lang = request.LANGUAGE_CODE
    target = next_path if isinstance(next_path, str) and next_path.startswith("/help/") else None
    return HttpResponseRedirect(target or reverse("portal:cases", args=[lang]))


@require_POST
def sign_out(request: HttpRequest, lang: str) -> HttpResponse:
    identity.sign_out(request)
    return redirect("portal:home", lang)
