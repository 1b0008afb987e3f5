"""What must be committed before anything else refuses to run inside another transaction,
where "stored" would not mean committed (decision 25)."""

from __future__ import annotations

import pytest
from django.db import transaction

from lytte.accounts.models import Team
from lytte.mail.models import InboundMessage
from lytte.mail.services import create_push_mailbox, receive_message, store_message
from lytte.mail.tests.factories import customer_mail


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_receiving_mail_inside_another_transaction_is_refused(team_oslo: Team) -> None:
    mailbox = create_push_mailbox(name="Kundeservice", address="kundeservice@lytte.test")[0]

    with pytest.raises(RuntimeError), transaction.atomic():
        receive_message(mailbox=mailbox, raw=customer_mail())
    with pytest.raises(RuntimeError), transaction.atomic():
        store_message(mailbox=mailbox, raw=customer_mail())

    assert not InboundMessage.objects.exists()
    assert receive_message(mailbox=mailbox, raw=customer_mail()).created
