from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lytte.accounts import two_factor
from lytte.accounts.models import ApiToken, Team, TwoFactor, User
from lytte.accounts.services import remove_team, revoke_api_token


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Preferences"), {"fields": ("language", "start_page")}),
    )
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    filter_horizontal = ["members", "supervisors"]

    def delete_model(self, request: HttpRequest, obj: Team) -> None:
        remove_team(team=obj, removed_by=_acting(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Team]) -> None:
        for team in queryset:
            remove_team(team=team, removed_by=_acting(request))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Admins can see and revoke tokens; new ones are made by their owner or `lytte token`."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    search_fields = ["name", "user__username"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: ApiToken) -> None:
        revoke_api_token(token=obj, revoked_by=_acting(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.select_related("user"):
            revoke_api_token(token=token, revoked_by=_acting(request))


def _acting(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(TwoFactor)
class TwoFactorAdmin(admin.ModelAdmin[TwoFactor]):
    """Only to see who has it and to take it away from someone who lost their phone."""

    list_display = ["user", "confirmed_at"]
    fields = ["user", "confirmed_at"]
    readonly_fields = ["user", "confirmed_at"]
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TwoFactor | None = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: TwoFactor) -> None:
        two_factor.remove(user=obj.user, removed_by=_acting(request))
