# ruff: noqa: S101, S105, S603, S607 -- a benchmark: it runs our console script and sqlite3,
# signs in with the demo password and asserts its own steps.
"""How a flood of wrong passwords is felt by everyone else, over HTTP against a real `lytte serve`.

    .venv/bin/python bench/sign_in_flood.py [--seconds 20] [--threads 16]

It migrates a fresh data folder (SQLite), creates one agent with the real password hasher,
then for each scenario starts a `lytte serve` and, while `--threads` threads post wrong
passwords as fast as the server answers, times from one more thread (one request at a time)
GET /healthz and GET /login/, and the agent's own sign-in. Scenarios:

- one address: every wrong password for "ingrid", from 127.0.0.1;
- many addresses: a new name and a new X-Forwarded-For address for every attempt (the server
  trusts that header for this), so no count ever reaches a limit: only the bound on password
  checks at once stands between the flood and the CPU.

"Before" is the same code with the limits turned off by settings (limits of 10^9 failures and
64 password checks at once), which answers as the code before decision 0022 did. It prints
figures; it is not a test.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

LYTTE = str(Path(sys.executable).with_name("lytte"))
PASSWORD = "correct horse battery staple"
OFF = {
    "LYTTE_SIGN_IN_ACCOUNT_FAILURES": "1000000000",
    "LYTTE_SIGN_IN_ADDRESS_FAILURES": "1000000000",
    "LYTTE_SIGN_IN_CONCURRENT_CHECKS": "64",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "LYTTE_DATA_DIR": str(data_dir), "LYTTE_LOG_LEVEL": "ERROR"}
    env.pop("LYTTE_DATABASE_URL", None)
    subprocess.run([LYTTE, "migrate", "-v", "0"], env=env, check=True)
    script = (
        "from lytte.accounts.services import create_staff_user; "
        "from lytte.accounts.roles import Role; "
        f"create_staff_user(username='ingrid', password={PASSWORD!r}, role=Role.AGENT, "
        "first_name='Ingrid', last_name='Bråten', teams=[])"
    )
    subprocess.run([LYTTE, "shell", "-c", script], env=env, check=True)
    return env


class Session:
    """A kept-alive connection with the CSRF cookie and token of the login form."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.cookies: dict[str, str] = {}
        page = self.request("GET", "/login/")[1]
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, "no CSRF token on /login/"
        self.token = found.group(1).decode()

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
        except (ConnectionError, http.client.RemoteDisconnected):
            # The server closed a connection left idle past its keep-alive: open another.
            self.connection.close()
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, data

    def sign_in(self, username: str, password: str, address: str = "") -> int:
        body = urlencode(
            {"csrfmiddlewaretoken": self.token, "username": username, "password": password}
        )
        headers = {"X-Forwarded-For": address} if address else {}
        return self.request("POST", "/login/", body, headers)[0]


def _flood(port: int, many: bool, stop: threading.Event, answers: Counter[int], n: int) -> None:
    session = Session(port)
    attempt = 0
    while not stop.is_set():
        attempt += 1
        if many:
            status = session.sign_in(
                f"x{n}-{attempt}", "wrong", f"10.{n}.{attempt // 250 % 250}.{attempt % 250}"
            )
        else:
            status = session.sign_in("ingrid", "wrong")
        answers[status] += 1


def _timed(session: Session, method: str, path: str) -> float:
    start = time.perf_counter()
    status, _body = session.request(method, path)
    assert status == 200, (path, status)
    return (time.perf_counter() - start) * 1000


def _known_browser(port: int, device: str) -> Session:
    """A fresh session (signed out) in the browser the agent signed in with before the flood."""
    own = Session(port)
    own.cookies["lytte_device"] = device
    return own


def _sign_ins(port: int, device: str, stop: threading.Event, times: list[float]) -> None:
    """The agent signs in (in the browser she used before) every 2 s; -status when refused."""
    while not stop.wait(2):
        own = _known_browser(port, device)
        start = time.perf_counter()
        status = own.sign_in("ingrid", PASSWORD)
        times.append((time.perf_counter() - start) * 1000 if status == 302 else -status)


