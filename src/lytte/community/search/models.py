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


class ThreadVector(models.Model):
    """A listed thread's sentence embedding (its title and the start of its public posts) for
    the similar questions shown before posting (decision 54), per embedding model. Made of
    what members wrote: replaced when the text changes (an erasure scrubs the posts and the
    thread is embedded again) and deleted with the thread; not part of any export."""

    thread = models.ForeignKey("community.Thread", on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=200)
    language = models.CharField(max_length=8)
    solved = models.BooleanField(default=False)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()  # float32, little-endian, L2-normalised
    changed_at = models.DateTimeField(auto_now=True)

    thread_id: int
    objects: ClassVar[models.Manager[ThreadVector]] = models.Manager()

    class Meta:
        app_label = "community"
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "model"], name="community_one_vector_per_model"
            )
        ]
        indexes = [models.Index(fields=["model", "language"], name="community_vector_lang")]

    def __str__(self) -> str:
        return f"{self.thread_id} {self.model}"
