"""Admins edit the survey rules and the questions per language. A question is never changed:
saving one adds a new version, so every answer keeps the words it answered (decision 40)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Max
from django.http import HttpRequest

from lytte.audit.services import record
from lytte.feedback.models import (
    Choice,
    FollowUp,
    NpsProgram,
    NpsQuestion,
    NpsSurvey,
    OptOut,
    Question,
    SmsMessage,
    Survey,
    SurveyRules,
)


class ChoiceInline(admin.TabularInline[Choice, Question]):
    model = Choice
    extra = 5

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = ("language", "version", "text", "created_at")
    list_filter = ("language",)
    inlines = [ChoiceInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a new version instead

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Question, form: Any, change: bool) -> None:
        latest = Question.objects.filter(language=obj.language).aggregate(v=Max("version"))
        obj.version = (latest["v"] or 0) + 1
        obj.created_by = request.user if request.user.is_authenticated else None
        super().save_model(request, obj, form, change)
        record(actor=request.user, action="survey.question_published", target=obj)


class SurveyRulesForm(forms.ModelForm[SurveyRules]):
    sms_webhook_url = forms.URLField(
        label=SurveyRules._meta.get_field("sms_webhook_url").verbose_name,
        help_text=SurveyRules._meta.get_field("sms_webhook_url").help_text,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = SurveyRules
        fields = (
            "active",
            "delay_minutes",
            "quarantine_days",
            "change_hours",
            "valid_days",
            "low_score",
            "channels",
            "reasons",
            "teams",
            "business_hours",
            "calendar",
            "sms_after_calls",
            "sms_webhook_url",
            "sms_webhook_secret",
        )
        # The SMS webhook's secret is not shown again once saved (blank keeps it).
        widgets = {"sms_webhook_secret": forms.PasswordInput(render_value=False)}

    def clean_sms_webhook_secret(self) -> str:
        given = self.cleaned_data.get("sms_webhook_secret") or ""
        return given or self.instance.sms_webhook_secret


@admin.register(SurveyRules)
class SurveyRulesAdmin(admin.ModelAdmin[SurveyRules]):
    form = SurveyRulesForm
    filter_horizontal = ("reasons", "teams")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SurveyRules.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Survey)
class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SurveyAdmin(ReadOnly):
    list_display = ("case", "state", "skipped_because", "sent_at", "score", "answered_at")
    list_filter = ("state", "skipped_because", "score")


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnly):
    list_display = ("case", "team", "opened_at", "closed_at", "closed_by")
    list_filter = ("team",)


@admin.register(OptOut)
class OptOutAdmin(ReadOnly):
    list_display = ("customer", "erased", "at")
    list_filter = ("erased",)


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnly):
    list_display = ("survey", "state", "attempts", "created_at", "sent_at", "last_error")
    list_filter = ("state",)


@admin.register(NpsSurvey)
class NpsSurveyAdmin(ReadOnly):
    list_display = ("pk", "program", "organization", "language", "sent_at", "score", "answered_at")
    list_filter = ("program", "score", "skipped_because")


@admin.register(NpsProgram)
class NpsProgramAdmin(admin.ModelAdmin[NpsProgram]):
    list_display = ("name", "active", "every_days", "next_run_at", "last_run_at")


@admin.register(NpsQuestion)
class NpsQuestionAdmin(admin.ModelAdmin[NpsQuestion]):
    """Like the CSAT question: saving adds a version; a saved one is never changed."""

    list_display = ("language", "version", "text", "created_at")
    list_filter = ("language",)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: NpsQuestion, form: Any, change: bool) -> None:
        latest = NpsQuestion.objects.filter(language=obj.language).aggregate(v=Max("version"))
        obj.version = (latest["v"] or 0) + 1
        super().save_model(request, obj, form, change)
        record(actor=request.user, action="nps.question_published", target=obj)


from lytte.feedback import webhook_admin  # noqa: E402, F401  (the outgoing webhook, issue 17)
