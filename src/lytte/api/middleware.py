"""Django Ninja answers a method a path does not take with a plain-text 405 of its own, before
any exception handler of ours runs. Under /api/ that answer is rewritten into the API's error
shape (decision 28), keeping the Allow header, so clients can branch on its code too."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.translation import gettext as _

from lytte.api.errors import ErrorCode, error_body

API_PREFIX = "/api/"


class ApiMethodNotAllowedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not (
            isinstance(response, HttpResponseNotAllowed) and request.path.startswith(API_PREFIX)
        ):
            return response
        allowed = response["Allow"]
        detail = _("This address does not take %(method)s; it takes %(allowed)s.") % {
            "method": request.method,
            "allowed": allowed,
        }
        answer = JsonResponse(error_body(ErrorCode.METHOD_NOT_ALLOWED, detail), status=405)
        answer["Allow"] = allowed
        return answer
