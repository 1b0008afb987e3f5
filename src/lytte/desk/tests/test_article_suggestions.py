"""Articles beside the case: the three best for what the agent types, internal ones too, in the
customer's language; and an article taken into the reply (its link, or its text)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.cases import services
from lytte.cases.models import Case, Channel
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.knowledge.models import SearchQuery, State, Translation, Visibility
from lytte.knowledge.services import create_article, save_translation, set_state


def publish(
    title: str, body: str, *, language: str = "nb", visibility: str = Visibility.PUBLIC
) -> Translation:
    article = create_article(by=None, source_language=language, visibility=visibility)
    translation = save_translation(
        article=article, language=language, title=title, body=body, by=None
    )
    return set_state(translation, State.PUBLISHED, by=None)


@pytest.fixture
def articles(db: None) -> dict[str, Translation]:
    return {
        "address": publish(
            "Slik endrer du adressen på fakturaen",
            "Logg inn på **Min side** og velg Faktura for å endre adressen på fakturaen.",
        ),
        "internal": publish(
            "Kreditere en faktura",
            "Bare *teamledere* krediterer en faktura. Skriv årsaken i saken.",
            visibility=Visibility.INTERNAL,
        ),
        "draft": save_translation(
            article=create_article(by=None, source_language="nb"),
            language="nb",
            title="Fakturaen: utkast",
            body="Ikke publisert ennå, om fakturaen.",
            by=None,
        ),
        "finnish": publish(
            "Laskun osoitteen muuttaminen",
            "Voit muuttaa laskun osoitteen Oma sivu -palvelussa.",
            language="fi",
        ),
    }


@pytest.fixture
def kari(db: None) -> Customer:
    return create_customer(name="Kari Ødegård", phones=["+47 912 34 567"])


@pytest.fixture
def case(agent: User, team_oslo: Team, kari: Customer) -> Case:
    return services.open_case(
        channel=Channel.PHONE, opened_by=agent, customer=kari, team=team_oslo, subject=""
    )


def _client(user: User) -> Client:
    client = Client(headers={"accept-language": "nb"})  # the agent's language, Norwegian
    client.force_login(user)
    return client


def _titles(response: object) -> list[str]:
    """The titles of the articles suggested, in the order shown."""
    body = response.content.decode()  # type: ignore[attr-defined]
    shown = [t.title for t in Translation.objects.all() if f">{t.title}</a>" in body]
    return sorted(shown, key=lambda title: body.index(f">{title}</a>"))


def test_the_agent_sees_articles_for_what_they_type_internal_ones_too(
    agent: User, case: Case, articles: dict[str, Translation]
) -> None:
    response = _client(agent).get(f"/desk/cases/{case.number}/articles/", {"note": "faktura"})
    assert response.status_code == 200
    assert sorted(_titles(response)) == [
        "Kreditere en faktura",
        "Slik endrer du adressen på fakturaen",
    ]
    body = response.content.decode()
    assert "/help/nb/articles/" in body  # a public article is read in the help centre
    assert "Fakturaen: utkast" not in body  # nor drafts


def test_an_internal_article_is_suggested_to_staff(
    agent: User, case: Case, articles: dict[str, Translation]
) -> None:
    response = _client(agent).get(
        f"/desk/cases/{case.number}/articles/", {"note": "Kunden vil kreditere fakturaen"}
    )
    assert _titles(response)[0] == "Kreditere en faktura"
    assert f"/desk/knowledge/articles/{articles['internal'].article_id}/nb/" in (
        response.content.decode()
    )


def test_a_long_note_still_finds_the_article(
    agent: User, case: Case, articles: dict[str, Translation]
) -> None:
    note = (
        "Hei, kunden ringer igjen fordi hun har flyttet i sommer og fakturaen fortsatt går til "
        "den gamle adressen i Bergen, hun vil endre adressen før neste forfall i september."
    )
    response = _client(agent).get(f"/desk/cases/{case.number}/articles/", {"note": note})
    assert "Slik endrer du adressen på fakturaen" in _titles(response)


def test_the_customers_language_comes_before_the_agents(
    agent: User, case: Case, kari: Customer, articles: dict[str, Translation]
) -> None:
    Customer.objects.filter(pk=kari.pk).update(language="fi")
    response = _client(agent).get(
        f"/desk/cases/{case.number}/articles/", {"note": "laskun osoitteen"}
    )
    assert _titles(response) == ["Laskun osoitteen muuttaminen"]


def test_the_agents_language_is_searched_when_the_customers_has_nothing(
    agent: User, case: Case, kari: Customer, articles: dict[str, Translation]
) -> None:
    Customer.objects.filter(pk=kari.pk).update(language="sv")
    response = _client(agent).get(f"/desk/cases/{case.number}/articles/", {"note": "kreditere"})
    assert _titles(response) == ["Kreditere en faktura"]


def test_nothing_typed_and_nothing_written_suggests_nothing(
    agent: User, case: Case, articles: dict[str, Translation]
) -> None:
    response = _client(agent).get(f"/desk/cases/{case.number}/articles/", {"note": "  "})
    assert response.status_code == 200
    assert _titles(response) == []
    assert not SearchQuery.objects.exists()  # typing is never recorded


@pytest.mark.parametrize("note", ["\x00", "%%%", "a" * 30_000, "faktura' OR 1=1 --", "🙂 ∑"])
def test_odd_text_gets_an_answer_never_an_error(
    agent: User, case: Case, articles: dict[str, Translation], note: str
) -> None:
    response = _client(agent).get(f"/desk/cases/{case.number}/articles/", {"note": note})
    assert response.status_code == 200


def test_an_agent_of_another_team_is_refused(
    other_agent: User, case: Case, articles: dict[str, Translation]
) -> None:
    client = _client(other_agent)
    assert (
        client.get(f"/desk/cases/{case.number}/articles/", {"note": "faktura"}).status_code == 403
    )
    used = client.post(
        f"/desk/cases/{case.number}/articles/used/", {"translation": articles["address"].pk}
    )
    assert used.status_code == 403


def test_inserting_a_public_article_gives_its_help_centre_link_and_records_the_use(
    agent: User, case: Case, articles: dict[str, Translation], settings: object
) -> None:
    settings.BASE_URL = "https://lytte.example.no"  # type: ignore[attr-defined]
    address = articles["address"]
    response = _client(agent).post(
        f"/desk/cases/{case.number}/articles/used/",
        {
            "translation": address.pk,
            "q": "endre adressen fakturaen",
            "results": "2",
        },
    )
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "insert": f"{address.title}: https://lytte.example.no/help/nb/articles/{address.slug}/"
    }
    search = SearchQuery.objects.get()
    assert (search.source, search.query, search.results, search.clicked) == (
        "desk",
        "endre adressen fakturaen",
        2,
        address,
    )
    assert search.customer is None  # the agent searched, not the customer


def test_inserting_an_internal_article_gives_its_text_without_markup(
    agent: User, case: Case, articles: dict[str, Translation]
) -> None:
    response = _client(agent).post(
        f"/desk/cases/{case.number}/articles/used/",
        {"translation": articles["internal"].pk},
    )
    assert json.loads(response.content) == {
        "insert": "Bare teamledere krediterer en faktura. Skriv årsaken i saken."
    }


@pytest.mark.parametrize("translation", ["", "abc", "999999", "draft"])
def test_an_unknown_or_unpublished_article_is_not_found(
    agent: User, case: Case, articles: dict[str, Translation], translation: str
) -> None:
    value = str(articles["draft"].pk) if translation == "draft" else translation
    response = _client(agent).post(
        f"/desk/cases/{case.number}/articles/used/", {"translation": value}
    )
    assert response.status_code == 404
    assert not SearchQuery.objects.exists()
