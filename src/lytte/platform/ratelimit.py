"""Fixed-window request counters for abuse limits, kept in the cache: Redis when scaled out, so a
limit holds across processes; this process's memory when embedded (one process). A window is
`seconds` long; its counter is dropped a little after it ends."""

from __future__ import annotations

import time

from django.core.cache import cache


def within(kind: str, who: str, most: int, seconds: int) -> bool:
    """Count one `kind` of request by `who` (an address, a customer) in this window; False once
    the window holds more than `most`."""
    window = int(time.time() // seconds)
    key = f"lytte.rate:{kind}:{who}:{window}"
    if cache.add(key, 1, seconds + 5):
        return most >= 1
    try:
        used = cache.incr(key)
    except ValueError:  # it expired between the two calls
        cache.set(key, 1, seconds + 5)
        used = 1
    return used <= most
