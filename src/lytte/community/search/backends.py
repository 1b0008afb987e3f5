"""Ranking threads on each database, over their entries' analysed terms: FTS5's BM25 on SQLite,
ts_rank on PostgreSQL's GIN-indexed tsvector, with the knowledge search's column weights.
A solved thread's score is multiplied by SOLVED, so it ranks above an unsolved one that matches
about as well.

Both databases score every match before they can keep the best: a word in 20,000 threads cost
40 ms (bench/community.py). So a query is scored whole only while its words are in at most
COMMON threads together (the vocabulary's counts, `SearchTerm.threads`). Beyond that, the
threads with its rarer words are the candidates, scored with all its words; and when every word
is common, the SCAN newest threads with them are (decision 57)."""

# ruff: noqa: S608 -- only weights, table names of known languages and placeholders are formatted

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from lytte.knowledge.search.bm25 import WEIGHTS
from lytte.knowledge.search.models import SearchTerm
from lytte.knowledge.search.query import Group, Query

SOLVED = 1.5
SCORED = 400  # matches scored at most on PostgreSQL (ts_rank reads each one's tsvector)
COMMON = 3000  # threads a query's words may be in together and all be scored
SCAN = 1000  # the newest threads scored when every word of a query is common
# The newest matches scored on PostgreSQL when every word is common: each is read from TOAST to
# be found and scored, so fewer than SQLite's SCAN (400: p95 25 ms in process, 200: 14.5 ms).
NEWEST = 200
SPAN = 3  # times the ids where NEWEST matches are expected, looked through first
TITLE, BODY, PARTS = WEIGHTS["title"], WEIGHTS["body"], WEIGHTS["parts"]


@dataclass(frozen=True)
class Plan:
    """Which threads a query scores: all its matches (`rare` empty, `newest` False), those with
    its rarer words (`rare`), or its newest SCAN matches (`newest`). `matches`: how many
    threads its words are in together at most (None: a word being typed, unknown)."""

    groups: list[Group]
    rare: list[Group]
    newest: bool
    matches: int | None = None


def rank(query: Query, *, solved_only: bool, limit: int) -> list[tuple[int, float]]:
    """(thread id, score) of the best `limit` listed threads, best first."""
    groups = [group for group in query.groups if group.terms]
    if not groups or limit <= 0:
        return []
    find = _postgresql if connection.vendor == "postgresql" else _sqlite
    return find(query.language, plan(query.language, groups), solved_only, limit)


def plan(language: str, groups: list[Group]) -> Plan:
    """How to score `groups`: by the number of listed threads each word is in (at most: the
    vocabulary counts each word of a term; a word being typed, matched as a prefix, counts as
    common)."""
    terms = {term for group in groups for term in group.terms}
    counts: dict[str, int] = {}
    for term, threads in SearchTerm.objects.filter(language=language, term__in=terms).values_list(
        "term", "threads"
    ):
        counts[term] = counts.get(term, 0) + threads
    sizes = [
        COMMON + 1 if group.prefix else sum(counts.get(term, 0) for term in group.terms)
        for group in groups
    ]
    matches = None if any(group.prefix for group in groups) else sum(sizes)
    if sum(sizes) <= COMMON:
        return Plan(groups, [], newest=False, matches=matches)
    rare = [group for group, size in zip(groups, sizes, strict=True) if size <= COMMON]
    return Plan(groups, rare, newest=not rare, matches=matches)


def _fts_group(group: Group) -> str:
    star = "*" if group.prefix else ""
    return "(" + " OR ".join(f'"{term}"{star}' for term in sorted(group.terms)) + ")"


