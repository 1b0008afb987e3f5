from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lytte.chat import hours
from lytte.chat.models import ChatWidget


class ChatWidgetForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ChatWidget
        fields = (
            "name",
            "active",
            "allowed_origins",
            "team",
            "colour",
            "position",
            "greetings",
            "max_queue",
            "calendar",
            "opening_hours",
        )

    def clean_opening_hours(self) -> str:
        text: str = self.cleaned_data["opening_hours"]
        try:
            hours.parse(text)
        except ValueError as error:
            raise forms.ValidationError(
                _("Write the hours as e.g. “mon-fri 08:00-16:00” (%(error)s).") % {"error": error}
            ) from None
        return text

    def clean_greetings(self) -> dict[str, str]:
        greetings = self.cleaned_data["greetings"] or {}
        if not isinstance(greetings, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in greetings.items()
        ):
            raise forms.ValidationError(_('Give a text per language: {"nb": "Hei!"}.'))
        return greetings


@admin.register(ChatWidget)
class ChatWidgetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = ChatWidgetForm
    list_display = ("name", "key", "team", "active", "max_queue")
    list_filter = ("active",)
    readonly_fields = ("key", "created_at")
    fields = (
        "name",
        "key",
        "active",
        "allowed_origins",
        "team",
        "colour",
        "position",
        "greetings",
        "max_queue",
        "calendar",
        "opening_hours",
        "created_at",
    )
