"""Rate limits on the portal's writes and searches (abuse: a script filing cases, flooding an
article's feedback or the search log): per signed-in customer for their cases and replies, per
client address for what anyone may do. settings.PORTAL_RATE_LIMITS names each kind's limit."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lytte.accounts.throttling import client_address
from lytte.customers.models import Customer
from lytte.platform.ratelimit import within

TOO_MANY = 429
TOO_MANY_WRITES = _(
    "You have sent a lot in a short time. Please wait a little and try again, or call us."
)
TOO_MANY_SEARCHES = _(
    "You have searched a lot in a short time. Please wait a minute and try again."
)


def allowed(kind: str, request: HttpRequest, customer: Customer | None = None) -> bool:
    """Count one `kind` of request ("case", "reply", "feedback", "search", "suggestions") by the
    customer, or else the request's address; False past its limit."""
    most, seconds = settings.PORTAL_RATE_LIMITS[kind]
    who = f"customer:{customer.pk}" if customer is not None else client_address(request)
    return within(f"portal.{kind}", who, most, seconds)
