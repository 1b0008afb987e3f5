"""What thread search reads: one entry per listed thread with its analysed terms (decision 37),
derived from the thread and its public posts and rebuilt by `reindex_all`; its words are
counted in the knowledge search's vocabulary, so typos are corrected to the forum's words too.
The full-text indexes over it are made by migration community.0004 (an FTS5 table per
language on SQLite, a generated tsvector with a GIN index on PostgreSQL), as the knowledge
base's are."""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class ThreadEntry(models.Model):
    thread = models.OneToOneField(
        "community.Thread", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=8)
    solved = models.BooleanField(default=False)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    part_terms = models.TextField(blank=True)
    # Its distinct folded words as "word/term", counted in the knowledge vocabulary's
    # `threads` while the entry has them (typo corrections from the forum's words).
    words = models.TextField(blank=True)

    objects: ClassVar[models.Manager[ThreadEntry]] = models.Manager()

    class Meta:
        app_label = "community"

    def __str__(self) -> str:
        return f"{self.pk} ({self.language})"
