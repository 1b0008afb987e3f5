"""Admins keep the community's categories here; members, threads and posts are written through
the community's own pages and services (moderation is issue 16's next step)."""

from __future__ import annotations

from django.contrib import admin

from lytte.community.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("name", "slug", "language", "position")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}
