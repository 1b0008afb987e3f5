"""The community at scale (issue 16): 100,000 threads and 1,000,000 posts, and over HTTP against a
real `lytte serve`: the community's home (its categories with their thread counts), a
category's thread list, a thread page with 500 replies, and the community's search, each p95
against a 30 ms target.

    LYTTE_DATA_DIR=/tmp/lytte-cbench .venv/bin/lytte migrate
    LYTTE_DATA_DIR=/tmp/lytte-cbench .venv/bin/python bench/community.py --load
    LYTTE_DATA_DIR=/tmp/lytte-cbench .venv/bin/python bench/community.py

`--load` makes the forum with bulk inserts: members (one customer each), categories (some
limited to one language), threads in five languages over the last year with titles and texts
made of the demo help centre's sentences, about ten posts a thread on average (`--posts`
in all), about a third of the questions solved, and one thread with 500 replies; then it builds
the threads' search index (`lytte community reindex` does the same). With LYTTE_DATABASE_URL set
it runs on that database. It prints figures; it is not a test.
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
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LANGUAGES = ("nb", "da", "sv", "fi", "en")
BIG_THREAD = 500  # replies in the thread whose page is timed
TARGET_MS = 30.0
BATCH = 5000


def main() -> None:
    options = _arguments()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
    import django

    django.setup()
    if options.load:
        _load(options.threads, options.posts or options.threads * 10, options.seed)
    _print_setting()
    _over_http(options.repeat, options.seed)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load", action="store_true", help="make the forum first")
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=0, help="posts in all (default 10 a thread)")
    parser.add_argument("--repeat", type=int, default=200, help="timed requests per page kind")
    parser.add_argument("--seed", type=int, default=1)
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


def _load(threads: int, posts: int, seed: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from lytte.community.models import Category

    rng = random.Random(seed)  # noqa: S311 -- made-up text, not secrets
    started = time.perf_counter()
    with transaction.atomic():
        categories = Category.objects.bulk_create(
            [Category(slug=f"bench-{n}", name=f"Topic {n}", position=n) for n in range(12)]
            + [
                Category(slug=f"bench-{language}", name=f"Only {language}", language=language)
                for language in LANGUAGES
            ]
        )
        members = _members(max(100, threads // 20))
        now = timezone.now()
        text = {language: _sentences(language) for language in LANGUAGES}
        made = _threads(rng, threads, categories, members, text, now)
        written = _posts(rng, made, posts, members, text)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    from lytte.community.search.index import reindex_all

    indexed = reindex_all()
    if connection.vendor == "postgresql":
        # As autovacuum would soon: statistics for the planner, and the visibility map that
        # lets a count read an index alone (the home's thread counts: 45 ms before, 4 after).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"Loaded {len(made):,} threads and {written:,} posts in {loaded:.0f} s; "
        f"indexed {indexed:,} threads in {time.perf_counter() - started:.0f} s"
    )


def _members(count: int) -> list[object]:
    from lytte.community.models import Member
    from lytte.customers.models import Customer

    customers = Customer.objects.bulk_create(
        [Customer(name=f"Bench {n}", name_folded=f"bench {n}") for n in range(count)],
        batch_size=BATCH,
    )
    return list(
        Member.objects.bulk_create(
            [Member(customer=c, display_name=f"Helper {n}") for n, c in enumerate(customers)],
            batch_size=BATCH,
        )
    )


def _threads(
    rng: random.Random,
    count: int,
    categories: list[object],
    members: list[object],
    text: dict[str, tuple[list[str], list[str]]],
    now: object,
) -> list[object]:
    from lytte.community.models import Thread, ThreadKind

    rows = []
    for n in range(count):
        language = LANGUAGES[n % len(LANGUAGES)]
        category = rng.choice(categories)
        if category.language not in ("", language):  # type: ignore[attr-defined]
            category = categories[n % 12]
        asked = now - timedelta(minutes=rng.randrange(365 * 24 * 60))  # type: ignore[operator]
        titles, _ = text[language]
        rows.append(
            Thread(
                category=category,
                kind=ThreadKind.QUESTION if rng.random() < 0.8 else ThreadKind.DISCUSSION,
                language=language,
                title=f"{rng.choice(titles)} ({n})"[:150],
                author=rng.choice(members),
                created_at=asked,
                last_activity_at=asked,
            )
        )
    return list(Thread.objects.bulk_create(rows, batch_size=BATCH))


def _posts(
    rng: random.Random,
    threads: list[object],
    total: int,
    members: list[object],
    text: dict[str, tuple[list[str], list[str]]],
) -> int:
    """An opening post a thread, BIG_THREAD replies in the first, the rest spread at random;
    about a third of the questions get an accepted answer."""
    from lytte.community.models import Post, Thread
    from lytte.community.rendering import post_html

    replies = [0] * len(threads)
    replies[0] = BIG_THREAD
    for _ in range(max(0, total - len(threads) - BIG_THREAD)):
        replies[rng.randrange(1, len(threads)) if len(threads) > 1 else 0] += 1
    written, batch, solved = 0, [], []
    for thread, count in zip(threads, replies, strict=True):
        _, sentences = text[thread.language]  # type: ignore[attr-defined]
        at = thread.created_at  # type: ignore[attr-defined]
        for n in range(count + 1):
            body = " ".join(rng.sample(sentences, rng.randint(1, 4)))
            batch.append(
                Post(
                    thread=thread,
                    author=thread.author if n == 0 else rng.choice(members),  # type: ignore[attr-defined]
                    opening=n == 0,
                    body=body,
                    body_html=post_html(body),
                    created_at=at + timedelta(minutes=7 * n),
                )
            )
        if count and thread.kind == "question" and rng.random() < 0.35:  # type: ignore[attr-defined]
            solved.append((thread, len(batch) - rng.randint(1, count)))
        thread.last_activity_at = at + timedelta(minutes=7 * count)  # type: ignore[attr-defined]
        if len(batch) >= BATCH:
            written += _flush(batch, solved)
            batch, solved = [], []
    written += _flush(batch, solved)
    Thread.objects.bulk_update(threads, ["last_activity_at"], batch_size=BATCH)  # type: ignore[arg-type]
    return written


def _flush(batch: list[object], solved: list[tuple[object, int]]) -> int:
    from lytte.community.models import Post, Thread

    made = Post.objects.bulk_create(batch, batch_size=BATCH)  # type: ignore[arg-type]
    for thread, index in solved:
        thread.accepted = made[index]  # type: ignore[attr-defined]
    if solved:
        Thread.objects.bulk_update([t for t, _ in solved], ["accepted"], batch_size=BATCH)  # type: ignore[misc]
    return len(made)


def _percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _row(label: str, times: list[float]) -> None:
    p95 = _percentile(times, 95)
    mark = "**" if p95 > TARGET_MS else ""
    print(
        f"| {label} | {len(times)} | {statistics.median(times):.1f} | {mark}{p95:.1f}{mark} "
        f"| {_percentile(times, 99):.1f} | {max(times):.1f} |"
    )


def _paths(repeat: int, seed: int) -> dict[str, list[str]]:
    """The pages to time: the home, category lists (first pages, nb), the big thread, searches."""
    from django.db.models import Count

    from lytte.community.models import Category, Thread

    rng = random.Random(seed)  # noqa: S311
    slugs = list(Category.objects.filter(language__in=["", "nb"]).values_list("slug", flat=True))
    big = (
        Thread.objects.annotate(n=Count("posts")).order_by("-n").values_list("pk", "language")
    ).first()
    titles, _ = _sentences("nb")
    words = [w for t in titles for w in re.findall(r"[^\W\d_]{5,}", t.lower())]
    searches = [" ".join(rng.sample(words, rng.choice((1, 2)))) for _ in range(repeat)]
    return {
        "community home": ["/help/nb/community/"] * repeat,
        "category list": [
            f"/help/nb/community/categories/{rng.choice(slugs)}/" for _ in range(repeat)
        ],
        "thread, 500 replies": [f"/help/{big[1]}/community/threads/{big[0]}/"] * repeat
        if big
        else [],
        # Any query but `page` renders the page (decision 58): the first reader's time.
        "thread, 500 replies, rendered": [
            f"/help/{big[1]}/community/threads/{big[0]}/?rendered={n}" for n in range(repeat)
        ]
        if big
        else [],
        "search": [f"/help/nb/community/search/?q={quote(q)}" for q in searches],
    }


def _over_http(repeat: int, seed: int) -> None:
    from django.conf import settings

    sys.path.insert(0, str(HERE))
    from screen_pop import _serving

    paths = _paths(repeat, seed)
    with _serving(Path(settings.DATA_DIR), "communitybench-serve.log") as (port, _pid):
        base = f"http://127.0.0.1:{port}"
        print("\nOver HTTP, ms from request to last byte (signed out, as most readers are):\n")
        print("| page | n | median | p95 | p99 | max |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, urls in paths.items():
            if not urls:
                continue
            for url in urls[:10]:  # warm up
                _get(base + url)
            times = []
            for url in urls:
                started = time.perf_counter()
                _get(base + url)
                times.append((time.perf_counter() - started) * 1000)
            _row(label, times)


def _get(url: str) -> None:
    with urllib.request.urlopen(url) as answer:  # noqa: S310 -- our own server
        answer.read()


def _print_setting() -> None:
    from django.db import connection

    from lytte.community.models import Post, Thread

    print(
        f"{Thread.objects.count():,} threads, {Post.objects.count():,} posts; {connection.vendor}; "
        f"Python {platform.python_version()}; {os.cpu_count()} CPUs; "
        f"load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )


if __name__ == "__main__":
    main()
