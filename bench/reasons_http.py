"""Reason suggestions over HTTP, one at a time as the desk asks: median and p95 of
POST /api/v1/reasons/suggest for the held-out texts of bench/reasons.py, and how often the first
suggestion is right. Against a running server with a trained model (decision 45):

    lytte reasons import $LYTTE_DATA_DIR/reasons-train.csv && lytte reasons train
    lytte token create USER            # a user who may view reasons
    lytte serve --port 8765 &          # LYTTE_EMBEDDINGS=off to measure TF-IDF alone
    .venv/bin/python bench/reasons_http.py TOKEN http://127.0.0.1:8765 \
        $LYTTE_DATA_DIR/reasons-test.csv

It prints figures; it is not a test. It sends requests to a server on this machine only.
"""

from __future__ import annotations

import csv
import json
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

TARGET_P95_MS = 50.0
COUNT = 200


def main() -> None:
    token, base, path = sys.argv[1], sys.argv[2].rstrip("/"), Path(sys.argv[3])
    if urllib.parse.urlsplit(base).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("Measure a server on this machine: http://127.0.0.1:PORT")
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))[:COUNT]

    def call(text: str) -> dict[str, object]:
        request = urllib.request.Request(  # noqa: S310 -- a local server named on the command line
            f"{base}/api/v1/reasons/suggest",
            data=json.dumps({"text": text}).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            answer: dict[str, object] = json.loads(response.read())
            return answer

    for row in rows[:5]:  # the model and the embedding model load at the first request
        call(row["text"])
    timings, right = [], 0
    for row in rows:
        started = time.perf_counter()
        answer = call(row["text"])
        timings.append((time.perf_counter() - started) * 1000)
        first = (answer.get("suggestions") or [{}])[0]  # type: ignore[index]
        reason = first.get("reason") or {}
        right += isinstance(reason, dict) and reason.get("code") == row["reason"]
    timings.sort()
    p95 = timings[int(len(timings) * 0.95)]
    print(
        f"{len(timings)} suggestions over HTTP: median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms (target < {TARGET_P95_MS} ms); first right {right / len(rows):.3f}"
    )


if __name__ == "__main__":
    main()
