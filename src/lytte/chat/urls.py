from __future__ import annotations

from django.urls import path

from lytte.chat import views

# The widget's API (docs/chat-protocol.md); no trailing slashes, as a mobile app would expect.
urlpatterns = [
    path("api/conversations/<str:token>/messages", views.messages, name="chat-messages"),
    path("api/conversations/<str:token>/attachments", views.attachments, name="chat-attachments"),
    path("api/conversations/<str:token>/read", views.read, name="chat-read"),
    path("api/conversations/<str:token>/end", views.end, name="chat-end"),
    path("api/conversations/<str:token>/transcript", views.transcript, name="chat-transcript"),
    path(
        "api/files/<int:message_id>/<str:signature>/<str:name>",
        views.attachment_file,
        name="chat-file",
    ),
    path("api/<str:key>/status", views.status, name="chat-status"),
    path("api/<str:key>/conversations", views.conversations, name="chat-conversations"),
    path("api/<str:key>/messages-left", views.messages_left, name="chat-messages-left"),
]
