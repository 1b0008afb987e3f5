"""Pages over HTTP: a real `lytte serve` on the demo data, timed from outside, as users feel it.

    LYTTE_DATA_DIR=/tmp/lytte-bench .venv/bin/python bench/pages.py

It starts one `lytte serve` process on LYTTE_DATA_DIR (and LYTTE_DATABASE_URL, LYTTE_REDIS_URL
when set), signs in through the login form (with its CSRF token) as the demo agent and
supervisor, warms up, then times each page: from sending the request to the answer's last byte,
on a kept-alive connection as a browser has. The SQL queries per request are counted in this
process, through django.test.Client on the same paths (the server is not changed for it). The
cases and search terms are bench/desk.py's, so the two benchmarks compare. It prints figures;
it is not a test. It writes only sign-ins (sessions, last_login).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from itertools import cycle, islice
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
# Each page's paths, the first that is not a 404 wins: paths are moving to a trailing slash.
PATHS = {
    "login": ("/login/", "/login"),
    "logout": ("/logout/", "/logout"),
    "desk": ("/desk/",),
    "search": ("/desk/search/", "/desk/search"),
    "case": ("/desk/cases/{number}/", "/desk/cases/{number}"),
    "dashboard": ("/insights/",),
}
HTMX = (("HX-Request", "true"),)


@dataclass(frozen=True)
class Page:
    """One row: requests to one or more paths (cycled) as one user, with a p95 target."""

    label: str
    username: str
    paths: tuple[str, ...]
    target_ms: float
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Timing:
    page: Page
    times_ms: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)
    sizes: list[int] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    server_cpu_ms: float = 0.0  # the server process's CPU time per timed request

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)


def percentile(values: list[float], pct: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


class Browser:
    """One signed-in user: a kept-alive connection and the cookies the server set."""

    def __init__(self, port: int) -> None:
        import http.client

        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, str]:
        """Status, body and Location of one request."""
        import http.client
        from http.cookies import SimpleCookie

        sent = {"Host": "localhost", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.connection.request(method, path, body, sent)
            response = self.connection.getresponse()
        except (ConnectionError, http.client.RemoteDisconnected):
            # The server closes a connection idle for 5 s (uvicorn); a browser opens a new one.
            self.connection.close()
            self.connection.request(method, path, body, sent)
            response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, data, response.headers.get("Location", "")

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        status, data, _location = self.request("GET", path, headers=headers)
        return status, data

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _data, location = self.request("POST", path, urlencode(fields), headers)
        return status, location


def first_found(browser: Browser, candidates: tuple[str, ...]) -> str:
    """The first of `candidates` the server answers with anything but a 404."""
    for path in candidates:
        status, _body = browser.get(path)
        if status != 404:
            return path
    sys.exit(f"None of {candidates} exists on this server.")


def sign_in(port: int, username: str, password: str) -> Browser:
    """Through the login form, as a person does: GET it (CSRF cookie and token), POST it."""
    browser = Browser(port)
    login = first_found(browser, PATHS["login"])
    status, location = browser.post_form(login, {"username": username, "password": password})
    if status != 302 or "sessionid" not in browser.cookies:
        sys.exit(f"Signing in as {username} at {login} failed ({status} → {location!r}).")
    return browser


def main() -> None:
    # bench/ last on the path: bench/desk.py (its search terms) is found there, and nothing in
    # bench/ can stand in for a module of the standard library or of Django.
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
    options = _arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
    import django

    django.setup()
    from desk import _demo_users

    users = _demo_users(options.min_cases)
    passwords = _demo_passwords()
    samples = _samples()
    _print_setting()
    from django.conf import settings
    from screen_pop import _serving

    with _serving(Path(settings.DATA_DIR), "httpbench-serve.log") as (port, pid):
        browsers = {name: sign_in(port, name, passwords[name]) for name in ("agent", "supervisor")}
        pages = [p for p in _pages(browsers["agent"], samples) if options.only in p.label]
        load_before = os.getloadavg()
        timings = [_time(page, browsers[page.username], pid, options) for page in pages]
        load_after = os.getloadavg()
        for browser in browsers.values():
            browser.post_form(first_found(browser, PATHS["logout"]), {})
    for timing in timings:
        timing.queries = _count_queries(timing.page, users[timing.page.username])
    _print_table(timings)
    print(f"\nLoad average (1, 5, 15 min) before: {_load(load_before)}; after: {_load(load_after)}")
    missed = [t.page.label for t in timings if t.p95 > t.page.target_ms]
    print(f"p95 over target (bold): {', '.join(missed) if missed else 'none'}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-cases", type=int, default=300_000, help="refuse below this")
    parser.add_argument("--repeat", type=int, default=100, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page first")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="stop a page after this")
    parser.add_argument("--only", default="", help="run only pages whose label contains this")
    return parser.parse_args()


def _demo_passwords() -> dict[str, str]:
    from django.conf import settings

    path = Path(settings.DATA_DIR) / "demo-logins.txt"
    if not path.exists():
        sys.exit(f"{path} is missing: the demo logins' passwords are written there when loading.")
    rows = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())
    return {row[0]: row[2] for row in rows if len(row) == 3}


@dataclass(frozen=True)
class Samples:
    """What the pages ask for, picked from the data as bench/desk.py picks them."""

    word: str
    name: str
    workspaces: list[tuple[str, list[int]]]  # (contacts of the customers, case numbers)


def _samples() -> Samples:
    from desk import NAMES, _subject_terms, _workspace_samples

    return Samples(
        word=dict(_subject_terms()).get("subject words", "faktura").split()[0],
        name=NAMES[0],
        workspaces=[
            (span, [int(n) for n in re.findall(r"/cases/(\d+)/", " ".join(paths))])
            for span, paths in _workspace_samples()
        ],
    )


def _pages(browser: Browser, samples: Samples) -> list[Page]:
    """The pages to time, with their paths as this server spells them (see PATHS)."""
    word, name, workspaces = samples.word, samples.name, samples.workspaces
    search = first_found(browser, PATHS["search"]) + "?"
    case = _case_path(browser, workspaces[0][1][0])
    pages = [
        Page("agent queue (my cases)", "agent", ("/desk/",), 50),
        Page("agent queue (my teams' cases)", "agent", ("/desk/?queue=team",), 50),
        Page(f"search subject word «{word}»", "agent", (search + _q(word),), 30, HTMX),
        Page(f"search customer name «{name}»", "agent", (search + _q(name),), 30, HTMX),
        Page("search, no match «zebrafinch»", "agent", (search + _q("zebrafinch"),), 30, HTMX),
        Page(f"search page (Enter) «{word}»", "agent", (search + _q(word),), 30),
    ]
    pages += [
        Page(
            f"case workspace, customer of {span} contacts",
            "agent",
            tuple(case.format(number=n) for n in numbers),
            30,
        )
        for span, numbers in workspaces
    ]
    return [*pages, Page("director dashboard", "supervisor", ("/insights/",), 150)]


def _q(text: str) -> str:
    return urlencode({"q": text})


def _case_path(browser: Browser, number: int) -> str:
    """How this server spells a case's path: the first of PATHS["case"] that finds `number`."""
    for template in PATHS["case"]:
        if browser.get(template.format(number=number))[0] != 404:
            return template
    sys.exit(f"Case #{number} is not found at any of {PATHS['case']}.")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of process `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _time(page: Page, browser: Browser, pid: int, options: argparse.Namespace) -> Timing:
    """Warm up, then time up to --repeat requests, cycling through the page's paths."""
    headers = dict(page.headers)
    timing = Timing(page)
    for path in islice(cycle(page.paths), options.warmup):
        timing.statuses.add(browser.get(path, headers)[0])
    gc.collect()
    deadline = time.perf_counter() + options.max_seconds
    cpu_before = _cpu_seconds(pid)
    for path in islice(cycle(page.paths), options.repeat):
        started = time.perf_counter()
        status, body = browser.get(path, headers)
        timing.times_ms.append((time.perf_counter() - started) * 1000)
        timing.statuses.add(status)
        timing.sizes.append(len(body))
        if time.perf_counter() > deadline:
            break
    timing.server_cpu_ms = (_cpu_seconds(pid) - cpu_before) * 1000 / len(timing.times_ms)
    print(f"  {page.label}: {len(timing.times_ms)} requests", file=sys.stderr)
    return timing


def _count_queries(page: Page, user: Any) -> list[int]:
    """SQL queries of one request to each of the page's paths, through the test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    counts = []
    for path in page.paths:
        client.get(path, headers=dict(page.headers))
        with CaptureQueriesContext(connection) as captured:
            client.get(path, headers=dict(page.headers))
        counts.append(len(captured))
    client.logout()
    return counts


def _print_setting() -> None:
    from desk import _database
    from django.conf import settings

    from lytte.cases.models import Case, Contact
    from lytte.customers.models import Customer

    print(f"Database: {_database()}; Redis: {settings.REDIS_URL or 'no (in-memory layer)'}")
    print(
        f"Data: {Customer.objects.count():,} customers, {Case.objects.count():,} cases, "
        f"{Contact.objects.count():,} contacts; {os.cpu_count()} CPUs\n"
    )


def _load(averages: tuple[float, float, float]) -> str:
    return ", ".join(f"{a:.2f}" for a in averages)


def _print_table(timings: list[Timing]) -> None:
    """A Markdown table, to paste into docs/benchmarks.md as it is."""
    print("| page | n | median ms | p95 ms | target p95 | server CPU ms | queries | KB | status |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for t in timings:
        queries = "-".join(str(q) for q in sorted({min(t.queries), max(t.queries)}))
        p95 = f"**{t.p95:.1f}**" if t.p95 > t.page.target_ms else f"{t.p95:.1f}"
        print(
            f"| {t.page.label} | {len(t.times_ms)} | {statistics.median(t.times_ms):.1f} | {p95} "
            f"| < {t.page.target_ms:.0f} | {t.server_cpu_ms:.1f} | {queries} "
            f"| {statistics.median(t.sizes) / 1024:.0f} "
            f"| {','.join(str(s) for s in sorted(t.statuses))} |"
        )
    print(f"\nPython {platform.python_version()}; paths (first three of each row):")
    for t in timings:
        print(f"  {t.page.label}: {' '.join(t.page.paths[:3])}")


if __name__ == "__main__":
    main()
