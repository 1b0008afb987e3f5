"""Log filters named in settings.LOGGING."""

from __future__ import annotations

import logging


class ForbiddenInOneLine(logging.Filter):
    """A 403 is routine (a link followed above someone's role, a stale form): keep Django's
    warning line and drop the traceback it attaches, which says nothing about a refusal."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