def _sqlite(language: str, plan: Plan, solved_only: bool, limit: int) -> list[tuple[int, float]]:
    fts = f"community_threadentry_fts_{language}"  # one of LANGUAGES, not input
    match = " OR ".join(_fts_group(g) for g in plan.groups)
    if plan.rare:  # threads with a rarer word, scored with every word (FTS5 AND)
        match = "(" + " OR ".join(_fts_group(g) for g in plan.rare) + f") AND ({match})"
    # bm25 is worked out for each row FTS5 returns: in rowid order (newest threads first) a
    # LIMIT stops it; ORDER BY rank scores every match first.
    order = f"rowid DESC LIMIT {SCAN}" if plan.newest else "rank"
    matches = (
        f"SELECT rowid AS id, -bm25({fts}, {TITLE}, {BODY}, {PARTS}) AS score FROM {fts} "
        f"WHERE {fts} MATCH %s ORDER BY {order}"
    )
    sql = (
        f"SELECT e.thread_id, m.score * (CASE WHEN e.solved THEN {SOLVED} ELSE 1.0 END) AS s "
        f"FROM ({matches}) AS m JOIN community_threadentry e ON e.thread_id = m.id"
        + (" WHERE e.solved" if solved_only else "")
        + " ORDER BY s DESC, e.thread_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, limit])
        return [(pk, float(score)) for pk, score in cursor.fetchall()]


def _tsquery(group: Group) -> str:
    star = ":*" if group.prefix else ""
    return "(" + " | ".join(f"{term}{star}" for term in sorted(group.terms)) + ")"


def _postgresql(
    language: str, plan: Plan, solved_only: bool, limit: int
) -> list[tuple[int, float]]:
    tsquery = " | ".join(_tsquery(g) for g in plan.groups)
    # The candidates: threads with the rarer words, or the newest with the common ones.
    found = " | ".join(_tsquery(g) for g in plan.rare) if plan.rare else tsquery
    solved = " AND solved" if solved_only else ""
    if plan.newest and plan.matches:
        ids = _newest(language, found, solved, plan.matches)
        candidates = "SELECT thread_id, solved, document FROM community_threadentry "
        candidates += "WHERE thread_id = ANY(%s)"
        params: list[Any] = [ids]
    else:
        # A word being typed walks the threads from the newest (a prefix's matches are not
        # counted); otherwise every match, at most SCORED of them, from the language's index.
        order = f" ORDER BY thread_id DESC LIMIT {NEWEST}" if plan.newest else f" LIMIT {SCORED}"
        candidates = "SELECT thread_id, solved, document FROM community_threadentry WHERE "
        candidates += f"language = %s AND document @@ to_tsquery('simple', %s){solved}{order}"
        params = [language, found]
    weights = f"{{0, {PARTS / TITLE}, {BODY / TITLE}, 1}}"
    sql = (
        f"SELECT m.thread_id, ts_rank('{weights}', m.document, q, 1) "
        f"* (CASE WHEN m.solved THEN {SOLVED} ELSE 1.0 END) AS s FROM ({candidates}) AS m, "
        "to_tsquery('simple', %s) AS q ORDER BY s DESC, m.thread_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, tsquery, limit])
        return [(pk, float(score)) for pk, score in cursor.fetchall()]


def _newest(language: str, found: str, solved: str, matches: int) -> list[int]:
    """The ids of the newest NEWEST threads of `language` matching `found`, from the
    language's GIN index (decision 57's addendum): first among the newest ids where about
    SPAN * NEWEST matches are expected, as the vocabulary counts them (the index's matches
    ANDed with a range of the key, so only those rows are read); if fewer are there, among all.
    The planner prices testing a tsvector as nearly free, so it would rather walk the key
    testing each row's, read from TOAST (60 ms for a word in 3,000 of 20,000 threads): plain
    index scans are off for these statements, and `thread_id + 0` orders them."""
    sql = (
        "SELECT thread_id FROM community_threadentry WHERE language = %s "
        f"AND document @@ to_tsquery('simple', %s){solved}{{since}} "
        f"ORDER BY thread_id + 0 DESC LIMIT {NEWEST}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT min(thread_id), max(thread_id), current_setting('enable_indexscan'), "
            "set_config('enable_indexscan', 'off', true) FROM community_threadentry"
        )
        first, last, before, _off = cursor.fetchone()  # one row, NULLs for an empty table
        try:
            if first is not None and last is not None:
                since = int(last - SPAN * NEWEST * (last - first + 1) / max(matches, 1))
                cursor.execute(sql.format(since=" AND thread_id >= %s"), [language, found, since])
                ids = [row[0] for row in cursor.fetchall()]
                if len(ids) == NEWEST or since <= first:
                    return ids
            cursor.execute(sql.format(since=""), [language, found])
            return [row[0] for row in cursor.fetchall()]
        finally:  # as it was for the rest of an enclosing transaction
            cursor.execute("SELECT set_config('enable_indexscan', %s, true)", [before])
