"""Every page path ends in "/"; the paths pages had before still work (decision 0017)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase, HttpResponseRedirectBase
from django.middleware.common import CommonMiddleware
from django.utils.http import escape_leading_slashes

SAFE_METHODS = frozenset({"GET", "HEAD"})


class HttpResponsePermanentRedirectKeepMethod(HttpResponseRedirectBase):
    """308: like 301, but the browser repeats a POST as a POST, with its body."""

    status_code = 308


class SlashingCommonMiddleware(CommonMiddleware):
    """Django's APPEND_SLASH for every path that only exists with a slash: bookmarks and old
    links get a 301, and a form or htmx POST to an old path a 308 (Django's own raises in debug
    and turns the POST into a GET). Any URL added later is covered without a line of its own."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if response.status_code == 404 and self.should_redirect_with_slash(request):
            target = escape_leading_slashes(request.get_full_path(force_append_slash=True))
            if request.method in SAFE_METHODS:
                response = HttpResponsePermanentRedirect(target)
            else:
                response = HttpResponsePermanentRedirectKeepMethod(target)
        return super().process_response(request, response)
