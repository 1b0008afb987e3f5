"""Reading labelled history from CSV (columns: text, reason, and optional language, created,
channel), for `lytte reasons import` and `lytte reasons evaluate`. Every row that cannot be used
is reported with its line and why, never silently dropped."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from lytte.cases.models import Channel

REQUIRED = ("text", "reason")
OPTIONAL = ("language", "created", "channel")
LANGUAGES = {code for code, _name in settings.LANGUAGES}


class UnusableFile(Exception):
    """The file as a whole cannot be read; the message says why."""


@dataclass(frozen=True)
class Row:
    line: int
    text: str
    reason: str
    language: str = ""
    created: datetime | None = None
    channel: str = ""


@dataclass
class Labelled:
    rows: list[Row] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)  # line, why


def read_labelled(path: Path) -> Labelled:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnusableFile(
            _("%(path)s cannot be read: %(error)s") % {"path": path, "error": error.strerror}
        ) from error
    # Decoded leniently, so one badly encoded row is reported and the others are kept.
    text = data.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [name.strip().casefold() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in columns]
    unknown = [name for name in columns if name not in REQUIRED + OPTIONAL]
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("missing column(s): %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            problems.append(
                _("unknown column(s): %(names)s (allowed: %(allowed)s)")
                % {"names": ", ".join(unknown), "allowed": ", ".join(REQUIRED + OPTIONAL)}
            )
        raise UnusableFile("; ".join(problems))
    reader.fieldnames = columns
    result = Labelled()
    for record in reader:
        line = reader.line_num
        row, why = _row(line, record)
        if row is None:
            result.rejected.append((line, why))
        else:
            result.rows.append(row)
    return result


def _row(line: int, record: dict[str, str | None]) -> tuple[Row | None, str]:
    values = {key: (value or "").strip() for key, value in record.items() if key}
    if None in record:
        return None, _("more fields than columns")
    if any(_bad_bytes(value) for value in values.values()):
        return None, _("not valid UTF-8 (save the file as UTF-8)")
    if not values.get("text"):
        return None, _("empty text")
    if not values.get("reason"):
        return None, _("no reason")
    language = values.get("language", "").casefold()
    if language and language not in LANGUAGES:
        return None, _("unknown language %(value)r (use one of %(codes)s)") % {
            "value": language,
            "codes": ", ".join(sorted(LANGUAGES)),
        }
    channel = values.get("channel", "").casefold()
    if channel and channel not in Channel.values:
        return None, _("unknown channel %(value)r (use one of %(codes)s)") % {
            "value": channel,
            "codes": ", ".join(Channel.values),
        }
    created = None
    if raw := values.get("created"):
        created = _when(raw)
        if created is None:
            return None, _(
                "created %(value)r is not a date (use 2025-03-31 or 2025-03-31T14:05)"
            ) % {"value": raw}
    return Row(line, values["text"], values["reason"], language, created, channel), ""


def _bad_bytes(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _when(value: str) -> datetime | None:
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
