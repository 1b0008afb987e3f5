"""The staff side of the knowledge base, under /desk/knowledge/: reading (internal articles
too), the editor with preview, history, diffs and restoring."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "knowledge"
urlpatterns: list[URLPattern] = []
