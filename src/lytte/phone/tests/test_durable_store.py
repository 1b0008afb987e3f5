"""What must be committed before anything else refuses to run inside another transaction,
where "stored" would not mean committed (decision 25)."""

from __future__ import annotations

import pytest
from django.db import transaction

from lytte.phone.models import CtiEvent
from lytte.phone.payloads import CtiPayload
from lytte.phone.services import create_integration, receive_event


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_storing_a_pbx_event_inside_another_transaction_is_refused() -> None:
    integration, _token = create_integration(name="PBX")
    payload = CtiPayload(event="newCall", call_id="c-1", direction="in", from_number="912 34 567")

    with pytest.raises(RuntimeError), transaction.atomic():
        receive_event(integration=integration, payload=payload)

    assert not CtiEvent.objects.exists()
