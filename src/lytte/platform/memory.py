"""The server's garbage collector, told that what start-up built stays (decision 49).

A server process holds some 300,000 objects once Django, the apps, the templates' machinery
and the libraries are loaded, and they live as long as it does. CPython's full collections scan
every one of them, and a busy server holding hundreds of sockets runs one every few seconds: at
1,000 chats on two processes they took hundreds of milliseconds each and were the tail of the
chat's delivery times (docs/benchmarks.md, live chat, session 9). Collected once and frozen
(`gc.freeze`), start-up's objects leave the collector's generations: full collections scan only
what the server made since, and nothing frozen is ever freed, which costs nothing as it would
never have been garbage. Cyclic garbage made later is still collected as before.
"""

from __future__ import annotations

import gc


def freeze_startup_objects() -> int:
    """Load the URLconf (and so every view module), collect start-up's garbage, then keep every
    object still alive out of later collections; returns how many were frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- imports the views now, not at the first request
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
