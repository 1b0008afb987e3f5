"""Erasing a customer clears what they searched for and wrote in the help centre while signed
in, and keeps the rows the knowledge gaps count."""

from __future__ import annotations

import pytest

from lytte.accounts.models import User
from lytte.customers.services import create_customer
from lytte.knowledge.models import Feedback, SearchQuery
from lytte.knowledge.services import record_feedback, record_search
from lytte.portal.tests.help_world import HelpCentre, help_centre
from lytte.privacy.services import erase_customer

__all__ = ["help_centre"]

pytestmark = pytest.mark.django_db


def test_erasure_clears_their_searches_and_comments_and_keeps_the_counts(
    help_centre: HelpCentre, admin_user: User
) -> None:
    ase = create_customer(name="Åse Ødegård", emails=["ase@eksempel.no"])
    other = create_customer(name="Kari Nordmann", emails=["kari@eksempel.no"])
    record_search(
        source="portal", language="nb", query="faktura Storgata 12B", results=0, customer=ase
    )
    record_search(source="portal", language="nb", query="faktura", results=1, customer=other)
    record_feedback(
        translation=help_centre.invoice_nb,
        helpful=False,
        comment="Ring meg på 912 34 567",
        customer=ase,
    )
    record_feedback(
        translation=help_centre.invoice_nb, helpful=True, comment="Bra!", customer=other
    )

    erase_customer(customer=ase, erased_by=admin_user, reason="Kunden ba om sletting")

    assert SearchQuery.objects.get(customer=ase).query == "[erased]"
    assert SearchQuery.objects.get(customer=other).query == "faktura"
    assert SearchQuery.objects.filter(results=0).count() == 1
    theirs = Feedback.objects.get(customer=ase)
    assert (theirs.comment, theirs.helpful) == ("", False)
    assert Feedback.objects.get(customer=other).comment == "Bra!"
