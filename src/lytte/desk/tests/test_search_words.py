"""Search by words of case subjects and of customers' names: any case, Nordic letters, changed
subjects and names, odd input."""

from __future__ import annotations

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases import services
from lytte.cases.models import Case, Channel
from lytte.customers.services import create_customer, create_organization, update_customer


@pytest.fixture
def washer(agent: User, team_oslo: Team) -> Case:
    return services.open_case(
        channel=Channel.EMAIL,
        opened_by=agent,
        team=team_oslo,
        subject="Ødelagt VASKEMASKIN etter levering",
    )


def _found(agent: User, text: str) -> str:
    client = Client()
    client.force_login(agent)
    response = client.get("/desk/search/", {"q": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_subject_words_are_found_in_any_case_nordic_letters_too(agent: User, washer: Case) -> None:
    for text in ("ødelagt vaskemaskin", "ØDELAGT", "maskin lever", "Vaskemaskin"):
        assert f"#{washer.number}" in _found(agent, text), text


def test_a_case_needs_every_word_even_short_ones(agent: User, washer: Case) -> None:
    assert f"#{washer.number}" in _found(agent, "vaskemaskin et")
    assert f"#{washer.number}" not in _found(agent, "vaskemaskin tv")
    assert f"#{washer.number}" not in _found(agent, "vaskemaskin tørketrommel")


def test_a_changed_subject_is_found_by_its_new_words_only(agent: User, washer: Case) -> None:
    services.update_case(case=washer, changed_by=agent, subject="Tørketrommel lager støy")
    assert f"#{washer.number}" in _found(agent, "tørketrommel")
    assert f"#{washer.number}" not in _found(agent, "vaskemaskin")


@pytest.mark.parametrize(
    "text", ['vaske" OR "x', "NEAR(vask maskin)", "vask*", "-vask ^maskin", '"""', "a:b c"]
)
def test_search_syntax_in_the_words_is_plain_text_not_an_error(
    agent: User, washer: Case, text: str
) -> None:
    assert f"#{washer.number}" not in _found(agent, text)


def test_a_renamed_customer_is_found_by_part_of_the_new_name_only(agent: User) -> None:
    customer = create_customer(name="Kari Ødegård", phones=["+4791234567"])
    assert "Kari Ødegård" in _found(agent, "ØDEGÅ")
    update_customer(customer=customer, changed_by=agent, name="Kari Bjørnstad")
    assert "Kari Bjørnstad" in _found(agent, "bjørnst")
    assert "Kari Bjørnstad" not in _found(agent, "ødegå")


def test_an_organization_is_found_by_part_of_its_name_or_its_number(agent: User) -> None:
    create_organization(name="Fjellbekk Rørlegger AS", org_number="987 654 321")
    for text in ("RØRLEGG", "fjellbekk", "654 321"):
        assert "Fjellbekk Rørlegger AS" in _found(agent, text), text
    assert "Fjellbekk Rørlegger AS" not in _found(agent, "rørlegger oslo")


def test_a_nul_character_in_the_search_is_ignored_not_an_error(agent: User, washer: Case) -> None:
    # SQLite's full-text index and PostgreSQL's text both refuse NUL: a pasted one must not 500.
    assert f"#{washer.number}" in _found(agent, "vaske\x00maskin")
    _found(agent, "\x00\x00\x00")
