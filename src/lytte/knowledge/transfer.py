"""`lytte knowledge import FILE.csv` and `lytte knowledge export`: the knowledge base as CSV.

Columns `title,body,language` and, optionally, `category,slug,visibility,article`; `article` is
a key that groups the translations of one article (its first row's language is the source).
Import is idempotent on (language, slug): a row whose text is already there changes nothing,
a changed one becomes a new version, and a row that cannot be imported is reported with its
line and why. Imported texts are drafts unless `--publish` (decision 0031). Export writes the
same columns, source language first, so export → import on an empty site gives the same
articles.

(Contract: SUBCOMMANDS maps a subcommand's name to (add its parser, handle it); the
`lytte knowledge` command takes them all.)"""

from __future__ import annotations

import csv
import io
from argparse import ArgumentParser, _SubParsersAction
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from lytte.knowledge import services
from lytte.knowledge.models import Article, Category, State, Translation, Visibility
from lytte.knowledge.services import slugs
from lytte.platform.languages import LANGUAGE_CODES

if TYPE_CHECKING:
    Subparsers = _SubParsersAction[ArgumentParser]

REQUIRED = ("title", "body", "language")
COLUMNS = ("article", "title", "body", "language", "category", "slug", "visibility")


class Skip(Exception):
    """A row's reason to be left out (not an error of the run)."""


@dataclass
class Report:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


def _rows(handle: TextIO) -> Iterator[tuple[int, dict[str, str]]]:
    """Each record with the line it starts on (a body may span several lines)."""
    reader = csv.DictReader(handle)
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        raise CommandError(
            f"The file has no column {', '.join(missing)} (it needs {', '.join(REQUIRED)})."
        )
    line = reader.line_num + 1
    for row in reader:
        yield line, {key: (value or "") for key, value in row.items() if key}
        line = reader.line_num + 1


def _check(row: dict[str, str]) -> tuple[str, str, str, Category | None, str]:
    """language, title, slug, category and visibility of a row, or Skip with the reason."""
    language = row["language"].strip()
    if language not in LANGUAGE_CODES:
        raise Skip(f"unknown language “{language}” (use {', '.join(LANGUAGE_CODES)})")
    title = row["title"].strip()
    if not title:
        raise Skip("empty title")
    if len(title) > 200:
        raise Skip("title longer than 200 characters")
    category = None
    if row.get("category", "").strip():
        category = Category.objects.filter(slug=row["category"].strip()).first()
        if category is None:
            raise Skip(f"unknown category “{row['category'].strip()}”")
    visibility = row.get("visibility", "").strip() or Visibility.PUBLIC
    if visibility not in Visibility.values:
        raise Skip(f"unknown visibility “{visibility}” (use public or internal)")
    slug = row.get("slug", "").strip() or slugs.slug_of(title)
    return language, title, slug, category, visibility


def import_rows(handle: TextIO, *, publish: bool = False) -> Report:
    report = Report()
    groups: dict[str, Article] = {}
    seen: dict[tuple[str, str], int] = {}
    for line, row in _rows(handle):
        try:
            with transaction.atomic():
                outcome = _import_row(row, line, groups, seen, publish)
        except Skip as reason:
            report.skipped.append((line, str(reason)))
            continue
        except ValidationError as error:
            report.skipped.append((line, " ".join(error.messages)))
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def _import_row(
    row: dict[str, str],
    line: int,
    groups: dict[str, Article],
    seen: dict[tuple[str, str], int],
    publish: bool,
) -> str:
    language, title, slug, category, visibility = _check(row)
    if (language, slug) in seen:
        raise Skip(f"the same language and slug as line {seen[(language, slug)]}")
    key = row.get("article", "").strip()
    existing = Translation.objects.filter(language=language, slug=slug).first()
    article = groups.get(key) if key else None
    if existing is not None:
        if article is not None and existing.article_id != article.pk:
            raise Skip(f"slug “{slug}” belongs to another article")
        article = existing.article
    elif article is not None and article.translations.filter(language=language).exists():
        raise Skip(f"the article already has a text in {language} with another slug")
    if article is None:
        article = services.create_article(
            by=None, source_language=language, visibility=visibility, category=category
        )
    seen[(language, slug)] = line
    if key:
        groups.setdefault(key, article)
    body = row["body"].replace("\r\n", "\n")
    if existing is not None and (existing.title, existing.body) == (title, body):
        outcome = "unchanged"
        text = existing
    else:
        outcome = "created" if existing is None else "updated"
        text = services.save_translation(
            article=article,
            language=language,
            title=title,
            body=body,
            slug=slug,
            by=None,
            note="Imported",
        )
    if publish and text.state != State.PUBLISHED:
        if text.state != State.REVIEW:
            services.set_state(text, State.REVIEW, by=None)
        services.set_state(text, State.PUBLISHED, by=None)
        outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


