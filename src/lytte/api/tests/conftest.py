"""API clients for the personas in lytte/conftest.py: each one authenticates with a personal
token, the way integrations and scripts call the API."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lytte.accounts.models import User
from lytte.accounts.services import create_api_token


class ApiClient(Client):
    """A test client that sends and reads JSON."""

    def send(self, method: str, path: str, data: Any = None, **extra: Any) -> Any:
        body = data if isinstance(data, str) else json.dumps(data)
        call = getattr(self, method)
        return call(f"/api/v1/{path}", body, content_type="application/json", **extra)

    def read(self, path: str, **params: Any) -> Any:
        return self.get(f"/api/v1/{path}", params)


@pytest.fixture
def client_for(db: None) -> Callable[[User], ApiClient]:
    def make(user: User) -> ApiClient:
        _token, plaintext = create_api_token(user=user, name="tests")
        return ApiClient(HTTP_AUTHORIZATION=f"Bearer {plaintext}")

    return make


@pytest.fixture
def as_agent(client_for: Callable[[User], ApiClient], agent: User) -> ApiClient:
    return client_for(agent)


@pytest.fixture
def as_supervisor(client_for: Callable[[User], ApiClient], supervisor: User) -> ApiClient:
    return client_for(supervisor)


@pytest.fixture
def as_admin(client_for: Callable[[User], ApiClient], admin_user: User) -> ApiClient:
    return client_for(admin_user)
