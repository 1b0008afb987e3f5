"""The machinery behind rbac_table.py: what a row says, the routes the URLconf and the OpenAPI
schema declare, and how one row is requested as one persona."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lytte.accounts.models import User

LOGIN = "login"  # 302 to the sign-in page
ADMIN_LOGIN = "admin-login"  # 302 to the admin site's sign-in page
Outcome = int | str
PERSONAS = ("anonymous", "agent", "supervisor", "admin")
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


@dataclass(frozen=True)
class Row:
    """One route and method, and what each persona gets. `ids` names which object of the test's
    world fills a path parameter where the parameter's own name is ambiguous (`pk`); `data` is
    the form or JSON body of an unsafe method."""

    method: str
    route: str
    anonymous: Outcome
    agent: Outcome
    supervisor: Outcome
    admin: Outcome
    data: dict[str, Any] | None = None
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def pattern(self) -> str:
        """The route as the URLconf or the schema spells it (without a query string)."""
        return self.route.split("?", 1)[0]

    @property
    def key(self) -> str:
        return f"{self.method} {self.pattern}"

    def expected(self, persona: str) -> Outcome:
        outcome: Outcome = getattr(self, persona)
        return outcome

    def path(self, world: dict[str, Any]) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1) or match.group(2)
            source = self.ids.get(name, name)
            if source not in world:
                raise LookupError(f"{self.key}: the world has no {source!r}; add it or set ids=")
            return str(world[source])

        path = PARAMETER.sub(value, self.route)
        return path if path.startswith("/") else f"/{path}"

    def body(self, world: dict[str, Any]) -> dict[str, Any]:
        """`data`, with each "{name}" value replaced by that object of the world."""
        filled = {}
        for key, value in (self.data or {}).items():
            whole = PARAMETER.fullmatch(value) if isinstance(value, str) else None
            filled[key] = world[whole.group(2)] if whole and whole.group(2) else value
        return filled


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def api_operations() -> set[str]:
    """ "METHOD /api/v1/path/{param}" for every operation in the OpenAPI schema."""
    from lytte.api.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops}


def page_routes() -> set[str]:
    """Every route of the URLconf but the admin site's (a grouped rule covers them) and the
    API's operations (the OpenAPI table covers them)."""
    api_paths = {key.split(" ", 1)[1] for key in api_operations()}
    routes = set()
    for route, _pattern in _walk(get_resolver().url_patterns):
        if route.startswith("admin/"):
            continue
        if "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) in api_paths:
            continue
        routes.add(route)
    return routes


def admin_models() -> list[tuple[str, str, Any]]:
    """(app_label, model_name, ModelAdmin) for every model in the admin site."""
    return sorted(
        (model._meta.app_label, model._meta.model_name or "", model_admin)
        for model, model_admin in admin.site._registry.items()
    )


def outcome_of(response: Any) -> Outcome:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if location.startswith("/login/"):
            return LOGIN
    return int(response.status_code)


def request_as(client: Client, row: Row, world: dict[str, Any], api: bool) -> Outcome:
    """One request, its writes rolled back, so every persona meets the same world."""
    path = row.path(world)
    with transaction.atomic():
        if row.method == "GET":
            response = client.get(path)
        elif api:
            body = json.dumps(row.body(world))
            response = client.generic(row.method, path, body, content_type="application/json")
        else:
            form = urlencode(row.body(world))
            response = client.generic(
                row.method, path, form, content_type="application/x-www-form-urlencoded"
            )
        transaction.set_rollback(True)
    return outcome_of(response)


def signed_in(user: User | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client
