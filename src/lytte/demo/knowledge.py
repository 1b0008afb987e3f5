"""The demo's knowledge base: the web shop's help-centre articles in every language whose file is
in `demo/knowledge/` (one `Article` per key, one `Translation` per language), their categories,
contact reasons, tags and related articles, and a history of searches and "was this helpful?"
over the demo's 90 days for the knowledge gaps.

The articles go through the knowledge services (rendered and indexed like an editor's); the
history is written in bulk. Loading again adds only what is missing: a language file that
arrived since, never a second copy of an article.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone

from lytte.accounts.models import User
from lytte.cases.models import ContactReason
from lytte.demo.customers import DemoCustomer
from lytte.demo.knowledge_history import load_history
from lytte.knowledge.models import (
    Article,
    Category,
    Feedback,
    SearchQuery,
    SlugRedirect,
    State,
    Translation,
    Visibility,
)
from lytte.knowledge.search import LANGUAGES, reindex_all
from lytte.knowledge.search.synonyms import saved as saved_synonyms
from lytte.knowledge.services import create_article, save_translation, set_state
from lytte.knowledge.services.synonyms import adopt_suggested
from lytte.platform.languages import LANGUAGE_CODES

ARTICLES_DIR = Path(__file__).parent / "knowledge"
COLUMNS = ("article", "title", "body", "language", "category", "slug", "visibility")
SOURCE_LANGUAGE = "nb"
AUTHOR = "supervisor"  # a demo login who writes and publishes the articles
PUBLISHED_DAYS_AGO = 120  # before the demo's 90 days of searches

# slug, English, Norwegian Bokmål, Danish, Swedish, Finnish
CATEGORIES = (
    ("orders", "Orders", "Bestillinger", "Bestillinger", "Beställningar", "Tilaukset"),
    ("delivery", "Delivery", "Levering", "Levering", "Leverans", "Toimitus"),
    (
        "payment",
        "Payment and invoices",
        "Betaling og faktura",
        "Betaling og faktura",
        "Betalning och faktura",
        "Maksut ja laskut",
    ),
    (
        "account",
        "Account and login",
        "Konto og innlogging",
        "Konto og login",
        "Konto och inloggning",
        "Tili ja kirjautuminen",
    ),
    (
        "returns",
        "Returns and complaints",
        "Retur og reklamasjon",
        "Returnering og reklamation",
        "Retur och reklamation",
        "Palautukset ja reklamaatiot",
    ),
    ("app", "App and website", "App og nettside", "App og hjemmeside", "App och webbplats",
     "Sovellus ja verkkosivu"),
    ("membership", "Membership", "Medlemskap", "Medlemskab", "Medlemskap", "Jäsenyys"),
    ("contact", "Contact us", "Kontakt oss", "Kontakt os", "Kontakta oss", "Ota yhteyttä"),
)  # fmt: skip

# The contact reason each article answers (its code): the director's knowledge gaps are reasons
# with many contacts and no article.
REASONS = {
    "track-parcel": "delivery",
    "delivery-times": "delivery",
    "late-parcel": "delayed-delivery",
    "delivered-not-received": "delivery",
    "change-delivery-address": "order",
    "pickup-point": "delivery",
    "order-confirmation": "order",
    "change-order": "order",
    "cancel-order": "order",
    "out-of-stock": "order",
    "gift-cards": "question",
    "invoice-address": "invoice",
    "wrong-invoice-amount": "wrong-amount",
    "payment-deferral": "payment-deferral",
    "payment-methods": "invoice",
    "refund-time": "complaint",
    "e-invoice": "invoice",
    "reminder-fee": "invoice",
    "reset-password": "login",
    "cannot-log-in": "login",
    "change-contact-details": "account",
    "delete-account": "account",
    "newsletter": "account",
    "return-item": "complaint",
    "faulty-product": "fault",
    "damaged-on-arrival": "complaint",
    "warranty-repair": "fault",
    "app-crashes": "app-error",
    "app-notifications": "app-error",
    "checkout-error": "app-error",
    "membership-benefits": "question",
    "cancel-membership": "cancellation",
    "contact-customer-service": "question",
    "internal-login-outage": "login",
    "internal-refund-limits": "complaint",
    "internal-payment-deferral": "payment-deferral",
}

TAGS = {
    "track-parcel": ("tracking",),
    "late-parcel": ("tracking", "carrier"),
    "delivered-not-received": ("carrier",),
    "pickup-point": ("pick-up point",),
    "delivery-times": ("shipping",),
    "gift-cards": ("gift card", "discount code"),
    "payment-methods": ("Vipps", "MobilePay", "Swish", "card"),
    "e-invoice": ("eFaktura", "Betalingsservice", "Autogiro", "e-lasku"),
    "reminder-fee": ("debt collection",),
    "cannot-log-in": ("BankID", "MitID", "two-factor"),
    "reset-password": ("password",),
    "delete-account": ("GDPR",),
    "return-item": ("return label", "right of withdrawal"),
    "faulty-product": ("complaint right",),
    "app-crashes": ("iOS", "Android"),
    "membership-benefits": ("bonus points",),
    "internal-login-outage": ("outage", "escalation"),
    "internal-refund-limits": ("goodwill", "approval"),
    "internal-payment-deferral": ("approval",),
}

# Articles a reader of one often needs next (customer articles with customer articles only, so
# the help centre never lists an internal one).
RELATED = (
    ("return-item", "refund-time"),
    ("cancel-order", "refund-time"),
    ("track-parcel", "late-parcel"),
    ("late-parcel", "delivered-not-received"),
    ("change-delivery-address", "pickup-point"),
    ("reset-password", "cannot-log-in"),
    ("payment-deferral", "reminder-fee"),
    ("faulty-product", "warranty-repair"),
    ("faulty-product", "damaged-on-arrival"),
    ("payment-methods", "e-invoice"),
    ("membership-benefits", "cancel-membership"),
    ("internal-payment-deferral", "internal-refund-limits"),
)


@dataclass(frozen=True)
class Row:
    """One line of a language file: one article's text in that language."""

    article: str
    title: str
    body: str
    language: str
    category: str
    slug: str
    visibility: str


