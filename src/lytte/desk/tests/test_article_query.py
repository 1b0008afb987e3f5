"""The search words in a case's text, and an article's Markdown as the text of an email."""

from __future__ import annotations

from lytte.desk.knowledge import MAX_WORDS, email_text, query_words, search_language


def test_stopwords_greetings_and_numbers_are_left_out() -> None:
    words = query_words("Hei! Kunden ringer og lurer på fakturaen for mars, kundenr 123456.", "nb")
    assert words == ["fakturaen", "mars", "kundenr"]


def test_each_word_is_kept_once_in_lower_case_and_in_the_order_it_came() -> None:
    assert query_words("Laskussa väärä summa. LASKUSSA taas väärä", "fi") == [
        "laskussa",
        "väärä",
        "summa",
        "taas",
    ]


def test_a_long_text_keeps_its_longest_words() -> None:
    text = (
        "Hei, jeg skrev til dere i forrige uke om strømregningen min. Den er altfor høy, og "
        "jeg forstår ikke hvorfor nettleien har økt så mye siden sommeren. Kan dere se på "
        "avregningen og sende meg en forklaring? Med vennlig hilsen Kari"
    )
    words = query_words(text, "nb")
    assert len(words) == MAX_WORDS
    assert {"strømregningen", "nettleien", "avregningen", "forklaring"} <= set(words)
    assert words.index("strømregningen") < words.index("nettleien")  # still in their order


def test_only_short_words_or_nothing_gives_no_query() -> None:
    assert query_words("", "nb") == []
    assert query_words("ok ja 42 ?? \x00", "nb") == []


def test_hyphenated_words_and_other_languages_stopwords() -> None:
    assert query_words("The customer says the e-post address is wrong", "en") == [
        "says",
        "e-post",
        "address",
        "wrong",
    ]
    assert query_words("Jag vill säga upp mitt abonnemang", "sv") == ["säga", "upp", "abonnemang"]


def test_the_search_language_is_the_first_known_one() -> None:
    assert search_language("", "fi-FI", "nb") == "fi"
    assert search_language("xx", None, "sv") == "sv"
    assert search_language(None, "") == "en"


def test_markdown_becomes_plain_email_text() -> None:
    markdown = (
        "# Slik endrer du fakturaadresse\n\n"
        "Logg inn på **Min side** og velg [Faktura](/help/nb/articles/faktura/).\n\n"
        "1. Velg *Adresse*\n2. Lagre\n\n"
        "- Se også [vilkår](https://example.no/vilkar)\n\n"
        "> Det tar en dag.\n\n"
        "```\nkode\n```\n"
    )
    assert email_text(markdown, base_url="https://lytte.example.no") == (
        "Slik endrer du fakturaadresse\n\n"
        "Logg inn på Min side og velg Faktura "
        "(https://lytte.example.no/help/nb/articles/faktura/).\n\n"
        "1. Velg Adresse\n2. Lagre\n\n"
        "- Se også vilkår (https://example.no/vilkar)\n\n"
        "> Det tar en dag.\n\n"
        "kode"
    )


def test_a_link_to_another_article_is_read_from_the_articles_own_page() -> None:
    markdown = "Se [Glemt passord](../glemt-passord/) og [Min side](/min-side/#konto)."
    text = email_text(
        markdown, base_url="https://lytte.example.no", page="/help/nb/articles/innlogging/"
    )
    assert text == (
        "Se Glemt passord (https://lytte.example.no/help/nb/articles/glemt-passord/) og "
        "Min side (https://lytte.example.no/min-side/#konto)."
    )


def test_a_bare_link_is_written_once() -> None:
    assert email_text("<https://example.no>") == "https://example.no"
