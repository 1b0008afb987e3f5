"""The charting library, served compressed under a name that changes with its content, so
browsers keep it for a year and fetch it again only when the plotly package is upgraded.

plotly.min.js from the plotly package (the only bundle a declared dependency ships; see
decision 0015) is 4.8 MB; gzipped once per process, on first request, it is about 1.4 MB."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import plotly

PLOTLY = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@dataclass(frozen=True)
class Bundle:
    digest: str
    plain: bytes
    gzipped: bytes


@cache
def digest() -> str:
    return hashlib.sha256(PLOTLY.read_bytes()).hexdigest()[:16]


@cache
def bundle() -> Bundle:
    plain = PLOTLY.read_bytes()
    return Bundle(digest(), plain, gzip.compress(plain, compresslevel=9, mtime=0))
