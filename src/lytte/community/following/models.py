"""What a member follows, how they want to hear of it, and what they have not heard of yet
(decision 48). Registered with the community app (imported at the end of its models)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    INSTANT = "instant", _("One email for each new post")
    DAILY = "daily", _("One email a day with everything new")
    NEVER = "never", _("No emails")


class Preferences(models.Model):
    """A member's notification settings; a member without a row has the defaults."""

    objects: ClassVar[models.Manager[Preferences]] = models.Manager()

    member = models.OneToOneField(
        "community.Member", on_delete=models.CASCADE, related_name="preferences", primary_key=True
    )
    delivery = models.CharField(
        _("email me"), max_length=8, choices=Delivery.choices, default=Delivery.INSTANT
    )
    follow_own = models.BooleanField(_("follow the threads I ask or reply in"), default=True)
    mentions = models.BooleanField(_("email me when someone mentions me"), default=True)

    class Meta:
        app_label = "community"
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.member_id}: {self.delivery}"


class Follow(models.Model):
    """A member follows a thread (its replies and accepted answer) or a category (its new
    threads): exactly one of the two."""

    objects: ClassVar[models.Manager[Follow]] = models.Manager()

    member = models.ForeignKey("community.Member", on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    category = models.ForeignKey(
        "community.Category",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        app_label = "community"
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=False, category__isnull=True)
                | models.Q(thread__isnull=True, category__isnull=False),
                name="community_follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["member", "thread"],
                condition=models.Q(thread__isnull=False),
                name="community_follow_thread_once",
            ),
            models.UniqueConstraint(
                fields=["member", "category"],
                condition=models.Q(category__isnull=False),
                name="community_follow_category_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.thread_id or self.category_id}"


class Reason(models.TextChoices):
    REPLY = "reply", _("New reply")
    ANSWER = "answer", _("Accepted answer")
    THREAD = "thread", _("New thread")
    MENTION = "mention", _("Mention")


class Notification(models.Model):
    """One thing a member is told of: a post, and why. One per member, post and reason, so a
    post mentions a member once however often it is edited. `mailed_at` is set when an
    instant mail or the day's digest with it was queued (a platform `Notice`)."""

    objects: ClassVar[models.Manager[Notification]] = models.Manager()

    member = models.ForeignKey(
        "community.Member", on_delete=models.CASCADE, related_name="notifications"
    )
    post = models.ForeignKey("community.Post", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=8, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "community"
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "post", "reason"], name="community_notification_once"
            )
        ]
        indexes = [models.Index(fields=["mailed_at", "member"])]

    def __str__(self) -> str:
        return f"{self.member_id} ← {self.post_id} ({self.reason})"


class Announcement(models.Model):
    """A post members are still to be told of (decision 48, its fan-out moved out of the post's
    transaction): written with the post, done by the `announce_post` task after commit, then
    deleted. `claimed_until` keeps a second worker off a running one; the community's schedule
    runs any left behind (a lost task, a crashed worker)."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("New post")
        EDITED = "edited", _("Edited post")
        ACCEPTED = "accepted", _("Accepted answer")

    objects: ClassVar[models.Manager[Announcement]] = models.Manager()

    post_id: int
    post = models.ForeignKey("community.Post", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=9, choices=Kind.choices)
    by_asker = models.BooleanField(default=False)  # an accepted answer chosen by the asker
    created_at = models.DateTimeField(db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "community"
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return f"{self.kind} {self.post_id}"
