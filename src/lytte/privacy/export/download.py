"""The export as an HTTP download, streamed from its file in chunks under ASGI too.

Django's FileResponse (any StreamingHttpResponse over a plain iterator) is read whole into a
list before an ASGI server sends the first byte; an export can be hundreds of megabytes.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from functools import partial
from typing import IO

from asgiref.sync import sync_to_async
from django.http import StreamingHttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

CHUNK = 256 * 1024


class ZipDownload(StreamingHttpResponse):
    """An open export file as a download that nothing caches; closed when the response is."""

    def __init__(self, opened: IO[bytes], filename: str) -> None:
        chunks = iter(partial(opened.read, CHUNK), b"")
        super().__init__(chunks, content_type="application/zip")
        self._opened = opened
        self._chunks = chunks
        self["Content-Length"] = str(os.fstat(opened.fileno()).st_size)
        self["Content-Disposition"] = content_disposition_header(True, filename) or ""
        add_never_cache_headers(self)

    def close(self) -> None:
        self._opened.close()
        super().close()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if getattr(self, "_iterator", None) is not self._chunks:  # a middleware rewrote it
            async for part in super().__aiter__():
                yield part
            return
        read = sync_to_async(self._opened.read, thread_sensitive=False)
        while chunk := await read(CHUNK):
            yield chunk
