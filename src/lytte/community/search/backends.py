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

from django.db import connection

from lytte.knowledge.search.bm25 import WEIGHTS
from lytte.knowledge.search.models import SearchTerm
from lytte.knowledge.search.query import Group, Query

SOLVED = 1.5
SCORED = 400  # matches scored at most on PostgreSQL (ts_rank reads each one's tsvector)
COMMON = 3000  # threads a query's words may be in together and all be scored
SCAN = 1000  # the newest threads scored when every word of a query is common
TITLE, BODY, PARTS = WEIGHTS["title"], WEIGHTS["body"], WEIGHTS["parts"]


@dataclass(frozen=True)
class Plan:
    """Which threads a query scores: all its matches (`rare` empty, `newest` False), those with
    its rarer words (`rare`), or its newest SCAN matches (`newest`)."""

    groups: list[Group]
    rare: list[Group]
    newest: bool


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
    if sum(sizes) <= COMMON:
        return Plan(groups, [], newest=False)
    rare = [group for group, size in zip(groups, sizes, strict=True) if size <= COMMON]
    return Plan(groups, rare, newest=not rare)


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
    weights = f"{{0, {PARTS / TITLE}, {BODY / TITLE}, 1}}"
    tsquery = " | ".join(_tsquery(g) for g in plan.groups)
    # The candidates: threads with the rarer words, or the newest with the common ones.
    found = " | ".join(_tsquery(g) for g in plan.rare) if plan.rare else tsquery
    newest = f" ORDER BY thread_id DESC LIMIT {min(SCAN, SCORED)}" if plan.newest else ""
    sql = (
        f"SELECT thread_id, ts_rank('{weights}', document, q, 1) "
        f"* (CASE WHEN solved THEN {SOLVED} ELSE 1.0 END) AS s FROM ("
        "SELECT thread_id, solved, document FROM community_threadentry "
        "WHERE language = %s AND document @@ to_tsquery('simple', %s)"
        + (" AND solved" if solved_only else "")
        + (newest or f" LIMIT {SCORED}")
        + ") AS m, to_tsquery('simple', %s) AS q "
        "ORDER BY s DESC, thread_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [language, found, tsquery, limit])
        return [(pk, float(score)) for pk, score in cursor.fetchall()]
