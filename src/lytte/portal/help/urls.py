"""The public help centre."""

from __future__ import annotations

from django.urls import path

from lytte.portal.help import views

urlpatterns = [
    path("", views.start, name="start"),
    path("<lang:lang>/", views.home, name="home"),
    path("<lang:lang>/categories/<slug:slug>/", views.category, name="category"),
    path("<lang:lang>/articles/<str:slug>/", views.article, name="article"),
    path("<lang:lang>/articles/<str:slug>/feedback/", views.feedback, name="feedback"),
    path("<lang:lang>/search/", views.search, name="search"),
    path("<lang:lang>/search/suggestions/", views.suggestions, name="suggestions"),
]
