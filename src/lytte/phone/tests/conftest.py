"""A PBX posting to the CTI webhook the way real ones do, and the customers who call it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.phone.models import Call, CtiIntegration
from lytte.phone.services import create_integration

SWITCHBOARD = "+4721000000"  # the number customers dial
# The fields every event of a call from Kari (see `kari`) carries, for Pbx.send.
FROM_KARI = {"from_": "912 34 567", "to": SWITCHBOARD, "direction": "in"}


@dataclass
class Pbx:
    integration: CtiIntegration
    token: str

    @property
    def url(self) -> str:
        return f"/api/v1/cti/{self.token}"

    def send(self, event: str, call_id: str, **fields: Any) -> HttpResponse:
        """One event as a JSON body; `from` is a keyword in Python, so pass `from_`."""
        if "from_" in fields:
            fields["from"] = fields.pop("from_")
        body = {"event": event, "callId": call_id, **fields}
        return Client().post(self.url, json.dumps(body), content_type="application/json")

    def send_form(self, body: str) -> HttpResponse:
        return Client().post(self.url, body, content_type="application/x-www-form-urlencoded")

    def ring(self, call_id: str, caller: str, **fields: Any) -> HttpResponse:
        """An inbound newCall from `caller` to the switchboard."""
        fields = {"to": SWITCHBOARD, "direction": "in", **fields}
        return self.send("newCall", call_id, from_=caller, **fields)

    def call(self, call_id: str) -> Call:
        return Call.objects.get(integration=self.integration, call_id=call_id)


@pytest.fixture
def pbx(db: None) -> Pbx:
    integration, token = create_integration(name="Sentralbord Oslo")
    return Pbx(integration, token)


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Nordmann", phones=["+47 912 34 567"])
