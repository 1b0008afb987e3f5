"""The moderators' rows (issue 16): members' reports of posts (`Flag`, with a `FlagReason`) and
the word filters that hold a post for review (`WordFilter`). A post's held and hidden states
and a member's suspension are fields of `Post` and `Member`. Imported by
`lytte.community.models`, so Django finds them and every model can be imported from there."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    RUDE = "rude", _("Rude or abusive")
    PERSONAL = "personal", _("Shares personal information")
    OFF_TOPIC = "off_topic", _("Off topic")
    OTHER = "other", _("Something else")


class Flag(models.Model):
    """A member's report of a post to the moderators (one open flag per member and post)."""

    post = models.ForeignKey("community.Post", on_delete=models.CASCADE, related_name="flags")
    member = models.ForeignKey("community.Member", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=10, choices=FlagReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member"],
                condition=models.Q(resolved_at__isnull=True),
                name="community_flag_open_once",
            )
        ]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")

    def __str__(self) -> str:
        return f"{self.member_id} ⚑ {self.post_id}"


class WordFilter(models.Model):
    """Words that hold a post for review, per language; admins keep the list."""

    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, unique=True
    )
    words = models.TextField(
        _("words"),
        blank=True,
        help_text=_("One word or phrase a line. A post containing one waits for a moderator."),
    )

    class Meta:
        verbose_name = _("word filter")
        verbose_name_plural = _("word filters")

    def __str__(self) -> str:
        return self.get_language_display()

    def phrases(self) -> list[str]:
        return [line.strip().casefold() for line in self.words.splitlines() if line.strip()]
