"""One paging policy for every list: `?limit=&offset=`, answering {"items": [...], "count": N}."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from lytte.api.schemas.common import MAX_OFFSET

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class Pagination(LimitOffsetPagination):
    class Input(Schema):  # narrower limits than Ninja's defaults (which allow any limit)
        limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)
