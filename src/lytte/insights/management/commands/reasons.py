"""`lytte reasons`: import labelled history, train the reason classifier, and measure it."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lytte.insights.classifier import Evaluation, evaluate, train
from lytte.insights.labelled import Labelled, UnusableFile, read_labelled
from lytte.insights.services import find_reason, import_labelled, train_model, training_data


class Command(BaseCommand):
    help = "Contact reasons: import labelled history, train the classifier, evaluate it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        commands = parser.add_subparsers(dest="command", required=True)
        imports = commands.add_parser("import", help="Import categorised texts from a CSV file.")
        imports.add_argument("file", type=Path)
        imports.add_argument(
            "--create-reasons", action="store_true", help="Create reasons that do not exist."
        )
        evaluates = commands.add_parser("evaluate", help="Train, then measure on a CSV file.")
        evaluates.add_argument("file", type=Path)
        evaluates.add_argument(
            "--train", type=Path, help="Train on this CSV file instead of the database."
        )
        commands.add_parser("train", help="Train a new model from the database and use it.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["command"] == "import":
                self._import(options["file"], options["create_reasons"])
            elif options["command"] == "evaluate":
                self._evaluate(options["file"], options.get("train"))
            else:
                self._train()
        except UnusableFile as error:
            raise CommandError(str(error)) from error

    def _import(self, path: Path, create_reasons: bool) -> None:
        report = import_labelled(path=path, create_reasons=create_reasons)
        self.stdout.write(f"Imported {report.imported} text(s) from {path}.")
        for name in report.created_reasons:
            self.stdout.write(f"Created reason {name!r}.")
        if report.rejected:
            self.stderr.write(f"Rejected {len(report.rejected)} row(s):")
            for line, why in report.rejected:
                self.stderr.write(f"  line {line}: {why}")
        if not report.imported:
            raise CommandError("Nothing was imported.")

    def _evaluate(self, path: Path, train_path: Path | None) -> None:
        test = _usable(read_labelled(path), path, self)
        if train_path is not None:
            training = _usable(read_labelled(train_path), train_path, self)
            texts, labels = (
                [r.text for r in training.rows],
                [_code(r.reason) for r in training.rows],
            )
        else:
            texts, labels = training_data()
        if len(set(labels)) < 2:
            raise CommandError("Training needs categorised texts of at least two reasons.")
        classifier = train(texts, labels)
        result = evaluate(
            classifier, [r.text for r in test.rows], [_code(r.reason) for r in test.rows]
        )
        self.stdout.write(_report(result, len(texts)))

    def _train(self) -> None:
        result = train_model()
        if result.model is None:
            raise CommandError(result.message)
        self.stdout.write(result.message)


def _code(value: str) -> str:
    reason = find_reason(value)
    return reason.code if reason else value


def _usable(labelled: Labelled, path: Path, command: BaseCommand) -> Labelled:
    for line, why in labelled.rejected:
        command.stderr.write(f"{path}: line {line} skipped: {why}")
    if not labelled.rows:
        raise CommandError(f"{path} has no usable rows.")
    return labelled


def _report(result: Evaluation, trained_on: int) -> str:
    lines = [
        f"trained on {trained_on} texts, evaluated on {result.count}",
        f"accuracy  {result.accuracy:.3f}",
        f"macro-F1  {result.macro_f1:.3f}",
        "",
        f"{'reason':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'n':>5}",
    ]
    for code, (precision, recall, f1, support) in sorted(result.per_reason.items()):
        lines.append(f"{code:<20} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f} {support:>5}")
    if result.confusions:
        lines += ["", "most confused (true → predicted: count)"]
        lines += [f"  {true} → {predicted}: {n}" for true, predicted, n in result.confusions]
    return "\n".join(lines)
