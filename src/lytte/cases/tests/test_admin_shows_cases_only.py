"""The admin shows cases and contacts but does not write them: every write goes through the
case services, which audit it and announce it to the desk and the rollups, and counted rows
are never deleted (erasure anonymises them instead)."""

from __future__ import annotations

from django.test import Client

from lytte.accounts.models import User
from lytte.cases.models import Case, Channel, Contact, Direction
from lytte.cases.services import log_contact, open_case


def test_an_admin_can_read_but_not_change_or_delete_cases_and_contacts(
    client: Client, admin_user: User
) -> None:
    case = open_case(channel=Channel.PHONE, opened_by=None, subject="Feil beløp")
    contact = log_contact(
        case=case, channel=Channel.PHONE, direction=Direction.INBOUND, logged_by=None
    ).contact
    client.force_login(admin_user)

    assert client.get(f"/admin/cases/case/{case.pk}/change/").status_code == 200
    assert client.get(f"/admin/cases/contact/{contact.pk}/change/").status_code == 200
    assert client.post(f"/admin/cases/case/{case.pk}/delete/", {"post": "yes"}).status_code == 403
    assert (
        client.post(f"/admin/cases/contact/{contact.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    client.post(f"/admin/cases/case/{case.pk}/change/", {"subject": "Endret", "status": "closed"})
    assert client.get("/admin/cases/case/add/").status_code == 403
    assert Case.objects.get(pk=case.pk).subject == "Feil beløp"
    assert Contact.objects.filter(pk=contact.pk).exists()