@dataclass(frozen=True)
class KnowledgeLoad:
    articles: int  # created by this load
    translations: int  # created by this load
    languages: tuple[str, ...]  # whose files were read
    searches: int
    feedback: int


def language_files(directory: Path = ARTICLES_DIR) -> list[Path]:
    """The files of the languages the site speaks, e.g. `nb.csv`, in a fixed order."""
    return sorted(path for path in directory.glob("*.csv") if path.stem in LANGUAGE_CODES)


def read_rows(directory: Path = ARTICLES_DIR) -> dict[str, dict[str, Row]]:
    """Article key → language → its row; keys in the order of the files' lines."""
    articles: dict[str, dict[str, Row]] = {}
    for path in language_files(directory):
        with path.open(encoding="utf-8", newline="") as file:
            for line in csv.DictReader(file):
                row = Row(**{column: line[column].strip() for column in COLUMNS})
                if row.language != path.stem:
                    raise ValueError(f"{path.name}: {row.article} is in {row.language!r}")
                articles.setdefault(row.article, {})[row.language] = row
    return articles


def ensure_categories() -> dict[str, Category]:
    categories = {c.slug: c for c in Category.objects.filter(slug__in=[c[0] for c in CATEGORIES])}
    for position, (slug, en, nb, da, sv, fi) in enumerate(CATEGORIES, start=1):
        if slug not in categories:
            categories[slug] = Category.objects.create(
                slug=slug,
                name=en,
                name_nb=nb,
                name_da=da,
                name_sv=sv,
                name_fi=fi,
                position=position,
            )
    return categories


def _existing(rows: dict[str, dict[str, Row]]) -> dict[str, Article]:
    """The articles an earlier load made, found by any of their translations' slugs (or the
    slug it had before an editor renamed it)."""
    keys = {(row.language, row.slug): key for key, texts in rows.items() for row in texts.values()}
    slugs = {slug for _language, slug in keys}
    found = [
        (t.language, t.slug, t.article)
        for t in Translation.objects.filter(slug__in=slugs).select_related("article")
    ] + [
        (old.language, old.slug, old.translation.article)
        for old in SlugRedirect.objects.filter(slug__in=slugs).select_related(
            "translation__article"
        )
    ]
    existing: dict[str, Article] = {}
    for language, slug, article in found:
        key = keys.get((language, slug))
        if key is not None:
            existing.setdefault(key, article)
    return existing


