from __future__ import annotations

from django.contrib import admin

from lytte.desk.models import CannedAnswer


@admin.register(CannedAnswer)
class CannedAnswerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "language", "active"]
    list_filter = ["language", "active"]
    search_fields = ["title", "body"]
