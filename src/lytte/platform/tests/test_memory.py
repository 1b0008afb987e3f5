"""Start-up's objects frozen out of the collector: later full collections scan only what came
after, and garbage made after start-up is still collected."""

from __future__ import annotations

import gc
import weakref

from lytte.platform.memory import freeze_startup_objects


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_frozen_start_up_leaves_collections_small_and_later_garbage_collected() -> None:
    try:
        frozen = freeze_startup_objects()
        assert frozen > 50_000  # Django, the apps, the views: what a full collection skips
        assert len(gc.get_objects()) < frozen / 5

        first, second = _Node(), _Node()
        first.other, second.other = second, first  # a cycle only the collector frees
        gone = weakref.ref(first)
        del first, second
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
