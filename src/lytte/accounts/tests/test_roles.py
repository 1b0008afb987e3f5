"""Roles are groups with permissions; agents cannot reach supervisor or admin pages."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.test import Client

from lytte.accounts.models import Team, User
from lytte.accounts.roles import ROLE_PERMISSIONS, Role, ensure_role_groups, role_of
from lytte.audit.models import AuditEvent


def test_every_role_exists_as_a_group_with_its_permissions(db: None) -> None:
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(names)


def test_an_upgrade_that_adds_a_model_sets_the_roles_once_its_permissions_exist(
    db: None,
) -> None:
    """Migrating an installation whose app gained a model (sla.Policy beside sla.Calendar): the
    accounts app's post_migrate comes before that app's permissions are made, and must wait for
    them instead of failing the migrate (it did, upgrading from calendars to policies)."""
    Permission.objects.filter(content_type__app_label="sla", codename="view_policy").delete()

    ensure_role_groups(app_config=apps.get_app_config("accounts"))  # sla's turn is later
    create_permissions(apps.get_app_config("sla"), verbosity=0)
    ensure_role_groups(app_config=[c for c in apps.get_app_configs() if c.models_module][-1])

    agents = Group.objects.get(name=Role.AGENT.value)
    assert agents.permissions.filter(codename="view_policy").exists()


def test_each_role_includes_the_one_below(db: None) -> None:
    assert set(ROLE_PERMISSIONS[Role.AGENT]) < set(ROLE_PERMISSIONS[Role.SUPERVISOR])
    assert set(ROLE_PERMISSIONS[Role.SUPERVISOR]) < set(ROLE_PERMISSIONS[Role.ADMIN])


def test_people_have_the_role_they_were_given(
    agent: User, supervisor: User, admin_user: User
) -> None:
    assert role_of(agent) is Role.AGENT
    assert role_of(supervisor) is Role.SUPERVISOR
    assert role_of(admin_user) is Role.ADMIN


@pytest.mark.parametrize("path", ["/admin/", "/admin/cases/case/", "/admin/accounts/user/"])
def test_agent_cannot_reach_admin_pages(client: Client, agent: User, path: str) -> None:
    client.force_login(agent)
    response = client.get(path)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_supervisor_cannot_manage_people_or_the_taxonomy(client: Client, supervisor: User) -> None:
    client.force_login(supervisor)
    assert client.get("/admin/").status_code == 302  # not an admin-site user
    assert supervisor.has_perm("cases.work_any_case")
    assert not supervisor.has_perm("cases.change_contactreason")
    assert not supervisor.has_perm("accounts.change_user")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/customers/customer/",
        "/admin/customers/organization/",
        "/admin/customers/contactpoint/",
        "/admin/cases/case/",
        "/admin/cases/contact/",
        "/admin/cases/contactreason/",
        "/admin/accounts/team/",
        "/admin/accounts/user/",
        "/admin/accounts/apitoken/",
        "/admin/audit/auditevent/",
    ],
)
def test_admin_works_for_every_model(client: Client, admin_user: User, path: str) -> None:
    client.force_login(admin_user)
    assert client.get(path).status_code == 200


def test_admin_can_open_a_case_in_the_admin(client: Client, admin_user: User) -> None:
    from lytte.cases.models import Channel
    from lytte.cases.services import open_case

    case = open_case(channel=Channel.PHONE, opened_by=None, subject="Feil beløp på faktura")
    client.force_login(admin_user)
    response = client.get(f"/admin/cases/case/{case.pk}/change/")
    assert response.status_code == 200
    assert "Feil beløp på faktura" in response.content.decode()


def test_an_admin_deleting_a_team_removes_it_through_the_service(
    client: Client, admin_user: User
) -> None:
    team = Team.objects.create(name="Kundeservice Tromsø")
    client.force_login(admin_user)

    response = client.post(f"/admin/accounts/team/{team.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Team.objects.filter(pk=team.pk).exists()
    removed = AuditEvent.objects.get(action="team.removed")
    assert removed.data["name"] == "Kundeservice Tromsø"
