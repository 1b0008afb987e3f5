"""The community forum (issue 16, decision 37): categories, threads (questions and
discussions), their posts with edit history, votes on replies and "same problem" on questions.

A customer takes part as a `Member`: the portal's customer (decision 33) under a display name
they choose. Nothing here shows the customer's name, email or phone. Staff reply as staff: a
post has either a member or a staff user as its author. The moderators' rows (flags, word
filters) are in `lytte.community.moderation_models`, imported here with the rest.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lytte.community.moderation_models import Flag as Flag
from lytte.community.moderation_models import FlagReason as FlagReason
from lytte.community.moderation_models import WordFilter as WordFilter
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
    # No question is left hanging: unanswered this long, a question becomes a case.
    escalate_after_hours = models.PositiveSmallIntegerField(
        _("escalate unanswered questions after (hours)"),
        null=True,
        blank=True,
        help_text=_(
            "Counted in the calendar's open hours when the category or its team has a "
            "calendar, otherwise in plain hours since the question was asked. Empty: never."
        ),
    )
    escalation_calendar = models.ForeignKey(
        "sla.Calendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("business hours for escalation"),
        help_text=_("Empty: the escalation team's calendar, if it has one, else plain hours."),
    )
    escalation_team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("team for escalated questions"),
    )
    escalation_reason = models.ForeignKey(
        "cases.ContactReason",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact reason of escalated questions"),
        help_text=_("Empty: the agent chooses it, as for any contact."),
    )
    hold_first_posts = models.BooleanField(
        _("hold every first post for review"),
        default=False,
        help_text=_("A new member's first post here waits for a moderator, link or not."),
    )

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
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.CharField(_("reason for the suspension"), max_length=500, blank=True)

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

    def suspended(self, at: datetime | None = None) -> bool:
        return self.suspended_until is not None and self.suspended_until > (at or timezone.now())

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
    # A staff reply the business pinned as its official answer: shown first.
    pinned = models.ForeignKey(
        "Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("official answer"),
    )
    created_at = models.DateTimeField(_("created"), db_index=True)
    last_activity_at = models.DateTimeField(_("last activity"), db_index=True)
    # False while the opening post is held for review or hidden: not listed, not found.
    listed = models.BooleanField(_("listed"), default=True)
    locked_at = models.DateTimeField(_("locked"), null=True, blank=True)
    escalated_case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("escalated to case"),
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    # Merged by a moderator: its posts are in `merged_into` now, and its address leads there.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("merged into"),
    )
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True)

    class Meta:
        ordering = ["-last_activity_at"]
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        permissions = [("moderate", _("Can moderate the community"))]
        indexes = [
            models.Index(fields=["category", "language", "-last_activity_at"]),
            # The categories' thread counts (selectors.categories), from the index alone.
            models.Index(
                fields=["category", "language"],
                condition=models.Q(listed=True),
                name="community_thread_listed",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def solved(self) -> bool:
        return self.accepted_id is not None


class PostState(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HELD = "held", _("Held for review")
    HIDDEN = "hidden", _("Hidden by a moderator")


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
    # `body` rendered and sanitised when it is written (`community.rendering`), as an article's
    # is: a thread page of 50 posts rendered their Markdown on every view.
    body_html = models.TextField(_("text (HTML)"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=PostState.choices, default=PostState.VISIBLE
    )
    # Why a post was held for review (a first post with a link, a filtered word...).
    held_because = models.CharField(_("held because"), max_length=200, blank=True)
    # Since when a moderator hid it: its text goes after `community_hidden_posts` days.
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        # A thread's posts in order (its page, its first answer, merging and splitting).
        indexes = [models.Index(fields=["thread", "created_at"], name="community_post_thread_time")]
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

    @property
    def public(self) -> bool:
        return self.state == PostState.VISIBLE


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


class Promotion(models.Model):
    """An accepted answer an editor made a knowledge article draft: the thread shows the
    article, the article's editor shows the thread, and the member who answered is credited by
    display name (`credited`; None for a staff answer). One per thread; deleting the article
    deletes it, and the answer may be promoted again."""

    thread = models.OneToOneField(
        Thread, on_delete=models.CASCADE, related_name="promotion", verbose_name=_("thread")
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="+", verbose_name=_("answer")
    )
    article = models.OneToOneField(
        "knowledge.Article",
        on_delete=models.CASCADE,
        related_name="community_promotion",
        verbose_name=_("article"),
    )
    credited = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("credited member"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("promoted by"),
    )
    created_at = models.DateTimeField(_("promoted"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer made an article")
        verbose_name_plural = _("answers made articles")

    def __str__(self) -> str:
        return f"{self.thread_id} → {self.article_id}"


# Registered with this app: following and notifications (lytte.community.following.models,
# decision 48), thread search's table (lytte.community.search.models) and posts' images
# (lytte.community.images.models, decision 53).
from lytte.community.following.models import (  # noqa: E402, F401
    Announcement,
    Follow,
    Notification,
    Preferences,
)
from lytte.community.images.models import PostImage  # noqa: E402, F401
from lytte.community.search.models import ThreadEntry, ThreadVector  # noqa: E402, F401
