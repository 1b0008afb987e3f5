from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lytte.insights.models import KeywordRule, LabelledText, ReasonModel, ReasonSuggestion
from lytte.insights.services import activate_model
from lytte.insights.tasks import train_reasons


@admin.register(ReasonModel)
class ReasonModelAdmin(admin.ModelAdmin[ReasonModel]):
    list_display = ["__str__", "created_at", "active", "trained_on", "macro_f1", "size", "seconds"]
    readonly_fields = [
        "created_at",
        "active",
        "trained_on",
        "reasons",
        "metrics",
        "size",
        "seconds",
    ]
    exclude = ["artifact"]
    actions = ["make_active"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=gettext_lazy("macro-F1 (held out)"))
    def macro_f1(self, obj: ReasonModel) -> Any:
        return obj.metrics.get("macro_f1")

    @admin.action(description=gettext_lazy("Use this model (roll back)"), permissions=["change"])
    def make_active(self, request: HttpRequest, queryset: QuerySet[ReasonModel]) -> None:
        if queryset.count() != 1:
            messages.error(request, _("Choose exactly one model."))
            return
        activate_model(model=queryset.get(), activated_by=request.user)
        messages.success(request, _("The chosen model is now used for suggestions."))

    def get_urls(self) -> list[URLPattern]:
        train = self.admin_site.admin_view(require_POST(self.train_now))
        return [path("train/", train, name="insights_reasonmodel_train"), *super().get_urls()]

    def train_now(self, request: HttpRequest) -> HttpResponse:
        if not self.has_change_permission(request):
            messages.error(request, _("You may not train models."))
        else:
            train_reasons.enqueue()
            messages.success(
                request, _("Training has started in the background; the new model appears here.")
            )
        return HttpResponseRedirect(reverse("admin:insights_reasonmodel_changelist"))


@admin.register(KeywordRule)
class KeywordRuleAdmin(admin.ModelAdmin[KeywordRule]):
    list_display = ["reason", "language", "active"]
    list_filter = ["language", "active", "reason"]
    search_fields = ["keywords"]


@admin.register(LabelledText)
class LabelledTextAdmin(admin.ModelAdmin[LabelledText]):
    list_display = ["__str__", "reason", "language", "channel", "source", "imported_at"]
    list_filter = ["reason", "language", "channel", "source"]
    search_fields = ["text"]


@admin.register(ReasonSuggestion)
class ReasonSuggestionAdmin(admin.ModelAdmin[ReasonSuggestion]):
    list_display = ["created_at", "case", "chosen", "rank", "model", "agent"]
    list_filter = ["rank", "chosen"]
    readonly_fields = ["case", "suggested", "model", "chosen", "rank", "agent", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
