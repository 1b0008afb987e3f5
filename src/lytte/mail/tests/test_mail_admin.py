"""Admins set up mailboxes in the admin: the password is sealed, never shown, and works."""

from __future__ import annotations

from django.test import Client

from lytte.accounts.models import Team, User
from lytte.mail.credentials import unseal
from lytte.mail.models import InboundMessage, Mailbox, Outcome
from lytte.mail.services import create_push_mailbox, receive_message
from lytte.mail.services import intake as intake_module
from lytte.mail.tests.factories import customer_mail


def mailbox_form(team: Team, **changes: str) -> dict[str, str]:
    return {
        "name": "Kundeservice",
        "address": "kundeservice@lytte.test",
        "team": str(team.pk),
        "language": "nb",
        "active": "on",
        "imap_host": "imap.lytte.test",
        "imap_port": "993",
        "imap_security": "ssl",
        "imap_user": "kundeservice@lytte.test",
        "password": "hemmelig-æøå",
        "imap_password_env": "",
        "folder": "INBOX",
        "processed_folder": "",
        **changes,
    }


def test_an_admin_adds_a_mailbox_and_its_password_is_stored_sealed(
    client: Client, admin_user: User, team_oslo: Team
) -> None:
    client.force_login(admin_user)

    response = client.post("/admin/mail/mailbox/add/", mailbox_form(team_oslo))

    assert response.status_code == 302, response.content.decode()[:2000]
    mailbox = Mailbox.objects.get()
    assert "hemmelig" not in mailbox.imap_password
    assert unseal(mailbox.imap_password) == "hemmelig-æøå"
    page = client.get(f"/admin/mail/mailbox/{mailbox.pk}/change/").content.decode()
    assert "hemmelig" not in page
    assert mailbox.imap_password not in page


def test_saving_without_a_password_keeps_the_one_stored(
    client: Client, admin_user: User, team_oslo: Team
) -> None:
    client.force_login(admin_user)
    client.post("/admin/mail/mailbox/add/", mailbox_form(team_oslo))
    mailbox = Mailbox.objects.get()

    client.post(
        f"/admin/mail/mailbox/{mailbox.pk}/change/",
        mailbox_form(team_oslo, password="", folder="Kundeservice"),
    )

    mailbox.refresh_from_db()
    assert mailbox.folder == "Kundeservice"
    assert unseal(mailbox.imap_password) == "hemmelig-æøå"


def test_agents_and_supervisors_cannot_see_mailbox_settings(
    client: Client, agent: User, supervisor: User
) -> None:
    for user in (agent, supervisor):
        client.force_login(user)
        assert client.get("/admin/mail/mailbox/").status_code in (302, 403)


def test_an_admin_files_a_failed_message_again(
    client: Client, admin_user: User, monkeypatch: object
) -> None:
    mailbox = create_push_mailbox(name="Kundeservice", address="kundeservice@lytte.test")[0]

    def database_hiccup(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database is locked")

    real = intake_module.receive_contact
    intake_module.receive_contact = database_hiccup  # type: ignore[assignment]
    try:
        failed = receive_message(mailbox=mailbox, raw=customer_mail()).message
    finally:
        intake_module.receive_contact = real
    assert failed.outcome == Outcome.FAILED
    client.force_login(admin_user)

    client.post(
        "/admin/mail/inboundmessage/",
        {"action": "refile", "_selected_action": [str(failed.pk)]},
    )

    assert InboundMessage.objects.get(pk=failed.pk).outcome == Outcome.NEW_CASE
