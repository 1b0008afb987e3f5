"""Who is on a community page: the portal's customer (decision 33) and their member profile,
or a member of staff signed in to the desk. A customer signed in to the portal takes part as
that customer, even in a browser where staff are signed in too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from lytte.community import policies
from lytte.community.models import Member
from lytte.community.services import member_of
from lytte.customers.models import Customer
from lytte.portal.identity import current_customer


@dataclass(frozen=True)
class Visitor:
    customer: Customer | None
    member: Member | None
    staff: Any  # a desk user, or None

    @property
    def can_post(self) -> bool:
        return policies.can_post(self.member)

    @property
    def can_reply(self) -> bool:
        return self.can_post or (self.customer is None and self.staff is not None)

    @property
    def moderator(self) -> bool:
        return policies.is_moderator(self.staff)


def visitor(request: HttpRequest) -> Visitor:
    customer = current_customer(request)
    staff = request.user if customer is None and policies.is_staff(request.user) else None
    return Visitor(customer=customer, member=member_of(customer), staff=staff)


def sign_in_url(lang: str, next_path: str) -> str:
    return f"{reverse('portal:sign-in', args=[lang])}?{urlencode({'next': next_path})}"


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A signed-in customer with a display name, not suspended: others are sent to sign in, or
    to choose a name, and back; a suspended member is told until when, and why (403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, lang: str, **kwargs: Any) -> HttpResponse:
        who = visitor(request)
        back = request.get_full_path() if request.method == "GET" else _referer(request)
        if who.customer is None:
            return redirect(sign_in_url(lang, back))
        if who.member is not None and who.member.suspended():
            return render(request, "community/suspended.html", {"member": who.member}, status=403)
        if not who.can_post:
            query = urlencode({"next": back})
            return redirect(f"{reverse('community:name', args=[lang])}?{query}")
        return view(request, lang, who, **kwargs)

    return never_cache(wrapper)


def _referer(request: HttpRequest) -> str:
    """Where a refused POST came from, if it is one of our own paths."""
    referer = request.headers.get("Referer", "")
    host = f"{request.scheme}://{request.get_host()}"
    if referer.startswith(host + "/"):
        return referer[len(host) :]
    return request.path
