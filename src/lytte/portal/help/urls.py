"""The public help centre."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
