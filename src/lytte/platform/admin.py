from __future__ import annotations

from django.contrib import admin

from lytte.platform.models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin[Notice]):
    """The outbox of mail bound to no case (decision 48): admins see what waits and what
    failed, and why; the outbox itself sends, retries and forgets."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["key", "to"]
    readonly_fields = [f.name for f in Notice._meta.fields]
