"""The community forum (issue 16, decision 37): categories, threads (questions and
discussions), their posts with edit history, votes on replies and "same problem" on questions.

A customer takes part as a `Member`: the portal's customer (decision 33) under a display name
they choose. Nothing here shows the customer's name, email or phone. Staff reply as staff: a
post has either a member or a staff user as its author.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lytte.customers.models import Customer


class Category(models.Model):
    """A forum category, named per language; `language` set limits it to that language."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name (English)"), max_length=100)
    name_nb = models.CharField(_("name (Norwegian Bokmål)"), max_length=100, blank=True)
    name_da = models.CharField(_("name (Danish)"), max_length=100, blank=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100, blank=True)
    name_fi = models.CharField(_("name (Finnish)"), max_length=100, blank=True)
    language = models.CharField(
        _("only in language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Empty: the category is shown in every language."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("community category")
        verbose_name_plural = _("community categories")

    def __str__(self) -> str:
        return self.localized_name()

    def localized_name(self, language: str | None = None) -> str:
        code = (language or get_language() or "en").split("-")[0]
        return str(getattr(self, f"name_{code}", "") or self.name)


class Member(models.Model):
    """A customer's community profile. Erasure empties the display name and sets `erased_at`:
    the member is shown as "former member" from then on."""

    customer = models.OneToOneField(
        Customer,
        on_delete=models.CASCADE,
        related_name="community_member",
        verbose_name=_("customer"),
    )
    display_name = models.CharField(_("display name"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                condition=~models.Q(display_name=""),
                name="community_member_display_name_unique",
            )
        ]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        if self.erased_at is not None:
            return str(_("former member"))
        return self.display_name or str(_("member"))


class ThreadKind(models.TextChoices):
    QUESTION = "question", _("Question")
    DISCUSSION = "discussion", _("Discussion")


class Thread(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="threads", verbose_name=_("category")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ThreadKind.choices, default=ThreadKind.QUESTION
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # Empty after the author's erasure: shown as a placeholder in the reader's language.
    title = models.CharField(_("title"), max_length=150, blank=True)
    author = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="threads", verbose_name=_("author")
    )
    accepted = models.ForeignKey(
        "Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted answer"),
    )
    created_at = models.DateTimeField(_("created"), db_index=True)
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [models.Index(fields=["category", "language", "-last_activity_at"])]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def solved(self) -> bool:
        return self.accepted_id is not None


class Post(models.Model):
    """The thread's opening text (`opening`) or a reply, by a member or by staff."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="posts", verbose_name=_("thread")
    )
    author = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="posts",
        verbose_name=_("author"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("staff author"),
    )
    opening = models.BooleanField(_("opening post"), default=False)
    body = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author__isnull=False, staff__isnull=True)
                | models.Q(author__isnull=True, staff__isnull=False),
                name="community_post_one_author",
            )
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.pk}"

    @property
    def by_staff(self) -> bool:
        return self.staff_id is not None


class Revision(models.Model):
    """A post's text before one of its edits: the edit history, oldest first."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post")
    )
    body = models.TextField(_("text"), blank=True)
    written_at = models.DateTimeField(_("written"))
    replaced_at = models.DateTimeField(_("replaced"))

    class Meta:
        ordering = ["replaced_at", "pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"{self.post_id} {self.replaced_at:%Y-%m-%d %H:%M}"


class Vote(models.Model):
    """A member's vote for a reply (one each; voting again takes it back)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member"], name="community_vote_once")
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.member_id} → {self.post_id}"


class SameProblem(models.Model):
    """A member's "I have the same problem" on a question (one each; again takes it back)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="same_problems")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "member"], name="community_same_once")
        ]
        verbose_name = _("same problem")
        verbose_name_plural = _("same problems")

    def __str__(self) -> str:
        return f"{self.member_id} → {self.thread_id}"
