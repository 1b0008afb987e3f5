"""The worker's job registry: each app's work is registered, can be switched off by name, and
a stopping worker stops its jobs and says it left."""

from __future__ import annotations

import pytest
from django.test import override_settings

from lytte.platform.jobs import registered, start_worker_threads
from lytte.platform.management.commands.worker import Command as WorkerCommand
from lytte.platform.models import WorkerHeartbeat


def test_every_apps_work_is_registered_and_lytte_worker_can_switch_each_off() -> None:
    assert {spec.name for spec in registered()} == {
        "chat",
        "community",
        "insights",
        "mail",
        "notices",
        "phone",
        "retention",
        "sla",
        "surveys",
    }
    parser = WorkerCommand().create_parser("lytte", "worker")

    assert parser.parse_args([]).skip_jobs is None
    assert parser.parse_args(["--no-mail"]).skip_jobs == ["mail"]
    assert parser.parse_args(["--no-mail", "--no-retention"]).skip_jobs == ["mail", "retention"]


@pytest.mark.django_db
@override_settings(WORKER_SKIP=["phone"])
def test_a_worker_runs_the_jobs_not_switched_off_and_stops_them_when_it_stops() -> None:
    threads = start_worker_threads("test-worker", skip=["mail"])
    try:
        assert sorted(job.name for job in threads.jobs) == [
            "chat",
            "community",
            "insights",
            "notices",
            "retention",
            "sla",
            "surveys",
        ]
        assert all(job.is_alive() for job in [threads.heartbeat, *threads.jobs])
        assert WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()
    finally:
        threads.stop()

    assert not any(job.is_alive() for job in [threads.heartbeat, *threads.jobs])
    assert not WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()
