"""The demo's knowledge base (src/lytte/demo/knowledge/<lang>.csv) as published translations,
written straight to the tables, then indexed: for the evaluation tests and measurements."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from django.utils import timezone

from lytte.demo.knowledge import adopt_synonyms
from lytte.knowledge.models import Article, State, Translation
from lytte.knowledge.search import reindex_all

DEMO = Path(__file__).resolve().parents[3] / "demo" / "knowledge"
QUESTIONS = Path(__file__).resolve().parents[2] / "evaluation"


def load_demo(languages: Iterable[str]) -> int:
    """Every article of these languages' demo files, published, with the synonym lists the
    demo adopts; the translations made."""
    articles: dict[str, Article] = {}
    made = []
    now = timezone.now()
    for language in languages:
        with (DEMO / f"{language}.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                article = articles.get(row["article"])
                if article is None:
                    article = Article.objects.create(
                        visibility=row["visibility"], source_language=language
                    )
                    articles[row["article"]] = article
                made.append(
                    Translation(
                        article=article,
                        language=language,
                        title=row["title"],
                        slug=row["slug"],
                        body=row["body"],
                        state=State.PUBLISHED,
                        published_at=now,
                    )
                )
    Translation.objects.bulk_create(made)
    reindex_all()
    adopt_synonyms()
    return len(made)
