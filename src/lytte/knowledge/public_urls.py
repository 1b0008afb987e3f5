"""The knowledge base's one route under /help/: its articles' files, so an image in a public
article shows for customers who are not signed in (included from lytte/urls.py)."""

from __future__ import annotations

from django.urls import path

from lytte.knowledge import file_views

urlpatterns = [
    path("<int:pk>/<str:name>", file_views.serve, name="knowledge-file"),
]
