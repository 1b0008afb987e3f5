"""The server's garbage collector, told that what start-up built stays (decision 49).

A server process holds some 300,000 objects once Django, the apps, the templates' machinery
and the libraries are loaded, and they live as long as it does. CPython's full collections scan
every one of them, and a busy server holding hundreds of sockets runs one every few seconds: at
1,000 chats on two processes they took hundreds of milliseconds each and were the tail of the
chat's delivery times (docs/benchmarks.md, live chat, session 9). Collected once and frozen
(`gc.freeze`), start-up's objects leave the collector's generations: full collections scan only
what the server made since, and nothing frozen is ever freed, which costs nothing as it would
never have been garbage. Cyclic garbage made later is still collected as before.

Frozen, a full collection still traverses the sockets' own objects (some 240 a socket: tasks,
coroutines, contexts, the protocol's buffers), 100-140 ms at 500 sockets, and CPython's first
threshold (700 more containers made than freed) is crossed by a single message's handling:
whatever is in flight at that moment survives, is promoted, and every few seconds the promoted
count starts a full collection. The first threshold is raised so that a message's objects die
by reference counting before any collection sees them; collections then run for what really
accumulates (growth and cyclic garbage), which bounds memory as before.
"""

from __future__ import annotations

import gc

# Containers made and not yet freed before a young collection runs (CPython's default is 700);
# generations 1 and 2 keep their default thresholds (decision 49).
YOUNG_THRESHOLD = 10_000


def freeze_startup_objects() -> int:
    """Load the URLconf (and so every view module), collect start-up's garbage, then keep every
    object still alive out of later collections, and let a message's short-lived objects die
    before a young collection runs; returns how many were frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- imports the views now, not at the first request
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
    return gc.get_freeze_count()
