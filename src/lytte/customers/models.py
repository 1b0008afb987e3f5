from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lytte.customers.addresses import AddressKind, format_phone


def fold(text: str) -> str:
    """Text as search compares it: case-folded for every alphabet. SQLite's LIKE folds ASCII
    only, so "ødegård" would miss "Ødegård"; searched names are stored folded instead."""
    return " ".join(text.casefold().split())


class FoldedNameModel(models.Model):
    """A model whose `name` is searched: keeps `name_folded` in step on every save."""

    name_folded = models.CharField(max_length=200, editable=False, db_index=True, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_folded = fold(getattr(self, "name", ""))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)


class Organization(FoldedNameModel):
    """A company or public body whose people contact us."""

    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organization number"), max_length=32, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            # Search walks names in order and matches the folded copy inside the index.
            models.Index(fields=["name", "name_folded", "org_number"], name="org_name_search_idx"),
        ]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Customer(FoldedNameModel):
    """A person who contacts us, on their own or on behalf of an organization."""

    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
        verbose_name=_("organization"),
    )
    language = models.CharField(_("language"), max_length=8, blank=True, choices=settings.LANGUAGES)
    last_contact_at = models.DateTimeField(_("last contact"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name"]),
            # Search walks names in order and matches the folded copy inside the index.
            models.Index(fields=["name", "name_folded"], name="customer_name_search_idx"),
            models.Index(fields=["organization", "name"]),
            models.Index(fields=["-last_contact_at"]),
        ]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return self.name


class ContactPoint(models.Model):
    """A way to reach someone: a customer's phone or email, or an organization's switchboard
    number or email domain. Several customers may share one number (a household, a shop)."""

    kind = models.CharField(_("kind"), max_length=8, choices=AddressKind.choices)
    value = models.CharField(_("address"), max_length=254)
    customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_points",
        verbose_name=_("customer"),
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_points",
        verbose_name=_("organization"),
    )
    verified = models.BooleanField(_("verified"), default=False)
    # Set by a bounce: mail to this address did not arrive. Cleared when mail comes from it.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    failure = models.CharField(_("failure"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        indexes = [models.Index(fields=["kind", "value"], name="contactpoint_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(customer__isnull=False, organization__isnull=True) & ~Q(kind="domain"))
                | Q(customer__isnull=True, organization__isnull=False),
                name="contactpoint_one_owner",
            ),
            models.UniqueConstraint(
                fields=["kind", "value", "customer"],
                condition=Q(customer__isnull=False),
                name="contactpoint_unique_per_customer",
            ),
            models.UniqueConstraint(
                fields=["kind", "value", "organization"],
                condition=Q(organization__isnull=False),
                name="contactpoint_unique_per_organization",
            ),
        ]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        return format_phone(self.value) if self.kind == AddressKind.PHONE else self.value
