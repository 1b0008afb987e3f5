"""The ranking query on each database, over the entries' analysed terms.

SQLite: FTS5's BM25 with column weights (title, body, compound parts). PostgreSQL: the
tsvector's GIN index finds the entries with any of the terms; each word's `ts_rank` (title
weighted above body above parts, divided by the log of the entry's length) times the word's
inverse document frequency, summed: BM25's shape, where ts_rank alone knows no rarity.
"""

# ruff: noqa: S608 -- only column weights and placeholders are formatted into the SQL

from __future__ import annotations

from django.db import connection

from lytte.knowledge.search.bm25 import CANDIDATES, rerank
from lytte.knowledge.search.bm25 import WEIGHTS as WEIGHTS_BY_COLUMN
from lytte.knowledge.search.query import Group, Query

SCORED = 400  # matches scored for the candidates, at most (in a large help centre on SQLite)
LARGE = 1000  # entries in a language from which the shortcuts below are taken
COMMON = 0.05  # a word in more than this share of the entries does not find candidates alone

# Title, body, parts of compounds (and other spellings), for finding the candidates.
WEIGHTS = (WEIGHTS_BY_COLUMN["title"], WEIGHTS_BY_COLUMN["body"], WEIGHTS_BY_COLUMN["parts"])


def rank(query: Query, *, public_only: bool, limit: int, parts: bool) -> list[tuple[int, float]]:
    """(translation id, score) of the best `limit` entries, best first: the database's best
    CANDIDATES, re-ranked by BM25 (bm25.py). Without `parts` the compound column is not read
    (the evaluation's "no decompounding")."""
    groups = _finding([g for g in query.groups if g.terms], query.entries)
    if not groups:
        return []
    find = _postgresql if connection.vendor == "postgresql" else _sqlite
    wanted = max(limit, CANDIDATES)
    candidates = find(query, groups, public_only, wanted, parts)[:wanted]
    return rerank(query, candidates, parts=parts)[:limit]


def _finding(groups: list[Group], entries: int) -> list[Group]:
    """The words that find the candidates: all of them in a small help centre; in a large one
    not those in more than COMMON of the entries while rarer ones are asked (they count in the
    ranking of the candidates; finding by them means scoring most of the index)."""
    if entries < LARGE:
        return groups
    rare = [g for g in groups if g.prefix or g.documents <= entries * COMMON]
    return rare or sorted(groups, key=lambda g: g.documents)[:2]


def _fts_group(group: Group) -> str:
    star = "*" if group.prefix else ""
    return "(" + " OR ".join(f'"{term}"{star}' for term in sorted(group.terms)) + ")"


# The candidates' columns that BM25 reads (bm25.rerank), by the best matches' ids.
ROWS = (
    "SELECT e.translation_id, e.title_terms, e.body_terms, e.part_terms FROM ({best}) AS best "
    "JOIN knowledge_searchentry e ON e.translation_id = best.id{public} ORDER BY best.score DESC"
)
Row = tuple[int, str, str, str]
# PostgreSQL: the titles' terms alone, GIN-indexed (migration knowledge.0006), for the matches
# in titles (a weight in the tsquery would read every match's tsvector to check it).
TITLES = "to_tsvector('simple', title_terms)"


def _sqlite(
    query: Query, groups: list[Group], public_only: bool, limit: int, parts: bool
) -> list[Row]:
    """The best matches by FTS5's bm25. In a large help centre (LARGE entries or more) the
    matches in titles first, then, when those are too few, any matches; each at most SCORED
    of them scored (bm25 for every entry of a word in half of them is most of a search)."""
    match = " OR ".join(_fts_group(g) for g in groups)
    if not parts:
        match = "{title_terms body_terms} : (" + match + ")"
    # The entries are joined to the best matches only: `public` read per match costs three
    # times the search, so internal ones may take places among the best: ask for twice.
    wanted = limit * 2 if public_only else limit
    if query.entries < LARGE:
        return _sqlite_best(query, match, public_only, wanted, parts, capped=False)
    found = _sqlite_best(query, f"{{title_terms}} : ({match})", public_only, wanted, parts)
    if len(found) < wanted:
        seen = {row[0] for row in found}
        more = _sqlite_best(query, match, public_only, wanted, parts)
        found += [row for row in more if row[0] not in seen]
    return found


def _sqlite_best(
    query: Query,
    match: str,
    public_only: bool,
    wanted: int,
    parts: bool,
    capped: bool = True,
) -> list[Row]:
    title, body, part = WEIGHTS if parts else (*WEIGHTS[:2], 0.0)
    fts = f"knowledge_searchentry_fts_{query.language}"  # one of LANGUAGES, not input
    matches = (
        f"SELECT rowid AS id, -bm25({fts}, {title}, {body}, {part}) AS score FROM {fts} "
        f"WHERE {fts} MATCH %s" + (f" LIMIT {int(SCORED)}" if capped else "")
    )
    best = f"SELECT id, score FROM ({matches}) ORDER BY score DESC LIMIT %s"
    sql = ROWS.format(best=best, public=" WHERE e.public" if public_only else "")
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, wanted])
        return list(cursor.fetchall())


def _tsquery(group: Group) -> str:
    star = ":*" if group.prefix else ""
    return "(" + " | ".join(f"{term}{star}" for term in sorted(group.terms)) + ")"


def _postgresql(
    query: Query, groups: list[Group], public_only: bool, limit: int, parts: bool
) -> list[Row]:
    """Entries with every word first (a small set, read fast); entries with any word when
    those are too few. ts_rank reads each matching entry's whole tsvector, so at most SCORED
    matches are scored: the rest of a very common word's entries are not candidates; in a
    large help centre the matches in titles are asked first, so those are never left out."""
    passes = [(" & ", False), (" | ", False)] if len(groups) > 1 else [(" | ", False)]
    if query.entries >= LARGE:
        passes.insert(0, (" | ", True))
    found: list[Row] = []
    for joiner, titles in passes:
        seen = {row[0] for row in found}
        more = _pg_candidates(query, groups, joiner, titles, public_only, limit, parts)
        found += [row for row in more if row[0] not in seen]
        if len(found) >= limit:
            break
    return found


def _pg_candidates(
    query: Query,
    groups: list[Group],
    joiner: str,
    titles: bool,
    public_only: bool,
    limit: int,
    parts: bool,
) -> list[Row]:
    # ts_rank's weights are {D, C, B, A}: parts (C), body (B), title (A), at most 1.
    top = WEIGHTS[0]
    part = WEIGHTS[2] / top if parts else 0
    weights = f"{{0, {part}, {WEIGHTS[1] / top}, 1}}"
    score = " + ".join(
        f"%s * ts_rank('{weights}', document, to_tsquery('simple', %s), 1)" for _ in groups
    )
    params: list[float | str | int] = []
    for group in groups:
        params += [group.weight, _tsquery(group)]
    best = (
        f"SELECT translation_id AS id, {score} AS score FROM ("
        "SELECT translation_id, document FROM knowledge_searchentry "
        f"WHERE language = %s AND {TITLES if titles else 'document'} @@ to_tsquery('simple', %s)"
        + (" AND public" if public_only else "")
        + f" LIMIT {SCORED}) AS matches ORDER BY score DESC, translation_id LIMIT %s"
    )
    params += [query.language, joiner.join(_tsquery(g) for g in groups), limit]
    with connection.cursor() as cursor:
        cursor.execute(ROWS.format(best=best, public=" WHERE best.score > 0"), params)
        return list(cursor.fetchall())
