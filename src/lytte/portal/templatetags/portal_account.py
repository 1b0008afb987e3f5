"""The signed-in customer on any portal page (the account links in the header)."""

from __future__ import annotations

from typing import Any

from django import template

from lytte.customers.models import Customer
from lytte.portal.identity import current_customer

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_customer(context: dict[str, Any]) -> Customer | None:
    request = context.get("request")
    return current_customer(request) if request is not None else None