def _source_language(texts: dict[str, Row]) -> str:
    return SOURCE_LANGUAGE if SOURCE_LANGUAGE in texts else sorted(texts)[0]


def _new_article(
    key: str,
    texts: dict[str, Row],
    categories: dict[str, Category],
    reasons: dict[str, ContactReason],
    author: User | None,
) -> Article:
    first = texts[_source_language(texts)]
    reason = reasons.get(REASONS.get(key, ""))
    return create_article(
        by=author,
        source_language=_source_language(texts),
        visibility=Visibility(first.visibility),
        category=categories.get(first.category),
        tags=TAGS.get(key, ()),
        reasons=[reason] if reason else [],
    )


def _translate(article: Article, texts: dict[str, Row], author: User | None) -> list[Translation]:
    """The article's missing languages, published; the source language first, so the others
    record which version of it they were made from."""
    have = set(article.translations.values_list("language", flat=True))
    source = article.source_language
    added = []
    for language in sorted(texts, key=lambda code: (code != source, code)):
        if language in have:
            continue
        row = texts[language]
        translation = save_translation(
            article=article,
            language=language,
            title=row.title,
            body=row.body,
            slug=row.slug,
            by=author,
        )
        # Published by the system (by=None): the demo does not walk each text through review.
        added.append(set_state(translation, State.PUBLISHED, by=None))
    source_version = (
        article.translations.filter(language=source).values_list("version", flat=True).first()
    )
    if source_version is not None:
        article.translations.filter(pk__in=[t.pk for t in added]).exclude(language=source).update(
            source_version=source_version
        )
    return added


def _backdate(article: Article, translations: list[Translation], when: datetime) -> None:
    """Written and published before the demo's searches begin, not the moment they were
    loaded."""
    Article.objects.filter(pk=article.pk).update(created_at=when, updated_at=when)
    Translation.objects.filter(pk__in=[t.pk for t in translations]).update(
        created_at=when, updated_at=when, published_at=when
    )


def _relate(articles: dict[str, Article]) -> None:
    for one, other in RELATED:
        if one in articles and other in articles:
            articles[one].related.add(articles[other])


def load_articles(
    *, now: datetime | None = None, directory: Path = ARTICLES_DIR
) -> tuple[int, int]:
    """The articles of every language file; returns how many articles and translations it
    created (none the second time)."""
    now = now or timezone.now()
    rows = read_rows(directory)
    categories = ensure_categories()
    reasons = {r.code: r for r in ContactReason.objects.filter(code__in=set(REASONS.values()))}
    author = User.objects.filter(username=AUTHOR).first()
    articles = _existing(rows)
    created = translated = 0
    for position, (key, texts) in enumerate(rows.items()):
        article = articles.get(key)
        if article is None:
            article = articles[key] = _new_article(key, texts, categories, reasons, author)
            Article.objects.filter(pk=article.pk).update(position=position)
            created += 1
        added = _translate(article, texts, author)
        if added:
            _backdate(article, added, now - timedelta(days=PUBLISHED_DAYS_AGO - position))
        translated += len(added)
    _relate(articles)
    if translated:
        # Compounds are cut against the vocabulary of every article, not only those loaded
        # before each one (decision 30).
        reindex_all()
    return created, translated


def adopt_synonyms() -> None:
    """The demo business uses Lytte's suggested synonym list in every language that has
    none saved (an editor's list is left as it is)."""
    for language in LANGUAGES:
        if not saved_synonyms(language):
            adopt_suggested(language=language, by=None)


def load_knowledge(
    *, seed: int, customers: Sequence[DemoCustomer] = (), now: datetime | None = None
) -> KnowledgeLoad:
    """The demo's knowledge base and, the first time, its search and feedback history (its own
    random stream from the demo's seed, so the cases a seed loads stay the same)."""
    now = now or timezone.now()
    articles, translations = load_articles(now=now)
    adopt_synonyms()
    searches = feedback = 0
    if not SearchQuery.objects.exists() and not Feedback.objects.exists():
        searches, feedback = load_history(random.Random(seed + 2), customers, now)
    return KnowledgeLoad(
        articles=articles,
        translations=translations,
        languages=tuple(path.stem for path in language_files()),
        searches=searches,
        feedback=feedback,
    )
