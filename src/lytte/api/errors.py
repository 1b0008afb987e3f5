"""The machine-readable `code` every API error carries beside its sentence (decision 0028).

The sentence in `detail` is translated into the caller's language; the code is not, and never
changes meaning, so a client branches on the code and shows the sentence. The set is closed:
handlers take an `ErrorCode`, so a code the schema does not list cannot be sent.
"""

from enum import StrEnum
from typing import Any

from pydantic import GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema


class ErrorCode(StrEnum):
    VALIDATION_FAILED = "validation_failed"
    INVALID_BODY = "invalid_body"
    INVALID_ADDRESS = "invalid_address"
    NOT_AUTHENTICATED = "not_authenticated"
    PERMISSION_DENIED = "permission_denied"
    CSRF_FAILED = "csrf_failed"
    TWO_FACTOR_REQUIRED = "two_factor_required"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    SERVER_ERROR = "server_error"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The enum in the OpenAPI schema, each value with what it means (in `description`, and
        in `x-enumDescriptions` for generators that read that)."""
        schema = handler.resolve_ref_schema(handler(core_schema))
        schema["description"] = "Why the request failed; stable across languages.\n\n" + "\n".join(
            f"- `{code.value}`: {code.description}" for code in cls
        )
        schema["x-enumDescriptions"] = {code.value: code.description for code in cls}
        return schema


_DESCRIPTIONS: dict[ErrorCode, str] = {
    ErrorCode.VALIDATION_FAILED: (
        "422. A parameter or body field breaks the schema, or a service refused a value; "
        "`detail` lists each field (`loc`), its message (`msg`) and a reason (`type`)."
    ),
    ErrorCode.INVALID_BODY: "400. The body is not JSON (or nested too deeply to read).",
    ErrorCode.INVALID_ADDRESS: "400. The address is neither a phone number nor an email address.",
    ErrorCode.NOT_AUTHENTICATED: "401. No valid API token and no signed-in session.",
    ErrorCode.PERMISSION_DENIED: (
        "403. The caller lacks the permission, or their account has no staff role."
    ),
    ErrorCode.CSRF_FAILED: (
        "403. A signed-in session sent an unsafe method without the X-CSRFToken header."
    ),
    ErrorCode.TWO_FACTOR_REQUIRED: (
        "403. The site requires administrators to switch on two-factor sign-in first."
    ),
    ErrorCode.NOT_FOUND: "404. Nothing with this id, or nothing the caller may see.",
    ErrorCode.METHOD_NOT_ALLOWED: (
        "405. The path exists but not for this method; `Allow` lists those it takes."
    ),
    ErrorCode.CONFLICT: "409. The object's state forbids this now (a legal hold blocks erasure).",
    ErrorCode.PAYLOAD_TOO_LARGE: "413. The body is larger than the server reads (2.5 MB).",
    ErrorCode.SERVER_ERROR: "500. A bug or an outage; the details are in the server's log.",
}


def error_body(code: ErrorCode, detail: str | list[dict[str, Any]]) -> dict[str, Any]:
    """The body of every error answer: the code, then the sentence (or for 422 the fields)."""
    return {"code": code, "detail": detail}
