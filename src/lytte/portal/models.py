"""The portal's own records: one-time sign-in codes, signed tokens already used, the business's
own ids of customers, and the customers' portal sessions (decision 33). None holds an address, a
code or a token in the clear: each is kept as a keyed digest (`lytte.portal.identity.digest`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lytte.customers.models import Customer


class SignInMethod(models.TextChoices):
    CODE = "code", _("One-time code")
    LINK = "link", _("One-time link")
    TOKEN = "token", _("Signed identity")


class SignInCode(models.Model):
    """One request for a code: written for every address asked about, known or not (then
    without a customer and with nothing that can match), so the answer, its timing and the rate
    limits are the same either way."""

    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("customer"),
    )
    address_digest = models.CharField(max_length=64, db_index=True)
    client_digest = models.CharField(max_length=64, db_index=True)
    code_digest = models.CharField(max_length=64, blank=True)
    link_digest = models.CharField(max_length=64, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), db_index=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")

    def __str__(self) -> str:
        return f"{self.pk} {self.created_at:%Y-%m-%d %H:%M}"


class UsedToken(models.Model):
    """A signed token's `jti`, kept until the token expires, so it signs in only once."""

    jti_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used token")
        verbose_name_plural = _("used tokens")

    def __str__(self) -> str:
        return self.jti_digest[:12]


class ExternalIdentity(models.Model):
    """The business's own id for a customer (a signed token's `sub`), linked by the first token
    that named it together with a verified address."""

    subject = models.CharField(_("external id"), max_length=255, unique=True)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("customer"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")

    def __str__(self) -> str:
        return self.subject


class PortalSession(models.Model):
    """A customer signed in to the portal. The browser's session names this row; deleting it
    (sign-out, erasure) or its running out ends the sign-in wherever the session is."""

    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("customer"),
    )
    method = models.CharField(_("method"), max_length=8, choices=SignInMethod.choices)
    created_at = models.DateTimeField(_("signed in"))
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("portal session")
        verbose_name_plural = _("portal sessions")

    def __str__(self) -> str:
        return f"{self.customer_id} {self.created_at:%Y-%m-%d %H:%M}"
