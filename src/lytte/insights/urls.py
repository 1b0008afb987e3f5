from __future__ import annotations

from django.urls import path

from lytte.insights import views

app_name = "insights"
urlpatterns = [
    path("reasons/", views.reason_suggestions, name="reason-suggestions"),
]
