"""The knowledge base: articles in up to five languages, their history, and what customers and
agents did with them (searches, "was this helpful?").

An `Article` is one piece of knowledge; each `Translation` is its text in one language, with its
own title, slug, body and workflow state. A translation records which version of the source
language's text it was made from, so a changed source marks the others outdated.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal (staff only)")


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Category(models.Model):
    """A node in the help centre's category tree, named per language like contact reasons."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent"),
    )
    name = models.CharField(_("name (English)"), max_length=100)
    name_nb = models.CharField(_("name (Norwegian Bokmål)"), max_length=100, blank=True)
    name_da = models.CharField(_("name (Danish)"), max_length=100, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.localized_name()

    def localized_name(self, language: str | None = None) -> str:
        code = (language or get_language() or "en").split("-")[0]
        return str(getattr(self, f"name_{code}", "") or self.name)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """One piece of knowledge, whatever languages it is written in."""

    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("category"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    source_language = models.CharField(
        _("source language"), max_length=8, choices=settings.LANGUAGES, default="nb"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    # Which contact reasons it answers: knowledge gaps are reasons with many contacts and none.
    reasons = models.ManyToManyField(
        "cases.ContactReason",
        blank=True,
        related_name="articles",
        verbose_name=_("contact reasons"),
    )
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("related articles")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish knowledge articles"))]

    def __str__(self) -> str:
        first = self.translations.order_by("pk").first()
        return first.title if first else f"#{self.pk}"


class Translation(models.Model):
    """An article in one language: what customers read and search finds."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="translations", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True)
    body = models.TextField(_("body (Markdown)"), blank=True)
    body_html = models.TextField(_("body (HTML)"), blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # Bumped on every change of title or body; a translation made from version N of the source
    # language's text is outdated once the source passes N.
    version = models.PositiveIntegerField(_("version"), default=1)
    source_version = models.PositiveIntegerField(_("translated from version"), null=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["article", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="one_translation_per_language"
            ),
            models.UniqueConstraint(fields=["language", "slug"], name="slug_unique_per_language"),
        ]
        indexes = [
            models.Index(fields=["language", "state"]),
            # The help centre's newest articles: read in order, not sorted.
            models.Index(
                fields=["language", "state", "-published_at", "-id"], name="knowledge_newest"
            ),
        ]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Revision(models.Model):
    """A translation as it was saved, for the history, its diffs and restoring."""

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body (Markdown)"), blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        ordering = ["translation", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation", "version"], name="one_revision_per_version"
            )
        ]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.translation_id} v{self.version}"


class SlugRedirect(models.Model):
    """An old slug of a translation: links made before a rename still arrive."""

    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True)
    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="old_slugs")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"], name="old_slug_unique_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}/{self.slug}"


class Attachment(models.Model):
    """A file or image of an article. The bytes live in the database, so every server process
    of a scaled-out site serves them without a shared disk; articles' files are few and small."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=127)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["article", "filename"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class Feedback(models.Model):
    """A reader's "was this helpful?" on a translation, with an optional comment."""

    translation = models.ForeignKey(Translation, on_delete=models.CASCADE, related_name="feedback")
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True)
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("given"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("article feedback")
        verbose_name_plural = _("article feedback")

    def __str__(self) -> str:
        return f"{self.translation_id}: {self.helpful}"


class SearchSource(models.TextChoices):
    PORTAL = "portal", _("Help centre")
    DESK = "desk", _("Desk")
    API = "api", _("API")


class SearchQuery(models.Model):
    """One search someone ran, what it found, and what they opened: the knowledge gaps are the
    searches that found nothing or that nobody clicked."""

    source = models.CharField(_("where"), max_length=10, choices=SearchSource.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    query = models.CharField(_("query"), max_length=200)
    results = models.PositiveIntegerField(_("results"))
    clicked = models.ForeignKey(
        Translation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("searched"), auto_now_add=True, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["customer", "created_at"]),
            # The help centre's popular articles and the knowledge gaps: one source's searches
            # in one language lately.
            models.Index(fields=["source", "language", "created_at"], name="knowledge_searches"),
        ]
        verbose_name = _("search")
        verbose_name_plural = _("searches")

    def __str__(self) -> str:
        return self.query


# Search's own tables (lytte.knowledge.search.models), registered with this app.
from lytte.knowledge.search.models import SearchEntry, SearchTerm, SearchVector  # noqa: E402, F401
