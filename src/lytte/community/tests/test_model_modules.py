"""The community's models stand in several modules (the forum's own in `models.py`, the
moderators' flags and word filters in `moderation_models.py`, following, images and search in
their packages), each under the project's ~400 lines, and every one of them can still be
imported from `lytte.community.models`, where the migrations and the other apps name them."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps

from lytte.community import models as community_models

COMMUNITY = Path(__file__).resolve().parents[1]


def test_every_community_model_is_importable_from_lytte_community_models() -> None:
    found = list(apps.get_app_config("community").get_models())
    assert {"Flag", "WordFilter", "Post"} <= {m.__name__ for m in found}
    missing = {m.__name__ for m in found if getattr(community_models, m.__name__, None) is not m}
    assert missing == set()
    assert community_models.FlagReason.SPAM == "spam"  # the choices the forms and views name


def test_no_module_of_the_community_models_is_over_400_lines() -> None:
    modules = [
        COMMUNITY / "models.py",
        *COMMUNITY.glob("*_models.py"),
        *COMMUNITY.glob("*/models.py"),
    ]
    assert len(modules) >= 4  # the walk found them
    long = {p.name: n for p in modules if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}
