"""The demo's knowledge base files and the search evaluation set built on them, for every
language file present: one article per key in each, the categories and reasons the loader knows,
links that lead somewhere, and questions that each name a customer article that exists. And a
language file that arrives later joins the articles already loaded."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from lytte.demo.knowledge import (
    ARTICLES_DIR,
    CATEGORIES,
    COLUMNS,
    REASONS,
    RELATED,
    TAGS,
    language_files,
    load_articles,
)
from lytte.demo.knowledge_history import EVALUATION_DIR, GAPS, NOT_HELPFUL_COMMENTS
from lytte.demo.reasons import ensure_sub_reasons
from lytte.knowledge.models import Article, SlugRedirect, Translation, Visibility

LINK = re.compile(r"\]\(([^)\s]+)\)")
LANGUAGES = [path.stem for path in language_files()]
INTERNAL = {"internal-login-outage", "internal-refund-limits", "internal-payment-deferral"}


def _rows(language: str) -> list[dict[str, str]]:
    with (ARTICLES_DIR / f"{language}.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _questions(language: str) -> list[dict[str, str]]:
    with (EVALUATION_DIR / f"{language}.csv").open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert reader.fieldnames == ["question", "title"]
        return list(reader)


def test_norwegian_and_english_are_there() -> None:
    assert {"nb", "en"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_language_file_has_every_article_once(language: str) -> None:
    rows = _rows(language)
    assert tuple(rows[0]) == COLUMNS
    assert sorted(row["article"] for row in rows) == sorted(REASONS)
    assert len({row["slug"] for row in rows}) == len(rows)
    categories = {category[0] for category in CATEGORIES}
    for row in rows:
        assert row["language"] == language
        assert row["category"] in categories
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["slug"]), row["slug"]
        assert row["title"]
        assert row["body"]
        expected = Visibility.INTERNAL if row["article"] in INTERNAL else Visibility.PUBLIC
        assert row["visibility"] == expected, row["article"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_links_between_articles_lead_to_an_article_a_reader_may_open(language: str) -> None:
    """A customer article links relatively (`../slug/`) to other customer articles; an agents'
    article to customer articles, at their help-centre address or relatively."""
    rows = _rows(language)
    public = {row["slug"] for row in rows if row["visibility"] == Visibility.PUBLIC}
    every = {row["slug"] for row in rows}
    for row in rows:
        for target in LINK.findall(row["body"]):
            match = re.fullmatch(rf"(?:\.\.|/help/{language}/articles)/([^/]+)/", target)
            assert match, (row["article"], target)
            allowed = public if row["visibility"] == Visibility.PUBLIC else every
            assert match[1] in allowed, (row["article"], target)


def test_the_loaders_tables_name_known_articles_and_reasons() -> None:
    keys = set(REASONS)
    assert set(TAGS) <= keys
    assert {key for pair in RELATED for key in pair} <= keys
    for one, other in RELATED:
        assert (one in INTERNAL) == (other in INTERNAL), "a customer article relates to customers'"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_evaluation_set_asks_about_every_customer_article(language: str) -> None:
    path = EVALUATION_DIR / f"{language}.csv"
    if not path.exists():
        pytest.skip(f"no evaluation set for {language} (yet)")
    questions = _questions(language)
    public = {row["title"] for row in _rows(language) if row["visibility"] == Visibility.PUBLIC}
    assert len(questions) >= 50
    assert len({q["question"].casefold() for q in questions}) == len(questions)
    for question in questions:
        assert question["title"] in public, question
        assert question["question"].casefold() != question["title"].casefold(), question
    assert public == {q["title"] for q in questions}


def test_every_evaluation_set_belongs_to_a_language_file() -> None:
    assert {path.stem for path in EVALUATION_DIR.glob("*.csv")} <= set(LANGUAGES)


def test_the_search_history_speaks_every_language() -> None:
    for language in ("nb", "da", "sv", "fi", "en"):
        assert GAPS[language]
        assert NOT_HELPFUL_COMMENTS[language]


def test_a_language_arriving_later_joins_the_articles_already_loaded(
    db: None, tmp_path: Path
) -> None:
    ensure_sub_reasons()
    shutil.copy(ARTICLES_DIR / "nb.csv", tmp_path / "nb.csv")
    assert load_articles(directory=tmp_path) == (len(REASONS), len(REASONS))
    shutil.copy(ARTICLES_DIR / "en.csv", tmp_path / "en.csv")
    assert load_articles(directory=tmp_path) == (0, len(REASONS))
    assert load_articles(directory=tmp_path) == (0, 0)
    assert Article.objects.count() == len(REASONS)
    assert not Article.objects.exclude(source_language="nb").exists()
    english = Translation.objects.filter(language="en")
    assert english.count() == len(REASONS)
    assert not english.exclude(source_version=1).exists()


def test_an_article_an_editor_renamed_is_not_loaded_again(db: None, tmp_path: Path) -> None:
    ensure_sub_reasons()
    shutil.copy(ARTICLES_DIR / "nb.csv", tmp_path / "nb.csv")
    load_articles(directory=tmp_path)
    renamed = Translation.objects.filter(language="nb").order_by("pk").first()
    assert renamed is not None
    SlugRedirect.objects.create(language="nb", slug=renamed.slug, translation=renamed)
    Translation.objects.filter(pk=renamed.pk).update(slug="et-nytt-navn")
    assert load_articles(directory=tmp_path) == (0, 0)
    assert Article.objects.count() == len(REASONS)
