"""Labelled texts for the insights tests: a handful of realistic phrasings per reason in the five
languages, enough to train a model in well under a second."""

from __future__ import annotations

import random

import pytest

from lytte.insights.classifier import ReasonClassifier, train

PHRASES = {
    "invoice": [
        "kunde ringer ang faktura feil beløp",
        "fakturaen er for høy denne måneden",
        "jeg er trukket to ganger for samme regning",
        "min faktura har forkert beløb",
        "fakturan stämmer inte, dubbeldragning",
        "laskussa on väärä summa",
        "the invoice amount is wrong, charged twice",
        "purring på en regning jeg har betalt",
    ],
    "delivery": [
        "pakken har ikke kommet, sporing står stille",
        "ringer om levering som er forsinket",
        "min pakke er ikke leveret endnu",
        "paketet har inte kommit fram",
        "paketti ei ole tullut perille",
        "my parcel never arrived, tracking says delivered",
        "budet kom aldri med sofaen",
        "leveransen är försenad igen",
    ],
    "fault": [
        "internett virker ikke siden i går",
        "ruteren blinker rødt og nettet er nede",
        "appen krasjer når jeg logger inn",
        "mit bredbånd virker ikke",
        "routern fungerar inte, inget internet",
        "netti ei toimi ollenkaan",
        "the router keeps dropping the connection",
        "strømbrudd i hele gata",
    ],
    "cancellation": [
        "vil si opp abonnementet fra neste måned",
        "jeg ønsker å avbestille ordren min",
        "jeg vil opsige mit abonnement",
        "jag vill säga upp mitt avtal",
        "haluan irtisanoa liittymäni",
        "please cancel my subscription",
        "kunde vil si opp avtalen pga flytting til utlandet",
        "avbestilling av treningsmedlemskap",
    ],
}


def labelled(copies: int = 4, seed: int = 1) -> tuple[list[str], list[str]]:
    """Each phrase several times with small changes (a dropped word, a typo, another case)."""
    rng = random.Random(seed)
    texts, labels = [], []
    for reason, phrases in PHRASES.items():
        for phrase in phrases:
            for _copy in range(copies):
                words = phrase.split()
                if len(words) > 3 and rng.random() < 0.5:
                    del words[rng.randrange(len(words))]
                text = " ".join(words)
                if rng.random() < 0.3:
                    position = rng.randrange(len(text))
                    text = text[:position] + text[position + 1 :]
                texts.append(text.upper() if rng.random() < 0.1 else text)
                labels.append(reason)
    return texts, labels


@pytest.fixture(scope="session")
def small_model() -> ReasonClassifier:
    return train(*labelled())


@pytest.fixture(autouse=True)
def _no_model_from_an_earlier_test() -> None:
    """The live model is cached per process (and its version in the cache): start clean."""
    from lytte.insights import live

    live.forget_active_version()
    live._loaded = None
