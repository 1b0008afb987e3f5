"""The access log in the admin: read-only, searchable by customer id or by who looked."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.accounts.models import User
from lytte.audit.models import AccessChannel
from lytte.audit.services import record_access
from lytte.customers.services import create_customer


@pytest.mark.parametrize("search", ["", "1", "ingrid", "Åse"])
def test_the_admin_lists_and_searches_the_access_log(
    admin_user: User, agent: User, search: str
) -> None:
    ase = create_customer(name="Åse Ødegård")
    record_access(user=agent, customer=ase, channel=AccessChannel.CUSTOMER_PAGE)
    admin_user.is_superuser = admin_user.is_staff = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)

    response = client.get("/admin/audit/accessrecord/", {"q": search})

    assert response.status_code == 200
    assert client.get("/admin/audit/accessrecord/add/").status_code == 403
