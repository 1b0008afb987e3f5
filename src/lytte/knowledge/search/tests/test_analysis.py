"""The analysis per language: stems that meet, folded spellings, compounds, stopwords."""

from __future__ import annotations

import pytest

from lytte.knowledge.search.analysis import (
    analyse_document,
    best_split,
    fold,
    fold_other,
    known_parts,
    stem,
    terms,
    words,
)
from lytte.knowledge.search.query import distance
from lytte.knowledge.search.stopwords import STOPWORDS


@pytest.mark.parametrize(
    ("language", "forms"),
    [
        ("nb", ["faktura", "fakturaen", "fakturaer", "fakturaene"]),
        ("nb", ["pakke", "pakken", "pakker"]),
        ("da", ["faktura", "fakturaen", "fakturaer"]),
        ("da", ["levering", "leveringen"]),
        ("sv", ["faktura", "fakturan", "fakturor", "fakturorna"]),
        ("sv", ["leverans", "leveransen"]),
        ("fi", ["tilaus", "tilauksen", "tilausta"]),
        ("fi", ["lasku", "laskun", "laskua"]),
        ("en", ["delivery", "deliveries"]),
        ("en", ["invoice", "invoices", "invoiced"]),
    ],
)
def test_the_forms_of_a_word_meet_in_one_stem(language: str, forms: list[str]) -> None:
    assert len({stem(form, language) for form in forms}) == 1


@pytest.mark.parametrize(
    ("typed", "written", "language"),
    [
        ("odegard", "Ødegård", "nb"),
        ("aerlig", "ærlig", "da"),
        ("losenord", "lösenord", "sv"),
        ("myohassa", "myöhässä", "fi"),
        ("cafe", "café", "en"),
    ],
)
def test_words_typed_without_nordic_letters_meet_the_written_ones(
    typed: str, written: str, language: str
) -> None:
    assert terms(typed, language) & terms(written.casefold(), language)


def test_folding_knows_both_plain_spellings() -> None:
    assert fold("Ødegård") == "odegard"
    assert fold_other("Ødegård") == "oedegaard"
    assert fold("Smørbrød Æble") == "smorbrod aeble"


@pytest.mark.parametrize(
    ("language", "word", "parts"),
    [
        ("nb", "fakturaadresse", ("faktura", "adresse")),
        ("nb", "leveringsadresse", ("levering", "adresse")),
        ("nb", "leveringstid", None),  # "tid" is too short a part: see known_parts
        ("da", "kundeservice", ("kunde", "service")),
        ("sv", "returetikett", ("retur", "etikett")),
        ("fi", "toimitusaika", ("toimitus", "aika")),
        ("fi", "salasanan", None),  # too short a stem to cut: "salasana" is one word here
    ],
)
def test_a_compound_splits_into_parts_the_vocabulary_knows(
    language: str, word: str, parts: tuple[str, str] | None
) -> None:
    vocabulary = {"faktur", "adress", "levering", "tid", "retur", "etiket", "toimitu", "aika"}
    vocabulary |= {stem(part, language) for part in parts or ()}
    found = best_split(word, language, vocabulary.intersection)
    expected = tuple(stem(part, language) for part in parts) if parts else None
    assert found == expected


def test_a_compound_with_one_unknown_part_searches_the_other() -> None:
    assert known_parts("dobbelbetaling", "nb", {"betaling"}.intersection) == ["betaling"]
    assert known_parts("leveringstid", "nb", {"levering"}.intersection) == ["levering"]
    assert known_parts("leveringstid", "nb", {"tid"}.intersection) == []  # too short alone


def test_english_articles_are_not_cut_into_parts() -> None:
    vocabulary = {"some", "thing", "someth"}.intersection
    assert analyse_document("Something", "", "en", vocabulary).parts == []
    assert analyse_document("Fakturaadresse", "", "nb", {"faktur", "adress"}.intersection).parts


@pytest.mark.parametrize(
    ("language", "text", "kept"),
    [
        ("nb", "Hvordan endrer jeg fakturaen min?", {"endr", "faktur"}),
        ("da", "Hvordan ændrer jeg min adgangskode?", {"aendr", "adgangskod"}),
        ("sv", "Hur ändrar jag mitt lösenord?", {"andr", "losenord"}),
        ("fi", "Miten vaihdan salasanan?", {"vaihd", "sala"}),
        ("en", "How do I change my password?", {"chang", "password"}),
    ],
)
def test_stopwords_leave_the_words_that_matter(language: str, text: str, kept: set[str]) -> None:
    document = analyse_document(text, "", language, None)
    stems = {term for term in document.title if term in kept}
    assert stems == kept
    small = {fold(w) for w in words(text) if w in STOPWORDS[language]}
    assert set(document.title) - kept <= {fold(w) for w in words(text)} - small  # as written


def test_markdown_links_and_marks_are_not_words() -> None:
    document = analyse_document("", "Se [Pakken](../pakken-min/) **nå**", "nb", None)
    assert "pakken-min" not in " ".join(document.body)
    assert words("e-post: 30 dager") == ["e", "post", "30", "dager"]


@pytest.mark.parametrize(
    ("typed", "meant", "edits"),
    [("levring", "levering", 1), ("pasword", "password", 1), ("pssaword", "password", 2)],
)
def test_edit_distance_counts_a_swap_as_one(typed: str, meant: str, edits: int) -> None:
    assert distance(typed, meant, 2) == edits
    assert distance("faktura", "adresse", 2) == 3  # more than the limit: limit + 1
