"""What search reads: one entry per published translation with its analysed terms, and the
vocabulary of every language's entries (for compounds, typos and term weights).

Both are derived from the translations and rebuilt by `reindex_all`; the full-text indexes
over them are made by migration knowledge.0002 (an FTS5 table on SQLite, a tsvector column
with a GIN index on PostgreSQL) and kept by the database. Articles are not personal data.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models


class SearchEntry(models.Model):
    """A published translation as search sees it (terms are space-separated)."""

    translation = models.OneToOneField(
        "knowledge.Translation",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(max_length=8)
    public = models.BooleanField()
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    part_terms = models.TextField(blank=True)  # parts of compounds, other spellings
    words = models.TextField(blank=True)  # its distinct folded words, for the vocabulary

    objects: ClassVar[models.Manager[SearchEntry]] = models.Manager()

    class Meta:
        indexes = [models.Index(fields=["language", "public"], name="knowledge_search_lang")]

    def __str__(self) -> str:
        return f"{self.pk} ({self.language})"


class SearchTerm(models.Model):
    """A folded word of one language's entries, its term, and in how many entries it is;
    and in how many of the community's listed threads (`threads`, kept by community.search):
    a word only threads have (documents 0) is a typo's correction, nothing more: compounds
    and term weights read the help centre's words only."""

    language = models.CharField(max_length=8)
    word = models.CharField(max_length=100)
    term = models.CharField(max_length=100)
    documents = models.PositiveIntegerField(default=0)
    threads = models.PositiveIntegerField(default=0)

    objects: ClassVar[models.Manager[SearchTerm]] = models.Manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="knowledge_search_word")
        ]
        indexes = [models.Index(fields=["language", "term"], name="knowledge_search_term")]

    def __str__(self) -> str:
        return f"{self.word} → {self.term} ({self.language})"


class SearchVector(models.Model):
    """A published translation's sentence embedding (its title and the start of its body) for
    hybrid search (decision 54), per embedding model; `text_hash` says which text it was made
    of, so a save that did not change the text embeds nothing. Rebuilt by `reindex_all`."""

    translation = models.ForeignKey(
        "knowledge.Translation", on_delete=models.CASCADE, related_name="+"
    )
    model = models.CharField(max_length=200)
    language = models.CharField(max_length=8)
    public = models.BooleanField()
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()  # float32, little-endian, L2-normalised
    changed_at = models.DateTimeField(auto_now=True)

    translation_id: int
    objects: ClassVar[models.Manager[SearchVector]] = models.Manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "model"], name="knowledge_one_vector_per_model"
            )
        ]
        indexes = [models.Index(fields=["model", "language"], name="knowledge_vector_lang")]

    def __str__(self) -> str:
        return f"{self.translation_id} {self.model}"


class Synonyms(models.Model):
    """A language's synonym list as its editors wrote it: one group of words a line that
    customers use for the same thing ("ordre, bestilling, køb"); parsed by `synonyms.parse`."""

    language = models.CharField(max_length=8, unique=True)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[models.Manager[Synonyms]] = models.Manager()

    def __str__(self) -> str:
        return self.language
