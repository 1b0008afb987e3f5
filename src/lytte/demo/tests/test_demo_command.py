"""`lytte demo`: loads once when asked to, prints logins that work, refuses nonsense clearly."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError

from lytte.accounts.models import User
from lytte.accounts.roles import Role, role_of
from lytte.cases.models import Case
from lytte.customers.models import Customer
from lytte.customers.services import create_customer
from lytte.demo.tests.conftest import run_demo
from lytte.platform.tests.live_server import LYTTE


def _printed_logins(output: str) -> dict[str, str]:
    """username -> password, from the table that ends the output."""
    table = output.split("Demo logins", 1)[1].splitlines()[1:]
    return {line.split()[0]: line.split()[1] for line in table if line.strip()}


def test_the_demo_logins_work_with_the_printed_passwords_and_have_their_roles(demo: str) -> None:
    logins = _printed_logins(demo)
    assert set(logins) == {"admin", "supervisor", "agent"}
    roles = {"admin": Role.ADMIN, "supervisor": Role.SUPERVISOR, "agent": Role.AGENT}
    for username, password in logins.items():
        user = authenticate(username=username, password=password)
        assert user is not None, username
        assert role_of(user) == roles[username]
        assert user.teams.exists()
    assert authenticate(username="admin", password="admin") is None


def test_the_output_ends_with_the_logins_and_where_they_are_kept(demo: str, data_dir: Path) -> None:
    lines = demo.strip().splitlines()
    assert lines[-4] == f"Demo logins (also in {data_dir / 'demo-logins.txt'}):"
    assert [line.split()[-1] for line in lines[-3:]] == ["Administrator", "Supervisor", "Agent"]
    assert "Loaded" in demo
    assert "120 cases" in demo
    assert "40 customers" in demo


def test_the_logins_file_is_readable_by_its_owner_only(demo: str, data_dir: Path) -> None:
    path = data_dir / "demo-logins.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for username, password in _printed_logins(demo).items():
        assert f"{username}\t" in path.read_text()
        assert password in path.read_text()


def test_the_demo_adds_more_agents_with_nordic_names(demo: str) -> None:
    agents = User.objects.filter(groups__name=Role.AGENT)
    assert agents.count() >= 8
    assert agents.filter(last_name__in=["Kjær", "Sjöberg", "Virtanen"]).count() == 3


def test_once_loads_the_demo_only_once_and_prints_the_same_logins(db: None, data_dir: Path) -> None:
    first = run_demo("--once", "--customers", "20", "--cases", "30", "--seed", "1")
    second = run_demo("--once", "--customers", "20", "--cases", "30", "--seed", "1")
    assert "Loaded" in first
    assert "Loaded" not in second
    assert "already loaded" in second
    assert Customer.objects.count() == 20
    assert Case.objects.count() == 30
    assert _printed_logins(first) == _printed_logins(second)


def test_once_leaves_a_database_with_customers_alone(db: None, data_dir: Path) -> None:
    create_customer(name="Kari Nordmann", phones=["912 34 567"])
    output = run_demo("--once")
    assert "already loaded" in output
    assert Customer.objects.count() == 1
    assert "There are no demo logins." in output


def test_running_again_adds_more_data_and_keeps_the_logins(demo: str) -> None:
    again = run_demo("--customers", "10", "--cases", "20", "--seed", "5")
    assert Customer.objects.count() == 50
    assert Case.objects.count() == 140
    assert _printed_logins(again) == _printed_logins(demo)


def test_a_lost_logins_file_leaves_the_passwords_unknown(demo: str, data_dir: Path) -> None:
    (data_dir / "demo-logins.txt").unlink()
    output = run_demo("--once")
    assert "password not set by the demo" in output
    assert "also in" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--customers", "-1"], "number of customers cannot be negative"),
        (["--cases", "-5"], "number of cases cannot be negative"),
        (["--customers", "0", "--cases", "10"], "Cases need customers"),
        (["--once", "--customers", "-3"], "number of customers cannot be negative"),
    ],
)
def test_bad_sizes_are_refused_with_a_clear_sentence(
    db: None, data_dir: Path, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        run_demo(*args)
    assert not User.objects.exists()
    assert not Customer.objects.exists()


@pytest.mark.slow  # starts a `lytte` process
def test_bad_sizes_exit_with_status_1_and_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "LYTTE_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [LYTTE, "demo", "--customers", "0", "--cases", "10"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Cases need customers" in result.stderr
    assert "Traceback" not in result.stderr
