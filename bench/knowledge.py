"""Knowledge search at scale: 10,000 articles in five languages (50,000 published translations),
timed in-process and, where this server has a search page or endpoint, over HTTP.

    LYTTE_DATA_DIR=/tmp/lytte-kbench .venv/bin/lytte migrate
    LYTTE_DATA_DIR=/tmp/lytte-kbench .venv/bin/python bench/knowledge.py --load
    LYTTE_DATA_DIR=/tmp/lytte-kbench .venv/bin/python bench/knowledge.py

The articles are synthetic but read like the demo's: each language's titles and bodies are
made of the demo articles' own sentences (src/lytte/demo/knowledge/<lang>.csv), shuffled and
mixed, with made-up product names (compounds of the language's words) so the vocabulary grows
as a real help centre's does. The queries are the evaluation questions of each language
(src/lytte/knowledge/evaluation/<lang>.csv), some with a typo, and the first letters of each
for suggestions. With LYTTE_DATABASE_URL set it runs on that database. It prints figures; it
is not a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import re
import statistics
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LANGUAGES = ("nb", "da", "sv", "fi", "en")
# Where a server may answer a search over HTTP, first found wins ({lang}, {q}).
HTTP_PATHS = (
    "/api/v1/knowledge/search?q={q}&language={lang}",
    "/help/{lang}/search/?q={q}",
)
SUGGEST_PATH = "/help/{lang}/search/suggestions/?q={q}"
TARGET_MS = 20.0


def main() -> None:
    options = _arguments()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
    import django

    django.setup()
    if options.load:
        _load(options.articles, options.seed)
    _print_setting()
    queries = _queries(options.seed)
    _in_process(queries, options.repeat)
    if not options.no_http:
        _over_http(queries, options.repeat)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load", action="store_true", help="make the articles first")
    parser.add_argument(
        "--articles", type=int, default=10_000, help="articles, each in 5 languages"
    )
    parser.add_argument("--repeat", type=int, default=300, help="timed searches per language")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-http", action="store_true", help="time in-process only")
    return parser.parse_args()


def _sentences(language: str) -> tuple[list[str], list[str]]:
    path = ROOT / "src/lytte/demo/knowledge" / f"{language}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    sentences = [
        s.strip()
        for row in rows
        for s in re.split(r"(?<=[.!?])\s+|\n+", row["body"])
        if len(s.split()) >= 4
    ]
    return [row["title"] for row in rows], sentences


def _load(articles: int, seed: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from lytte.knowledge.models import Article, State, Translation
    from lytte.knowledge.search import reindex_all

    rng = random.Random(seed)  # noqa: S311 -- made-up text, not secrets
    started = time.perf_counter()
    made = Article.objects.bulk_create(Article() for _ in range(articles))
    now = timezone.now()
    for language in LANGUAGES:
        titles, sentences = _sentences(language)
        words = sorted({w for s in sentences for w in re.findall(r"[^\W\d_]{4,}", s.lower())})
        rows = []
        for number, article in enumerate(made):
            product = (rng.choice(words) + rng.choice(words)).capitalize()
            title = f"{rng.choice(titles)}: {product}"
            body = " ".join(rng.sample(sentences, rng.randint(6, 14)))
            body = body.replace(rng.choice(words), product, 1)
            slug = f"{language}-{number}"
            rows.append(
                Translation(
                    article=article,
                    language=language,
                    title=title[:200],
                    slug=slug,
                    body=body,
                    state=State.PUBLISHED,
                    published_at=now,
                )
            )
        Translation.objects.bulk_create(rows, batch_size=1000)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    indexed = reindex_all()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"Loaded {articles:,} articles in {len(LANGUAGES)} languages in {loaded:.0f} s; "
        f"indexed {indexed:,} translations in {time.perf_counter() - started:.0f} s"
    )


def _queries(seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)  # noqa: S311 -- made-up text, not secrets
    found = {}
    for language in LANGUAGES:
        path = ROOT / "src/lytte/knowledge/evaluation" / f"{language}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            questions = [row["question"] for row in csv.DictReader(handle)]
        typos = []
        for question in rng.sample(questions, min(20, len(questions))):
            cut = rng.randrange(1, max(2, len(question) - 1))
            typos.append(question[:cut] + question[cut + 1 :])  # one letter dropped
        found[language] = questions + typos
    return found


def _percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _row(label: str, times: list[float], extra: str = "") -> None:
    p95 = _percentile(times, 95)
    mark = "**" if p95 > TARGET_MS else ""
    print(
        f"| {label} | {len(times)} | {statistics.median(times):.1f} | {mark}{p95:.1f}{mark} "
        f"| {_percentile(times, 99):.1f} | {max(times):.1f} |{extra}"
    )


def _in_process(queries: dict[str, list[str]], repeat: int) -> None:
    from django.db import reset_queries

    from lytte.knowledge.search import Audience, search_articles, suggest

    print("\nIn-process (search_articles / suggest), ms:\n")
    print("| language | n | median | p95 | p99 | max | hits (mean) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    everything: list[float] = []
    for language, texts in queries.items():
        for text in texts[:10]:  # warm up: stems cached, pages read
            search_articles(text, language=language, audience=Audience.PUBLIC)
        times, hits = [], []
        for i in range(repeat):
            text = texts[i % len(texts)]
            started = time.perf_counter()
            found = search_articles(text, language=language, audience=Audience.PUBLIC)
            times.append((time.perf_counter() - started) * 1000)
            hits.append(len(found))
            reset_queries()
        everything += times
        _row(f"search {language}", times, f" {statistics.mean(hits):.1f} |")
        prefixes = [t[: max(3, len(t) // 2)] for t in texts]
        times = []
        for i in range(repeat // 3):
            started = time.perf_counter()
            suggest(prefixes[i % len(prefixes)], language=language, audience=Audience.PUBLIC)
            times.append((time.perf_counter() - started) * 1000)
        _row(f"suggest {language}", times, " |")
    _row("search, all languages", everything, " |")


def _over_http(queries: dict[str, list[str]], repeat: int) -> None:
    from django.conf import settings

    sys.path.insert(0, str(HERE))
    from screen_pop import _serving

    with _serving(Path(settings.DATA_DIR), "knowledgebench-serve.log") as (port, _pid):
        base = f"http://127.0.0.1:{port}"
        path = _first_path(base)
        if path is None:
            print(
                "\nOver HTTP: this server has no search page or endpoint yet "
                f"(tried {', '.join(HTTP_PATHS)}); in-process figures only."
            )
            return
        _timed_paths(base, path, queries, repeat)
        if path.startswith("/help/"):
            # As the customer types: the first letters of each question (not recorded).
            prefixes = {
                language: [t[: max(3, len(t) // 3)] for t in texts]
                for language, texts in queries.items()
            }
            _timed_paths(base, SUGGEST_PATH, prefixes, repeat)


def _timed_paths(base: str, path: str, queries: dict[str, list[str]], repeat: int) -> None:
    print(f"\nOver HTTP ({path}), ms from request to last byte:\n")
    print("| language | n | median | p95 | p99 | max |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for language, texts in queries.items():
        times = []
        for i in range(repeat + 10):
            url = base + path.format(lang=language, q=quote(texts[i % len(texts)]))
            started = time.perf_counter()
            with urllib.request.urlopen(url) as answer:  # noqa: S310 -- our own server
                answer.read()
            if i >= 10:
                times.append((time.perf_counter() - started) * 1000)
        _row(language, times)


def _first_path(base: str) -> str | None:
    for path in HTTP_PATHS:
        try:
            with urllib.request.urlopen(base + path.format(lang="nb", q="faktura")) as answer:  # noqa: S310
                if answer.status == 200:
                    return path
        except urllib.error.HTTPError:
            continue
    return None


def _print_setting() -> None:
    from django.db import connection

    from lytte.knowledge.search.models import SearchEntry

    print(
        f"{SearchEntry.objects.count():,} translations indexed; {connection.vendor}; "
        f"Python {platform.python_version()}; {os.cpu_count()} CPUs; "
        f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
