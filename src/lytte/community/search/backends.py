"""Ranking threads on each database, over their entries' analysed terms: FTS5's BM25 on SQLite,
ts_rank on PostgreSQL's GIN-indexed tsvector, with the knowledge search's column weights.
A solved thread's score is multiplied by SOLVED, so it ranks above an unsolved one that matches
about as well."""

# ruff: noqa: S608 -- only weights, table names of known languages and placeholders are formatted

from __future__ import annotations

from django.db import connection

from lytte.knowledge.search.bm25 import WEIGHTS
from lytte.knowledge.search.query import Group, Query

SOLVED = 1.5
SCORED = 400  # matches scored at most: a very common word does not score the whole forum
TITLE, BODY, PARTS = WEIGHTS["title"], WEIGHTS["body"], WEIGHTS["parts"]


def rank(query: Query, *, solved_only: bool, limit: int) -> list[tuple[int, float]]:
    """(thread id, score) of the best `limit` listed threads, best first."""
    groups = [group for group in query.groups if group.terms]
    if not groups or limit <= 0:
        return []
    find = _postgresql if connection.vendor == "postgresql" else _sqlite
    return find(query.language, groups, solved_only, limit)


def _fts_group(group: Group) -> str:
    star = "*" if group.prefix else ""
    return "(" + " OR ".join(f'"{term}"{star}' for term in sorted(group.terms)) + ")"


def _sqlite(
    language: str, groups: list[Group], solved_only: bool, limit: int
) -> list[tuple[int, float]]:
    fts = f"community_threadentry_fts_{language}"  # one of LANGUAGES, not input
    match = " OR ".join(_fts_group(g) for g in groups)
    matches = (
        f"SELECT rowid AS id, -bm25({fts}, {TITLE}, {BODY}, {PARTS}) AS score FROM {fts} "
        f"WHERE {fts} MATCH %s ORDER BY rank LIMIT {SCORED}"
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
    language: str, groups: list[Group], solved_only: bool, limit: int
) -> list[tuple[int, float]]:
    weights = f"{{0, {PARTS / TITLE}, {BODY / TITLE}, 1}}"
    tsquery = " | ".join(_tsquery(g) for g in groups)
    sql = (
        f"SELECT thread_id, ts_rank('{weights}', document, q, 1) "
        f"* (CASE WHEN solved THEN {SOLVED} ELSE 1.0 END) AS s FROM ("
        "SELECT thread_id, solved, document FROM community_threadentry "
        "WHERE language = %s AND document @@ to_tsquery('simple', %s)"
        + (" AND solved" if solved_only else "")
        + f" LIMIT {SCORED}) AS m, to_tsquery('simple', %s) AS q "
        "ORDER BY s DESC, thread_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [language, tsquery, tsquery, limit])
        return [(pk, float(score)) for pk, score in cursor.fetchall()]
