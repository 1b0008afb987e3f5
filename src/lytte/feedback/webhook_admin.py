"""Admins set up the feedback webhook (URL and secret) and see its deliveries (issue 17). The
secret is never shown again once saved: left empty on a change, the saved one stays."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lytte.audit.services import record
from lytte.feedback.models import WebhookDelivery, WebhookEndpoint


class EndpointForm(forms.ModelForm[WebhookEndpoint]):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    secret = forms.CharField(
        label=_("secret"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Signs every request (X-Lytte-Signature: sha256=HMAC of the body). Left empty on a "
            "change, the saved secret stays."
        ),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "active"]

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError(_("Enter an http or https address."))
        return url

    def clean_secret(self) -> str:
        secret: str = self.cleaned_data.get("secret") or ""
        if secret:
            return secret
        if self.instance.pk and self.instance.secret:
            return self.instance.secret
        if not settings.FEEDBACK_WEBHOOK_SECRET:
            raise forms.ValidationError(_("Enter a secret to sign the requests with."))
        return ""


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin[WebhookEndpoint]):
    form = EndpointForm
    list_display = ("name", "url", "active", "created_at")

    def save_model(
        self, request: HttpRequest, obj: WebhookEndpoint, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        action = "feedback.webhook_changed" if change else "feedback.webhook_added"
        record(actor=request.user, action=action, target=obj, url=obj.url)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = (
        "event_id",
        "endpoint",
        "event",
        "state",
        "attempts",
        "last_status",
        "created_at",
    )
    list_filter = ("state", "endpoint")
    exclude = ("body",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
