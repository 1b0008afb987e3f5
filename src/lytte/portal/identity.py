"""Who the customer on a portal page is: the one customer identity of every customer-facing
surface (the help centre, the chat widget, the community, survey pages).

(Contract: the sign-in work fills this in.)
"""

from __future__ import annotations

from django.http import HttpRequest

from lytte.customers.models import Customer


def current_customer(request: HttpRequest) -> Customer | None:
    """The customer signed in to the portal on this request, or None."""
    return None
