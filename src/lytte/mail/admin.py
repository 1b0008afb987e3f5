from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lytte.mail.credentials import seal
from lytte.mail.models import Attachment, InboundMessage, Mailbox, OutboundMessage
from lytte.mail.services import file_message, give_new_token
from lytte.mail.services.mailboxes import forget_our_addresses


class MailboxForm(forms.ModelForm[Mailbox]):
    password = forms.CharField(
        label=gettext_lazy("IMAP password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Stored encrypted. Leave empty to keep the current one."),
    )

    class Meta:
        model = Mailbox
        fields = [
            "name",
            "address",
            "team",
            "language",
            "active",
            "calendar",
            "send_acknowledgement",
            "imap_host",
            "imap_port",
            "imap_security",
            "imap_user",
            "imap_password_env",
            "folder",
            "processed_folder",
        ]


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin[Mailbox]):
    form = MailboxForm
    list_display = ["name", "address", "team", "imap_host", "active", "last_fetch_at", "last_error"]
    readonly_fields = ["token_prefix", "last_uid", "uidvalidity", "last_fetch_at", "last_error"]
    fieldsets = [
        (None, {"fields": ["name", "address", "team", "language", "active", "calendar"]}),
        (gettext_lazy("Acknowledgement"), {"fields": ["send_acknowledgement"]}),
        (
            gettext_lazy("Fetching over IMAP"),
            {
                "fields": [
                    "imap_host",
                    "imap_port",
                    "imap_security",
                    "imap_user",
                    "password",
                    "imap_password_env",
                    "folder",
                    "processed_folder",
                ]
            },
        ),
        (
            gettext_lazy("State"),
            {"fields": ["token_prefix", "last_uid", "uidvalidity", "last_fetch_at", "last_error"]},
        ),
    ]
    actions = ["new_push_url"]

    def save_model(self, request: HttpRequest, obj: Mailbox, form: Any, change: bool) -> None:
        if password := form.cleaned_data.get("password"):
            obj.imap_password = seal(password)
            obj.last_error = ""
        super().save_model(request, obj, form, change)
        forget_our_addresses()

    @admin.action(
        description=gettext_lazy("Give a new push URL (the old one stops working)"),
        permissions=["change"],
    )
    def new_push_url(self, request: HttpRequest, queryset: QuerySet[Mailbox]) -> None:
        for mailbox in queryset:
            token = give_new_token(mailbox, changed_by=request.user)
            url = request.build_absolute_uri(reverse("mail-inbound", args=[token]))
            messages.warning(
                request,
                _("Push URL for %(name)s, shown only now: %(url)s")
                % {"name": mailbox.name, "url": url},
            )


class AttachmentInline(admin.TabularInline[Attachment, InboundMessage]):
    model = Attachment
    extra = 0
    fields = ["filename", "content_type", "size", "inline"]
    readonly_fields = ["filename", "content_type", "size", "inline"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin[InboundMessage]):
    list_display = ["received_at", "mailbox", "sender", "subject", "outcome", "case"]
    list_filter = ["outcome", "mailbox"]
    search_fields = ["sender", "subject", "message_id"]
    date_hierarchy = "received_at"
    exclude = ["raw"]
    readonly_fields = [f.name for f in InboundMessage._meta.fields if f.name != "raw"]
    inlines = [AttachmentInline]
    actions = ["refile"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=gettext_lazy("File again"), permissions=["change"])
    def refile(self, request: HttpRequest, queryset: QuerySet[InboundMessage]) -> None:
        pending = queryset.filter(processed_at__isnull=True)
        filed = sum(file_message(message).processed_at is not None for message in pending)
        messages.info(request, _("%(count)s message(s) filed.") % {"count": filed})


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin[OutboundMessage]):
    list_display = ["created_at", "mailbox", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "mailbox"]
    search_fields = ["subject", "message_id"]
    exclude = ["raw"]
    readonly_fields = [f.name for f in OutboundMessage._meta.fields if f.name != "raw"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
