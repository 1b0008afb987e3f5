"""A URLconf for the handler's tests: a view that waits until the test lets it go."""

from __future__ import annotations

import threading

from django.http import HttpRequest, HttpResponse
from django.urls import path

released = threading.Event()


def waiting(request: HttpRequest) -> HttpResponse:
    released.wait(timeout=10)
    return HttpResponse(f"{threading.current_thread().name} {threading.get_ident()}")


def thread_name(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"{threading.current_thread().name} {threading.get_ident()}")


urlpatterns = [
    path("wait/", waiting),
    path("thread/", thread_name),
]
