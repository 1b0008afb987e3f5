"""A page that does not exist under /help/ answers as the help centre, not as the staff's
error page (whose way out is the staff sign-in): in the URL's language, with the search box and
how to reach a person."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views import defaults

from lytte.portal.help.forms import SearchForm
from lytte.portal.language import PREFIX, language_of


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The project's 404 handler: the portal's page under /help/, Django's (404.html) elsewhere."""
    if not request.path_info.startswith(PREFIX):
        return defaults.page_not_found(request, exception)
    language = language_of(request.path_info) or settings.PORTAL_LANGUAGE
    with translation.override(language):
        context = {"elsewhere": [], "form": SearchForm(), "whole_page": True}
        response = render(request, "portal/help/not_found.html", context, status=404)
    response.headers["Content-Language"] = language
    return response
