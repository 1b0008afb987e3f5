from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class StartPage(models.TextChoices):
    """Where someone lands after logging in: the desk, or (with the permission) insights."""

    DESK = "", _("My desk")
    INSIGHTS = "insights", _("Insights")


class User(AbstractUser):
    """A member of staff: agent, supervisor or admin (roles are groups; see roles.py)."""

    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Leave empty to follow the browser's language."),
    )
    start_page = models.CharField(
        _("start page"), max_length=10, blank=True, choices=StartPage.choices, default=""
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Team(models.Model):
    """A group of agents that owns a queue of cases (e.g. "Kundeservice Oslo", "Faktura")."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    members = models.ManyToManyField(
        User, related_name="teams", blank=True, verbose_name=_("members")
    )
    supervisors = models.ManyToManyField(
        User,
        related_name="supervised_teams",
        blank=True,
        verbose_name=_("supervisors"),
        help_text=_("Hear the team's service-level warnings and escalations."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token is shown once, at creation."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class SignInThrottle(models.Model):
    """Failed sign-ins counted per account name or per client address (decision 0022).

    In the database, not in one process's memory: every server process sees the same counts.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"))
    blocked_until = models.DateTimeField(_("blocked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")

    def __str__(self) -> str:
        return self.key


class TwoFactor(models.Model):
    """A member of staff's TOTP authenticator (RFC 6238). The secret is sealed
    (lytte.platform.sealing); `last_step` is the time step of the last code used, so each code works
    once."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="two_factor", verbose_name=_("user")
    )
    sealed_secret = models.TextField(editable=False)
    confirmed_at = models.DateTimeField(_("switched on"), null=True, blank=True)
    last_step = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("two-factor sign-in")
        verbose_name_plural = _("two-factor sign-ins")

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(models.Model):
    """A one-time code for when the authenticator is lost; only its SHA-256 is kept (the codes
    are random, 50 bits: no slow hash needed)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="recovery_codes", verbose_name=_("user")
    )
    digest = models.CharField(max_length=64, editable=False)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.user} ({self.pk})"
