"""The stand-in embedding model "test-meanings/1" for the tests of hybrid search (decision 54),
the help centre's and the community's. A test module imports `fixture_model` to have the fixture
`model` (named apart so that the tests' argument does not shadow the import), and `Meanings`
for its type."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from lytte.insights import embeddings
from lytte.insights.embeddings import Embedder
from lytte.knowledge.search import hybrid

NAME = "test-meanings/1"

# The stand-in model knows a few meanings, whatever words carry them: a text's vector counts
# the meanings it names.
MEANINGS = [
    ("pengene tilbake", "refusjon", "refunder"),
    ("levering", "frakt", "pakke"),
    ("passord", "logge inn", "innlogging"),
]


class Meanings:
    """The encode function; it keeps the texts it was asked to embed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen += texts
        out = np.full((len(texts), len(MEANINGS) + 1), 0.1, dtype=np.float32)
        for row, text in enumerate(texts):
            for column, names in enumerate(MEANINGS):
                out[row, column] += sum(text.casefold().count(name) for name in names)
        return out


def install(encode: Meanings) -> None:
    """The process's embedding model is now the stand-in with this encode function."""
    embeddings._loaded[:] = [Embedder(name=NAME, dim=len(MEANINGS) + 1, encode=encode)]


@pytest.fixture(name="model")
def fixture_model() -> Iterator[Meanings]:
    """The stand-in installed for one test; afterwards the model is loaded afresh at the next
    call and hybrid search's cached query vectors are forgotten."""
    encode = Meanings()
    install(encode)
    hybrid.forget()
    yield encode
    embeddings.forget_loaded()
    hybrid.forget()
