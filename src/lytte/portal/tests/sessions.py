"""Signing a customer in to the portal in tests without the sign-in pages: a test client, or a
browser context (for the browser tests of any app)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext

from lytte.customers.models import Customer
from lytte.portal.identity import SESSION_KEY
from lytte.portal.models import PortalSession, SignInMethod


def portal_client(customer: Customer | None = None) -> Client:
    """A browser; with `customer`, signed in to the portal as them."""
    client = Client(HTTP_ACCEPT_LANGUAGE="nb")
    if customer is not None:
        now = timezone.now()
        row = PortalSession.objects.create(
            customer=customer,
            method=SignInMethod.CODE,
            created_at=now,
            expires_at=now + timedelta(hours=1),
        )
        session = client.session
        session[SESSION_KEY] = {"id": row.pk, "customer": customer.pk}
        session.save()
    return client


def signed_in_customer(
    context: BrowserContext, base_url: str, customer: Customer
) -> BrowserContext:
    """Give the browser context a portal session of `customer`."""
    cookie = portal_client(customer).cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    return context
