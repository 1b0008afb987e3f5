"""How requests are read before the views see them: paths with a slash (decision 0017) and
Norwegian browsers."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.http.response import HttpResponseBase, HttpResponseRedirectBase
from django.middleware.common import CommonMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils.http import escape_leading_slashes

SAFE_METHODS = frozenset({"GET", "HEAD"})
# "no" (Norwegian), "nn" (Nynorsk), with or without a region; not the "NO" of "nb-NO".
NORWEGIAN = re.compile(r"(?<![\w-])(?:no|nn)(?:-[a-z0-9]+)?(?=\s*(?:;|,|$))", re.IGNORECASE)


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


class NorwegianLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, but a browser asking for `no` or `nn` gets Bokmål: many
    Norwegian browsers send those, and Bokmål reads far better to them than English."""

    def process_request(self, request: HttpRequest) -> None:
        header = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if header:
            request.META["HTTP_ACCEPT_LANGUAGE"] = NORWEGIAN.sub("nb", header)
        super().process_request(request)
