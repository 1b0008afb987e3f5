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


def test_a_messages_short_lived_objects_start_no_full_collection() -> None:
    """A server holding many sockets' objects handles messages whose objects live only while
    the message is handled: none of that may cost a full collection's pause."""
    thresholds = gc.get_threshold()
    generations: list[int] = []

    def started(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            generations.append(info["generation"])

    try:
        freeze_startup_objects()
        sockets = [{"socket": n, "buffers": [n]} for n in range(50_000)]
        gc.collect()
        gc.callbacks.append(started)
        for message in range(3_000):
            # Lists stay tracked by the collector (dicts of plain values do not).
            in_flight = [[message, [part]] for part in range(1_000)]
            del in_flight
        assert 2 not in generations, f"{generations.count(2)} full collections"
        assert len(sockets) == 50_000
    finally:
        if started in gc.callbacks:
            gc.callbacks.remove(started)
        gc.set_threshold(*thresholds)
        gc.unfreeze()
