"""Staff roles: agent, supervisor and admin, kept as Django groups with model permissions.

Each role includes the one below it. Views and the API ask `user.has_perm(...)`, so a site can
grant a single extra permission to a person without inventing a new role.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.AGENT: _("Agent"),
    Role.SUPERVISOR: _("Supervisor"),
    Role.ADMIN: _("Administrator"),
}

_AGENT = [
    "customers.view_organization",
    "customers.add_organization",
    "customers.change_organization",
    "customers.view_customer",
    "customers.add_customer",
    "customers.change_customer",
    "customers.view_contactpoint",
    "customers.add_contactpoint",
    "customers.change_contactpoint",
    "customers.delete_contactpoint",
    "cases.view_case",
    "cases.add_case",
    "cases.change_case",
    "cases.view_contact",
    "cases.add_contact",
    "cases.view_contactreason",
    "accounts.view_team",
    # The knowledge base: every agent reads it and may write drafts (decision 0031).
    "knowledge.view_article",
    "knowledge.add_article",
    "knowledge.change_article",
    "sla.view_calendar",  # opening hours and holidays: everyone who answers customers reads them
    "sla.view_policy",  # the service levels promised: everyone who answers customers reads them
]
# Publishing is for supervisors and admins, and for anyone put in this group (not a role: an
# agent in it is still an agent, who may also publish, archive and delete articles).
KNOWLEDGE_EDITOR_GROUP = "knowledge editor"
_KNOWLEDGE_EDITOR = ["knowledge.publish_article", "knowledge.delete_article"]
# Moderating the community (decision 37): supervisors and admins, and anyone in this group.
COMMUNITY_MODERATOR_GROUP = "community moderator"
_COMMUNITY_MODERATOR = ["community.moderate"]
_SUPERVISOR = [
    *_AGENT,
    *_COMMUNITY_MODERATOR,
    "cases.work_any_case",
    "audit.view_auditevent",
    "audit.view_accessrecord",  # who opened a customer's data; agents do not see who else looked
    "audit.export_customer_data",  # right of access: everything held about a customer
    "accounts.view_user",
    "insights.view_reasonsuggestion",
    "insights.view_reasonmodel",
    "insights.view_dashboards",
    "phone.view_call",
    *_KNOWLEDGE_EDITOR,
    # Satisfaction surveys: every answer, and following up the low ones (decision 40).
    "feedback.view_survey",
    "feedback.view_followup",
    "feedback.change_followup",
    "feedback.view_npssurvey",  # NPS answers (decision 47)
]
# The phone's setup: integrations (with their queues), agents' extensions and blocked numbers
# are admins' to manage; calls and CTI events are the PBX's record, read but never edited.
_PHONE_ADMIN = [
    *(
        f"phone.{action}_{model}"
        for model in ("ctiintegration", "phonequeue", "agentphone", "blockednumber")
        for action in ("view", "add", "change", "delete")
    ),
    "phone.view_ctievent",
]
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.AGENT: _AGENT,
    Role.SUPERVISOR: _SUPERVISOR,
    # Admins manage the taxonomy, teams and people on top of everything a supervisor does.
    Role.ADMIN: [
        *_SUPERVISOR,
        "cases.add_contactreason",
        "cases.change_contactreason",
        "customers.delete_customer",
        "customers.delete_organization",
        "accounts.add_team",
        "accounts.change_team",
        "accounts.delete_team",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_apitoken",
        "accounts.delete_apitoken",
        "accounts.view_twofactor",
        "accounts.delete_twofactor",  # for someone who lost their phone (decision 0022)
        "mail.view_mailbox",
        "mail.add_mailbox",
        "mail.change_mailbox",
        "mail.view_inboundmessage",
        "mail.change_inboundmessage",  # to file a failed message again
        "mail.view_outboundmessage",
        "insights.change_reasonmodel",  # train now, roll back
        "insights.view_keywordrule",
        "insights.add_keywordrule",
        "insights.change_keywordrule",
        "insights.delete_keywordrule",
        "insights.view_labelledtext",
        "insights.delete_labelledtext",
        *_PHONE_ADMIN,
        *(f"chat.{action}_chatwidget" for action in ("view", "add", "change", "delete")),
        *(
            f"sla.{action}_{model}"
            for model in (
                "calendar",
                "openingwindow",
                "calendarday",
                "policy",
                "teamcalendar",
                "escalationrule",
            )
            for action in ("view", "add", "change", "delete")
            if (action, model) not in {("view", "calendar"), ("view", "policy")}  # every role's
        ),
        *(f"desk.{action}_cannedanswer" for action in ("view", "add", "change", "delete")),
        # The community's categories (decision 37).
        *(f"community.{action}_category" for action in ("view", "add", "change", "delete")),
        *(f"community.{action}_wordfilter" for action in ("view", "add", "change", "delete")),
        "django_tasks_database.view_dbtaskresult",  # what the worker ran, and what failed
        "platform.view_notice",  # mail bound to no case: what waits, what failed (decision 48)
        "privacy.view_legalhold",
        "privacy.add_legalhold",
        "privacy.change_legalhold",  # to release one
        # Survey rules and questions; a question is never changed, a new version is added.
        "feedback.view_surveyrules",
        "feedback.change_surveyrules",
        *(
            f"feedback.{action}_{model}"
            for model in ("question", "choice")
            for action in ("view", "add")
        ),
        "feedback.view_optout",
        # NPS programmes and questions, and the survey text messages (decision 47).
        *(f"feedback.{action}_npsprogram" for action in ("view", "add", "change", "delete")),
        *(f"feedback.{action}_npsquestion" for action in ("view", "add")),
        "feedback.view_smsmessage",
        # The outgoing feedback webhook (issue 17): its URL and secret, and what it delivered.
        *(f"feedback.{action}_webhookendpoint" for action in ("view", "add", "change", "delete")),
        "feedback.view_webhookdelivery",
    ],
}


def _permissions(names: list[str] | set[str]) -> list[Permission]:
    found = _found(names)
    missing = set(names) - {f"{p.content_type.app_label}.{p.codename}" for p in found}
    if missing:
        raise LookupError(f"Unknown permissions for roles: {sorted(missing)}")
    return found


def _found(names: list[str] | set[str]) -> list[Permission]:
    query = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    return list(Permission.objects.filter(query).select_related("content_type"))


def _missing(names: set[str]) -> set[str]:
    return names - {f"{p.content_type.app_label}.{p.codename}" for p in _found(names)}


def _last_app() -> AppConfig:
    """The last app whose post_migrate is sent (Django sends it to apps with models only)."""
    return [config for config in apps.get_app_configs() if config.models_module is not None][-1]


def ensure_role_groups(app_config: AppConfig | None = None, **kwargs: Any) -> None:
    """Create the role groups and set exactly their permissions (idempotent; runs after migrate,
    once per app). Until the last app's turn a permission may not exist yet (a model added by
    this migrate to an app after this one): wait for it; at the last app, a missing one is an
    error in ROLE_PERMISSIONS."""
    wanted = {name for names in ROLE_PERMISSIONS.values() for name in names}
    wanted |= {*_KNOWLEDGE_EDITOR, *_COMMUNITY_MODERATOR}
    if _missing(wanted) and app_config is not None and app_config is not _last_app():
        return
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permissions(names))
    editors, _created = Group.objects.get_or_create(name=KNOWLEDGE_EDITOR_GROUP)
    editors.permissions.set(_permissions(_KNOWLEDGE_EDITOR))
    moderators, _created = Group.objects.get_or_create(name=COMMUNITY_MODERATOR_GROUP)
    moderators.permissions.set(_permissions(_COMMUNITY_MODERATOR))


def role_of(user: Any) -> Role | None:
    """The highest role a user holds, or None for someone who is not staff of this site."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    names = {group.name for group in user.groups.all()}
    for role in (Role.ADMIN, Role.SUPERVISOR, Role.AGENT):
        if role.value in names:
            return role
    return None