def export_rows(handle: TextIO, *, language: str | None = None) -> int:
    """Every translation (or those in `language`), each article's source language first."""
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    articles = Article.objects.select_related("category").prefetch_related("translations")
    for article in articles.order_by("pk"):
        texts = sorted(
            article.translations.all(),
            key=lambda t: (t.language != article.source_language, t.language),
        )
        source = texts[0] if texts and texts[0].language == article.source_language else None
        key = source.slug if source else f"article-{article.pk}"
        for text in texts:
            if language and text.language != language:
                continue
            category = article.category.slug if article.category else ""
            writer.writerow(
                [key, text.title, text.body, text.language, category, text.slug, article.visibility]
            )
            count += 1
    return count


# The command line -------------------------------------------------------------------------


def _add_import(commands: Subparsers) -> None:
    parser = commands.add_parser(
        "import",
        help="Import articles from a CSV file (title,body,language[,category,slug,visibility,"
        "article]).",
    )
    parser.add_argument("file", metavar="FILE.csv", help="UTF-8 CSV with a header row.")
    parser.add_argument(
        "--publish",
        action="store_true",
        help="Publish what is imported (by default the texts are drafts for someone to read).",
    )


def _handle_import(command: BaseCommand, options: dict[str, Any]) -> None:
    path = Path(options["file"])
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            report = import_rows(handle, publish=options["publish"])
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
    except UnicodeDecodeError as error:
        raise CommandError(f"{path} is not UTF-8 text.") from error
    except csv.Error as error:
        raise CommandError(f"{path} is not a readable CSV file: {error}.") from error
    for line, reason in report.skipped:
        command.stderr.write(f"line {line}: skipped: {reason}")
    command.stdout.write(
        f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped."
    )
    if report.imported == 0:
        raise CommandError("Nothing could be imported.")


def _add_export(commands: Subparsers) -> None:
    parser = commands.add_parser("export", help="Export articles as CSV (the import's columns).")
    parser.add_argument("-o", "--output", metavar="FILE.csv", help="Write here, not to stdout.")
    parser.add_argument("--language", choices=LANGUAGE_CODES, help="Only this language's texts.")


def _handle_export(command: BaseCommand, options: dict[str, Any]) -> None:
    output = options.get("output")
    if not output:
        buffer = io.StringIO()
        count = export_rows(buffer, language=options.get("language"))
        command.stdout.write(buffer.getvalue(), ending="")
        command.stderr.write(f"{count} texts exported.")
        return
    try:
        with Path(output).open("w", encoding="utf-8", newline="") as handle:
            count = export_rows(handle, language=options.get("language"))
    except OSError as error:
        raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
    command.stdout.write(f"{count} texts exported to {output}.")


SUBCOMMANDS: dict[
    str, tuple[Callable[[Subparsers], None], Callable[[BaseCommand, dict[str, Any]], None]]
] = {
    "import": (_add_import, _handle_import),
    "export": (_add_export, _handle_export),
}
