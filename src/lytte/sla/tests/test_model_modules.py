"""The SLA's models stand in several modules (calendars, policies and clocks, rollups), each
under the project's ~400 lines, and every one of them can still be imported from
`lytte.sla.models`, where the migrations and the other apps name them."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps

from lytte.sla import models as sla_models

SLA = Path(__file__).resolve().parents[1]


def test_every_sla_model_is_importable_from_lytte_sla_models() -> None:
    found = list(apps.get_app_config("sla").get_models())
    assert len(found) > 10
    missing = {m.__name__ for m in found if getattr(sla_models, m.__name__, None) is not m}
    assert missing == set()
    # The migrations' validator path, and the calendar arithmetic other modules import.
    assert sla_models.validate_time_zone.__name__ == "validate_time_zone"
    assert sla_models.minutes.__name__ == "minutes"


def test_no_module_of_the_sla_models_is_over_400_lines() -> None:
    modules = [SLA / "models.py", *SLA.glob("*_models.py")]
    assert len(modules) >= 2  # the walk found them
    long = {p.name: n for p in modules if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}