def _probe(port: int, seconds: float, device: str) -> dict[str, list[float]]:
    """GET /healthz and /login/ one at a time, while the agent signs in beside them."""
    session = Session(port)
    times: dict[str, list[float]] = {"/healthz": [], "/login/": [], "sign-in": []}
    stop = threading.Event()
    signing_in = threading.Thread(target=_sign_ins, args=(port, device, stop, times["sign-in"]))
    signing_in.start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        times["/healthz"].append(_timed(session, "GET", "/healthz"))
        times["/login/"].append(_timed(session, "GET", "/login/"))
        time.sleep(0.05)
    stop.set()
    signing_in.join()
    return times


def _scenario(env: dict[str, str], name: str, *, many: bool, threads: int, seconds: float) -> None:
    port = _free_port()
    log = Path(env["LYTTE_DATA_DIR"]) / f"serve-{port}.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [LYTTE, "serve", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        subprocess.run(  # every scenario starts with no counts
            ["sqlite3", str(Path(env["LYTTE_DATA_DIR"]) / "lytte.sqlite3")],
            input="DELETE FROM accounts_signinthrottle;",
            text=True,
            check=True,
        )
        before = Session(port)
        assert before.sign_in("ingrid", PASSWORD) == 302
        device = before.cookies.get("lytte_device", "")
        stop, answers = threading.Event(), Counter[int]()
        flooders = (
            [
                threading.Thread(target=_flood, args=(port, many, stop, answers, n))
                for n in range(threads)
            ]
            if threads
            else []
        )
        for flooder in flooders:
            flooder.start()
        time.sleep(2 if threads else 0)  # let the flood reach its pace
        try:
            times = _probe(port, seconds, device)
        finally:
            stop.set()
        for flooder in flooders:
            flooder.join()
        _report(name, times, answers, seconds + (2 if threads else 0))
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def _p(values: list[float], pct: int) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[pct - 1]
        if len(values) > 1
        else values[0]
    )


def _report(
    name: str, times: dict[str, list[float]], answers: Counter[int], seconds: float
) -> None:
    print(f"\n## {name}")
    flood = ", ".join(f"{status}: {count}" for status, count in sorted(answers.items()))
    if answers:
        print(f"flood answers: {flood} ({sum(answers.values()) / seconds:.0f}/s)")
    for what, values in times.items():
        failed = [v for v in values if v < 0]
        ok = [v for v in values if v >= 0]
        if ok:
            figures = f"median {statistics.median(ok):8.1f} ms  p95 {_p(ok, 95):8.1f} ms"
            refused = f"  refused: {Counter(-int(v) for v in failed)}" if failed else ""
            print(f"{what:9} n={len(ok):4}  {figures}  max {max(ok):8.1f} ms{refused}")
        elif failed:
            print(f"{what:9} all refused: {Counter(-int(v) for v in failed)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--data-dir", help="keep the data folder (and serve-*.log) here")
    args = parser.parse_args()
    machine = f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}"
    print(f"{machine}, load {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="lytte-flood-") as temporary:
        folder = args.data_dir or temporary
        env = _prepare(Path(folder))
        proxied = {**env, "LYTTE_TRUSTED_PROXY_HEADER": "X-Forwarded-For"}
        _scenario(env, "quiet (no flood)", many=False, threads=0, seconds=args.seconds)
        for label, settings in (("before (limits off)", OFF), ("after", {})):
            _scenario(
                {**env, **settings},
                f"one address, {label}",
                many=False,
                threads=args.threads,
                seconds=args.seconds,
            )
            _scenario(
                {**proxied, **settings},
                f"many addresses, {label}",
                many=True,
                threads=args.threads,
                seconds=args.seconds,
            )
    print(f"\nload afterwards {os.getloadavg()}")


if __name__ == "__main__":
    main()
