"""`lytte mail inbound create`: a push mailbox whose URL is printed once and works."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from lytte.accounts.models import Team
from lytte.cases.models import Case
from lytte.mail.models import Mailbox
from lytte.mail.tests.factories import customer_mail


@pytest.fixture(autouse=True)
def _known_base_url(settings: Any) -> None:
    settings.BASE_URL = "https://lytte.example.no"  # as LYTTE_BASE_URL sets it


def test_the_command_prints_a_push_url_that_files_mail_on_the_team(
    client: Client, team_oslo: Team
) -> None:
    out = StringIO()

    call_command(
        "mail",
        "inbound",
        "create",
        "Kundeservice",
        "--address",
        "kundeservice@lytte.test",
        "--team",
        team_oslo.name,
        "--base-url",
        "https://lytte.example.no",
        stdout=out,
    )

    match = re.search(r"https://lytte\.example\.no(/api/v1/mail/inbound/mail_\S+)", out.getvalue())
    assert match is not None
    mailbox = Mailbox.objects.get()
    assert mailbox.team == team_oslo
    assert match.group(1).rpartition("/")[2] not in (mailbox.token_digest or "")  # stored hashed
    response = client.post(match.group(1), customer_mail(), content_type="message/rfc822")
    assert response.status_code == 201
    assert Case.objects.get().team == team_oslo


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--address", "ikke en adresse"], "email"),
        (["--address", "k@lytte.test", "--team", "Finnes ikke"], "no team called"),
    ],
)
def test_bad_arguments_end_with_a_sentence_and_create_nothing(
    db: None, arguments: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("mail", "inbound", "create", "Kundeservice", *arguments)

    assert Mailbox.objects.count() == 0


def test_a_second_mailbox_of_the_same_name_is_refused(db: None) -> None:
    call_command(
        "mail", "inbound", "create", "Kundeservice", "--address", "a@lytte.test", stdout=StringIO()
    )

    with pytest.raises(CommandError, match="exists already"):
        call_command("mail", "inbound", "create", "Kundeservice", "--address", "b@lytte.test")


def test_a_push_mailbox_url_uses_lytte_base_url(db: None, settings: Any) -> None:
    settings.BASE_URL = "http://10.0.0.5:8123"
    out = StringIO()
    call_command(
        "mail", "inbound", "create", "Kundeservice", "--address", "k@lytte.test", stdout=out
    )
    assert "http://10.0.0.5:8123/api/v1/mail/inbound/mail_" in out.getvalue()
    assert ":8000" not in out.getvalue()


def test_a_push_mailbox_needs_a_base_url(db: None, settings: Any) -> None:
    settings.BASE_URL = ""
    with pytest.raises(CommandError, match="LYTTE_BASE_URL"):
        call_command("mail", "inbound", "create", "Kundeservice", "--address", "k@lytte.test")
    assert not Mailbox.objects.exists()
