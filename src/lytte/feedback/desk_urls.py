"""Staff pages under /desk/feedback/: answers on one's own cases, and the follow-ups."""

from __future__ import annotations

from django.urls import path

from lytte.feedback import desk_views

app_name = "feedback-desk"
urlpatterns = [
    path("", desk_views.answers, name="answers"),
    path("follow-ups/<int:follow_up_id>/", desk_views.close, name="close"),
]
