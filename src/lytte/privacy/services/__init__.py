"""Every write of the privacy app: erasure, legal holds and retention."""

from lytte.privacy.services.erasure import ErasureRefused, erase_customer
from lytte.privacy.services.holds import holds_on, place_hold, release_hold
from lytte.privacy.services.retention import run_retention

__all__ = [
    "ErasureRefused",
    "erase_customer",
    "holds_on",
    "place_hold",
    "release_hold",
    "run_retention",
]
