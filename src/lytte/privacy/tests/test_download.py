"""The export's download streams its file chunk by chunk under ASGI, where Django's FileResponse
would first read the whole file into a list."""

from __future__ import annotations

import os
import tempfile
import warnings

from asgiref.sync import async_to_sync

from lytte.privacy.export.download import CHUNK, ZipDownload


def test_under_asgi_the_file_is_sent_in_chunks_not_read_whole_first(db: None) -> None:
    content = os.urandom(CHUNK * 2 + 10)
    with tempfile.TemporaryFile() as opened:
        opened.write(content)
        opened.seek(0)
        response = ZipDownload(opened, "customer-7.zip")

        async def sent() -> list[bytes]:
            return [part async for part in response]

        with warnings.catch_warnings():
            warnings.simplefilter("error")  # Django warns before it reads a file whole
            parts = async_to_sync(sent)()
        response.close()  # as the server does: it sends request_finished, which needs a database

        assert [len(part) for part in parts] == [CHUNK, CHUNK, 10]
        assert b"".join(parts) == content
        assert opened.closed
    assert response["Content-Length"] == str(len(content))
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"] == 'attachment; filename="customer-7.zip"'
