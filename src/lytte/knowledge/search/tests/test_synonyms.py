"""Synonym lists: what an editor may write, that a word finds its synonyms' articles at once,
in every language, and that a list changes nothing it does not name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from lytte.accounts.models import User
from lytte.knowledge.models import Article, State
from lytte.knowledge.search import Audience, search_articles
from lytte.knowledge.search.analysis import LANGUAGES
from lytte.knowledge.search.synonyms import parse, suggested
from lytte.knowledge.services import create_article, save_translation, set_state
from lytte.knowledge.services.synonyms import save_synonyms


def _published(language: str, title: str, body: str) -> Article:
    article = create_article(by=None, source_language=language, visibility="public")
    translation = save_translation(
        article=article, language=language, title=title, body=body, by=None
    )
    set_state(translation, State.PUBLISHED, by=None)
    return article


def _titles(query: str, language: str) -> list[str]:
    hits = search_articles(query, language=language, audience=Audience.PUBLIC, limit=5)
    return [hit.title for hit in hits]


def test_a_list_is_groups_of_words_with_comments_and_blank_lines() -> None:
    text = "# Danske ord\nordre, Bestilling , køb\n\npakkeshop,afhentningssted # skift\n"
    assert parse(text) == [("ordre", "bestilling", "køb"), ("pakkeshop", "afhentningssted")]


def test_bad_lines_are_named_by_number() -> None:
    with pytest.raises(ValidationError) as raised:
        parse("ordre, bestilling\npenge tilbage, refusion\nalene\n")
    assert raised.value.messages == [
        "Line 2: one word between commas.",
        "Line 3: a group needs two words or more.",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_suggested_list_of_every_language_is_valid(language: str) -> None:
    assert len(parse(suggested(language))) >= 15


@pytest.mark.django_db
def test_a_saved_synonym_finds_the_articles_that_use_the_other_word() -> None:
    _published("da", "Annuller en bestilling", "Du kan annullere din bestilling i en time.")
    _published("da", "Spor din pakke", "Følg pakken med sporingsnummeret.")
    assert _titles("ordre", "da") == []
    save_synonyms(language="da", text="ordre, bestilling", by=None)
    assert _titles("min ordren", "da") == ["Annuller en bestilling"]  # inflected forms too
    assert _titles("ordre", "sv") == []  # the Danish list is Danish


@pytest.mark.django_db
def test_finnish_and_swedish_words_with_dots_find_their_synonyms() -> None:
    _published("fi", "Noutopisteen vaihtaminen", "Voit vaihtaa noutopisteen ennen lähetystä.")
    _published("sv", "Välj ombud", "Du väljer ombud i kassan.")
    save_synonyms(language="fi", text="noutopiste, pakettiautomaatti", by=None)
    save_synonyms(language="sv", text="ombud, utlämningsställe", by=None)
    assert _titles("pakettiautomaatille", "fi") == ["Noutopisteen vaihtaminen"]
    assert _titles("utlamningsstalle", "sv") == ["Välj ombud"]  # typed without å and ä


@pytest.mark.django_db
def test_a_word_keeps_its_own_articles_first() -> None:
    _published("nb", "Frakt til Svalbard", "Frakt til Svalbard koster ekstra.")
    _published("nb", "Levering", "Levering tar to dager. Levering hjem koster 49 kroner.")
    save_synonyms(language="nb", text="levering, frakt", by=None)
    assert _titles("frakt", "nb")[0] == "Frakt til Svalbard"
    assert set(_titles("frakt", "nb")) == {"Frakt til Svalbard", "Levering"}


@pytest.mark.django_db
def test_a_refused_list_changes_nothing() -> None:
    save_synonyms(language="nb", text="ordre, bestilling", by=None)
    with pytest.raises(ValidationError):
        save_synonyms(language="nb", text="ordre bestilling", by=None)
    with pytest.raises(ValidationError):
        save_synonyms(language="xx", text="a, b", by=None)
    _published("nb", "Endre en bestilling", "Du kan endre bestillingen.")
    assert _titles("ordre", "nb") == ["Endre en bestilling"]


@pytest.mark.django_db
def test_the_page_shows_the_list_and_only_publishers_change_it(
    agent: User, supervisor: User
) -> None:
    save_synonyms(language="da", text="ordre, bestilling", by=None)
    reader = Client()
    reader.force_login(agent)
    page = reader.get("/desk/knowledge/synonyms/?language=da")
    assert page.status_code == 200
    assert "ordre, bestilling" in page.content.decode()
    assert reader.post("/desk/knowledge/synonyms/?language=da", {"text": ""}).status_code == 403

    editor = Client()
    editor.force_login(supervisor)
    refused = editor.post("/desk/knowledge/synonyms/?language=da", {"text": "ordre"})
    assert refused.status_code == 200
    assert 'aria-invalid="true"' in refused.content.decode()
    saved = editor.post("/desk/knowledge/synonyms/?language=da", {"text": "pakkeshop, pakkeboks"})
    assert saved.status_code == 302
    assert "pakkeboks" in editor.get("/desk/knowledge/synonyms/?language=da").content.decode()
    suggestion = editor.post(
        "/desk/knowledge/synonyms/?language=fi", {"action": "suggested"}
    ).content.decode()
    assert "noutopiste" in suggestion
    assert "pakkeboks" in editor.get("/desk/knowledge/synonyms/?language=da").content.decode()
