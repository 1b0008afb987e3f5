"""A PBX talking to a real `lytte serve`, for browser tests (phone/tests/conftest.py has one that
posts through Django's test client)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


def cti_event(base_url: str, token: str, **fields: Any) -> dict[str, Any]:
    """POST one event to the server as a PBX does: JSON, no session, the token in the URL."""
    request = urllib.request.Request(  # noqa: S310 -- http:// of the server the test started
        f"{base_url}/api/v1/cti/{token}",
        data=json.dumps(fields).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 -- as above
        assert response.status == 200
        return dict(json.loads(response.read()))
