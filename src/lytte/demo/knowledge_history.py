"""What the demo's customers did in the help centre over its 90 days: searches (the evaluation
set's questions, and now and then one the knowledge base has no answer to), the articles they
opened, and their "was this helpful?", so the director's knowledge gaps have something to show.

A few hundred rows, written in bulk and dated afterwards (the models date rows when written).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from lytte.cases.models import Channel
from lytte.demo.customers import DemoCustomer
from lytte.demo.timeline import CaseClock
from lytte.knowledge.models import (
    Feedback,
    SearchQuery,
    SearchSource,
    Translation,
)
from lytte.knowledge.selectors import public_translations

EVALUATION_DIR = Path(__file__).parent.parent / "knowledge" / "evaluation"
SEARCHES = 300
GAP_SHARE = 0.15  # searches that find nothing
CLICK_SHARE = 0.65  # of those that find something: the reader opens the article
FEEDBACK_SHARE = 0.6  # of those opened: the reader says whether it helped
COMMENT_SHARE = 0.5  # of the "not helpful": with a comment
CUSTOMER_SHARE = 0.3  # signed-in customers
LANGUAGE_WEIGHTS = {"nb": 5, "sv": 3, "da": 2, "fi": 2, "en": 1}
# Articles that leave readers wanting more (by the reason they answer): late parcels, deferrals
# and checkout errors need a person more often than an article.
WEAK_REASONS = {"delayed-delivery", "payment-deferral", "app-error"}
HELPFUL = {"weak": 0.5, "other": 0.9}

# What customers look for that the knowledge base does not answer, the most asked first.
GAPS: dict[str, tuple[str, ...]] = {
    "nb": ("bytte valuta", "faktura på engelsk", "klimaavtrykk", "innbytte av gammel mobil",
           "leasing", "betale med bitcoin"),
    "da": ("skifte valuta", "faktura på engelsk", "klimaaftryk", "byt gammel mobil", "leasing",
           "betale med bitcoin"),
    "sv": ("byta valuta", "faktura på engelska", "klimatavtryck", "byta in gammal mobil",
           "leasing", "betala med bitcoin"),
    "fi": ("vaihtaa valuutta", "lasku englanniksi", "hiilijalanjälki", "vanhan puhelimen vaihto",
           "leasing", "maksaa bitcoinilla"),
    "en": ("change currency", "invoice in english", "carbon footprint", "trade in old phone",
           "leasing", "pay with bitcoin"),
}  # fmt: skip
GAP_WEIGHTS = (6, 5, 4, 2, 1, 1)

NOT_HELPFUL_COMMENTS: dict[str, tuple[str, ...]] = {
    "nb": ("Svarer ikke på spørsmålet mitt.", "For lang tekst, fant ikke svaret.",
           "Jeg vil heller snakke med noen.", "Det står ikke hva jeg gjør når fristen er ute.",
           "Stemmer ikke med det jeg ser i appen."),
    "da": ("Svarer ikke på mit spørgsmål.", "Alt for lang tekst, fandt ikke svaret.",
           "Jeg vil hellere tale med et menneske.", "Der står ikke, hvad jeg gør, når fristen er "
           "overskredet.", "Passer ikke med det, jeg ser i appen."),
    "sv": ("Svarar inte på min fråga.", "För lång text, hittade inte svaret.",
           "Jag vill hellre prata med någon.", "Det står inte vad jag gör när tiden har gått ut.",
           "Stämmer inte med det jag ser i appen."),
    "fi": ("Ei vastannut kysymykseeni.", "Liian pitkä teksti, en löytänyt vastausta.",
           "Haluaisin mieluummin puhua jonkun kanssa.", "Ei kerro, mitä teen, jos määräaika on "
           "jo mennyt.", "Ei vastaa sitä, mitä sovelluksessa näkyy."),
    "en": ("Doesn't answer my question.", "Too long, couldn't find the answer.",
           "I'd rather talk to someone.", "It doesn't say what to do once the deadline has passed.",
           "Doesn't match what I see in the app."),
}  # fmt: skip
HELPFUL_COMMENTS: dict[str, tuple[str, ...]] = {
    "nb": ("Takk, det hjalp!", "Enkelt og greit.", "Fant svaret med en gang."),
    "da": ("Tak, det hjalp!", "Nemt og overskueligt.", "Fandt svaret med det samme."),
    "sv": ("Tack, det hjälpte!", "Enkelt och tydligt.", "Hittade svaret direkt."),
    "fi": ("Kiitos, tämä auttoi!", "Selkeä ohje.", "Löysin vastauksen heti."),
    "en": ("Thanks, that helped!", "Clear and simple.", "Found the answer straight away."),
}

Questions = dict[str, list[tuple[str, Translation]]]


def _questions() -> Questions:
    """Per language: what readers type, and the published customer article that answers it (the
    search evaluation's questions; a language without them searches for the titles)."""
    published = public_translations().order_by("pk")
    by_title: dict[str, dict[str, Translation]] = {}
    for translation in published:
        by_title.setdefault(translation.language, {})[translation.title] = translation
    questions: Questions = {}
    for language, titles in by_title.items():
        path = EVALUATION_DIR / f"{language}.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as file:
                pairs = [(line["question"], line["title"]) for line in csv.DictReader(file)]
            questions[language] = [(q, titles[t]) for q, t in pairs if t in titles]
        if not questions.get(language):
            questions[language] = [(title.lower(), t) for title, t in titles.items()]
    return questions


def _customer_id(rng: random.Random, customers: dict[str, list[int]], language: str) -> int | None:
    speakers = customers.get(language)
    return rng.choice(speakers) if speakers and rng.random() < CUSTOMER_SHARE else None


def _search(
    rng: random.Random, language: str, questions: Questions, customer: int | None
) -> SearchQuery:
    if language in GAPS and rng.random() < GAP_SHARE:
        gap = rng.choices(GAPS[language], weights=GAP_WEIGHTS)[0]
        return SearchQuery(
            source=SearchSource.PORTAL,
            language=language,
            query=gap,
            results=0,
            customer_id=customer,
        )
    question, translation = rng.choice(questions[language])
    return SearchQuery(
        source=SearchSource.PORTAL,
        language=language,
        query=question,
        results=rng.randint(1, 7),
        clicked=translation if rng.random() < CLICK_SHARE else None,
        customer_id=customer,
    )


def _feedback(rng: random.Random, search: SearchQuery, weak: set[int]) -> Feedback | None:
    """Whether the reader of the article this search opened said it helped, and why not."""
    translation = search.clicked
    if translation is None or rng.random() >= FEEDBACK_SHARE:
        return None
    language = translation.language
    helpful = rng.random() < HELPFUL["weak" if translation.article_id in weak else "other"]
    comment = ""
    if not helpful and rng.random() < COMMENT_SHARE:
        comment = rng.choice(NOT_HELPFUL_COMMENTS.get(language, ("",)))
    elif helpful and rng.random() < 0.1:
        comment = rng.choice(HELPFUL_COMMENTS.get(language, ("",)))
    return Feedback(
        translation=translation, helpful=helpful, comment=comment, customer_id=search.customer_id
    )


def load_history(
    rng: random.Random, customers: Sequence[DemoCustomer], now: datetime
) -> tuple[int, int]:
    """Writes the searches and feedback; returns how many of each."""
    questions = _questions()
    languages = [code for code in LANGUAGE_WEIGHTS if code in questions]
    if not languages:
        return 0, 0
    speakers: dict[str, list[int]] = {}
    for customer in customers:
        speakers.setdefault(customer.language, []).append(customer.pk)
    weak = set(
        Translation.objects.filter(article__reasons__code__in=WEAK_REASONS).values_list(
            "article_id", flat=True
        )
    )
    clock = CaseClock(rng, now)
    weights = [LANGUAGE_WEIGHTS[code] for code in languages]
    searches, feedback, feedback_at = [], [], []
    for days_ago in clock.days_ago(SEARCHES):
        language = rng.choices(languages, weights=weights)[0]
        search = _search(rng, language, questions, _customer_id(rng, speakers, language))
        search.created_at = clock.opened_at(days_ago, Channel.WEB)
        searches.append(search)
        given = _feedback(rng, search, weak)
        if given is not None:
            feedback.append(given)
            feedback_at.append(min(now, search.created_at + timedelta(minutes=rng.randint(1, 9))))
    _write(searches, [s.created_at for s in searches], feedback, feedback_at)
    return len(searches), len(feedback)


def _write(
    searches: list[SearchQuery],
    searched_at: list[datetime],
    feedback: list[Feedback],
    given_at: list[datetime],
) -> None:
    """bulk_create dates every row now (auto_now_add); the story's times go in afterwards."""
    SearchQuery.objects.bulk_create(searches)
    Feedback.objects.bulk_create(feedback)
    for search, at in zip(searches, searched_at, strict=True):
        search.created_at = at
    for given, at in zip(feedback, given_at, strict=True):
        given.created_at = at
    SearchQuery.objects.bulk_update(searches, ["created_at"], batch_size=500)
    Feedback.objects.bulk_update(feedback, ["created_at"], batch_size=500)
