"""The demo knowledge base and the search evaluation sets in Danish, Swedish and Finnish: the
articles are complete and well formed, and every question points at a customer article of its
own language. Plain CSV checks, no database."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

LANGUAGES = ("da", "sv", "fi")
SOURCE = Path(__file__).resolve().parents[2]
ARTICLES = SOURCE / "demo" / "knowledge"
QUESTIONS = SOURCE / "knowledge" / "evaluation"

ARTICLE_HEADER = ["article", "title", "body", "language", "category", "slug", "visibility"]
QUESTION_HEADER = ["question", "title"]

# The article keys of the demo knowledge base and their categories (notes on issue 14).
CATEGORY = {
    "track-parcel": "delivery",
    "delivery-times": "delivery",
    "late-parcel": "delivery",
    "delivered-not-received": "delivery",
    "change-delivery-address": "delivery",
    "pickup-point": "delivery",
    "order-confirmation": "orders",
    "change-order": "orders",
    "cancel-order": "orders",
    "out-of-stock": "orders",
    "gift-cards": "orders",
    "invoice-address": "payment",
    "wrong-invoice-amount": "payment",
    "payment-deferral": "payment",
    "payment-methods": "payment",
    "refund-time": "payment",
    "e-invoice": "payment",
    "reminder-fee": "payment",
    "reset-password": "account",
    "cannot-log-in": "account",
    "change-contact-details": "account",
    "delete-account": "account",
    "newsletter": "account",
    "return-item": "returns",
    "faulty-product": "returns",
    "damaged-on-arrival": "returns",
    "warranty-repair": "returns",
    "app-crashes": "app",
    "app-notifications": "app",
    "checkout-error": "app",
    "membership-benefits": "membership",
    "cancel-membership": "membership",
    "contact-customer-service": "contact",
    "internal-login-outage": "app",
    "internal-refund-limits": "payment",
    "internal-payment-deferral": "payment",
}
INTERNAL = {"internal-login-outage", "internal-refund-limits", "internal-payment-deferral"}
RELATIVE_LINK = re.compile(r"\]\(\.\./([^)/]+)/\)")


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_articles_are_the_36_of_the_demo_with_their_categories_and_visibility(
    language: str,
) -> None:
    header, rows = read(ARTICLES / f"{language}.csv")
    assert header == ARTICLE_HEADER
    assert len(rows) == 36
    assert {row["article"] for row in rows} == set(CATEGORY)
    for row in rows:
        assert row["language"] == language
        assert row["category"] == CATEGORY[row["article"]], row["article"]
        expected = "internal" if row["article"] in INTERNAL else "public"
        assert row["visibility"] == expected, row["article"]
    assert sum(row["visibility"] == "internal" for row in rows) == 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_slugs_and_titles_are_unique_and_bodies_are_help_centre_sized(language: str) -> None:
    _, rows = read(ARTICLES / f"{language}.csv")
    slugs = [row["slug"] for row in rows]
    assert len(set(slugs)) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs), slugs
    titles = [row["title"] for row in rows]
    assert len(set(titles)) == len(titles)
    assert all(title.strip() == title and title for title in titles)
    for row in rows:
        words = len(row["body"].split())
        assert 90 <= words <= 250, (row["article"], words)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_relative_link_points_to_an_article_of_the_same_language(language: str) -> None:
    _, rows = read(ARTICLES / f"{language}.csv")
    slugs = {row["slug"] for row in rows}
    public = {row["slug"] for row in rows if row["visibility"] == "public"}
    for row in rows:
        for target in RELATIVE_LINK.findall(row["body"]):
            assert target in slugs, (row["article"], target)
            if row["visibility"] == "public":
                assert target in public, (row["article"], target)
        # Every link in a body is either relative to a sibling article or a help-centre path.
        for link in re.findall(r"\]\(([^)]*)\)", row["body"]):
            assert link.startswith(("../", f"/help/{language}/")), (row["article"], link)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_question_names_a_public_article_and_every_public_article_is_asked_for(
    language: str,
) -> None:
    _, articles = read(ARTICLES / f"{language}.csv")
    public = {row["title"] for row in articles if row["visibility"] == "public"}
    header, questions = read(QUESTIONS / f"{language}.csv")
    assert header == QUESTION_HEADER
    assert len(questions) >= 50
    for row in questions:
        assert row["title"] in public, row
        assert row["question"].strip(), row
        assert row["question"].casefold() != row["title"].casefold(), row
    asked = [row["question"].casefold() for row in questions]
    assert len(set(asked)) == len(asked)
    assert public == {row["title"] for row in questions}


def test_an_article_has_the_same_category_and_visibility_in_every_language() -> None:
    seen: dict[str, tuple[str, str]] = {}
    for language in LANGUAGES:
        _, rows = read(ARTICLES / f"{language}.csv")
        for row in rows:
            kind = (row["category"], row["visibility"])
            assert seen.setdefault(row["article"], kind) == kind, (language, row["article"])
