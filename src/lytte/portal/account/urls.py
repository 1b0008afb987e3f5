"""The signed-in customer's pages: sign-in, their cases, replies, a new case."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
