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
# The newest matches scored on PostgreSQL when every word is common: each is read from TOAST to
# be found and scored, so fewer than SQLite's SCAN (400: p95 25 ms in process, 200: 14.5 ms).
NEWEST = 200
WALK_US, FETCH_US = 5.7, 1.8  # a row tested on the key's walk / a match fetched (session 13)
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
    weights = f"{{0, {PARTS / TITLE}, {BODY / TITLE}, 1}}"
    tsquery = " | ".join(_tsquery(g) for g in plan.groups)
    # The candidates: threads with the rarer words, or the newest with the common ones.
    found = " | ".join(_tsquery(g) for g in plan.rare) if plan.rare else tsquery
    solved = " AND solved" if solved_only else ""
    matching = (
        "FROM community_threadentry WHERE language = %s "
        f"AND document @@ to_tsquery('simple', %s){solved}"
    )
    if plan.newest and not _dense(plan.matches):
        # The matches' keys from the language's GIN index, the newest NEWEST of them kept, then
        # those scored: `thread_id + 0` keeps the planner from walking the key backwards and
        # testing each row's tsvector (decision 57's addendum).
        candidates = (
            f"WITH c AS MATERIALIZED (SELECT thread_id {matching} "
            f"ORDER BY thread_id + 0 DESC LIMIT {NEWEST}) "
            "SELECT e.thread_id, e.solved, e.document FROM c JOIN community_threadentry e "
            "ON e.thread_id = c.thread_id"
        )
    else:
        newest = f" ORDER BY thread_id DESC LIMIT {NEWEST}" if plan.newest else ""
        candidates = f"SELECT thread_id, solved, document {matching}" + (
            newest or f" LIMIT {SCORED}"
        )
    sql = (
        f"SELECT m.thread_id, ts_rank('{weights}', m.document, q, 1) "
        f"* (CASE WHEN m.solved THEN {SOLVED} ELSE 1.0 END) AS s FROM ({candidates}) AS m, "
        "to_tsquery('simple', %s) AS q ORDER BY s DESC, m.thread_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [language, found, tsquery, limit])
        return [(pk, float(score)) for pk, score in cursor.fetchall()]


def _dense(matches: int | None) -> bool:
    """Whether the newest matches are found faster by walking all threads from the newest,
    testing each one's tsvector (NEWEST * threads / matches rows, every language's, ~5.7 us
    each: read from TOAST), than by reading every match the language's GIN index gives (~1.8
    us each); the thread count is the table's, as PostgreSQL's statistics keep it. A word
    being typed (`matches` None) is taken as dense: a prefix can match very many words."""
    if matches is None:
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = 'community_threadentry'::regclass"
        )
        row = cursor.fetchone()
    threads = float(row[0]) if row else -1.0
    if threads <= 0 or matches <= 0:  # never counted (no ANALYZE yet): the index is never slow
        return False
    return NEWEST * threads / matches * WALK_US < matches * FETCH_US
