"""Admins keep the community's categories (with when unanswered questions escalate, and whether
first posts are held) and the word filters per language here; members, threads and posts are
written through the community's own pages and services, moderation included."""

from __future__ import annotations

from django.contrib import admin

from lytte.community.models import Category, WordFilter


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ("name", "slug", "language", "position", "escalate_after_hours")
    list_editable = ("position",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(WordFilter)
class WordFilterAdmin(admin.ModelAdmin[WordFilter]):
    list_display = ("language",)
