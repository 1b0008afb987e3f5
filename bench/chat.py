"""Live chat at scale: N customers' WebSockets, each sending a message every few seconds, against
one or more real `lytte serve` processes.

    LYTTE_DATA_DIR=/tmp/lytte-chatbench .venv/bin/lytte migrate
    LYTTE_DATA_DIR=/tmp/lytte-chatbench .venv/bin/python bench/chat.py --connections 1000

    # (b) two processes, PostgreSQL and Redis:
    LYTTE_DATABASE_URL=postgres://... LYTTE_REDIS_URL=redis://... LYTTE_DATA_DIR=... \\
        .venv/bin/python bench/chat.py --connections 1000 --servers 2

It starts the chats through the services in this process (one agent accepts them all: the
bench raises her capacity), starts the servers, connects every customer's socket (spread over
the servers, from `--client-processes` forked processes, so that no client process holds so many
sockets that its own pauses are what it measures) and, for `--seconds`, has each customer send a
message every `--interval` seconds (with jitter) while this process, as the agent, posts a reply
to a random chat `--agent-rate` times a second. It reports, as p50/p95/p99 in ms:

- ack: from the customer's send to the server's ack (stored, then acknowledged);
- customer -> group: from the send to the customer's own message coming back through the
  conversation's group: the path (commit, event, channel layer, a socket) by which an agent's
  desk hears it, on whichever process;
- agent -> customer: from the agent's post in this process to the customer's socket (through
  Redis; not measurable without it: the in-memory layer is the server's own);

and messages per second, refused messages, and the servers' memory per connection (RSS after
connecting less before, over N). It prints figures; it is not a test.
"""

# ruff: noqa: S311 -- jitter and picking chats are not secrets
from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from multiprocessing.connection import Connection
from pathlib import Path

LYTTE = str(Path(sys.executable).with_name("lytte"))


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
    import django

    django.setup()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _start_chats(count: int) -> tuple[list[str], list[int]]:
    """`count` chats, accepted by one agent; their tokens and ids."""
    from django.utils import timezone

    from lytte.accounts.models import User
    from lytte.accounts.roles import Role
    from lytte.accounts.services import create_staff_user
    from lytte.chat import services
    from lytte.chat.models import ChatAgent, ChatWidget

    agent = User.objects.filter(username="chatbench").first() or create_staff_user(
        username="chatbench", password=uuid.uuid4().hex, role=Role.AGENT, first_name="Ingrid"
    )
    ChatAgent.objects.update_or_create(
        user=agent, defaults={"available": True, "capacity": 30000, "last_seen": timezone.now()}
    )
    widget = ChatWidget.objects.create(name=f"bench {uuid.uuid4().hex[:6]}", max_queue=1_000_000)
    tokens, ids = [], []
    for i in range(count):
        if i % 50 == 0:  # she stays online while a thousand chats are started
            ChatAgent.objects.filter(user=agent).update(last_seen=timezone.now())
        started = services.start_conversation(
            widget,
            client_id=uuid.uuid4().hex,
            message=f"Hei, kunde {i}",
            identity=lambda: services.Identity(),
        )
        services.accept(started.conversation, agent)
        tokens.append(started.token)
        ids.append(started.conversation.pk)
    return tokens, ids


def _serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 -- our own console script
            [LYTTE, "serve", "--port", str(port)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"ws://127.0.0.1:{port}"
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"lytte serve did not start: {log.read_text()}") from None
            time.sleep(0.2)


class Figures:
    def __init__(self) -> None:
        self.ack: list[float] = []
        self.echo: list[float] = []
        self.echo_at: list[tuple[float, float]] = []  # (sent at, ms): the timeline
        self.lag: list[tuple[float, float]] = []  # (at, ms) the client's loop woke up late
        self.ack_at: list[tuple[float, float]] = []  # (sent at, ms)
        self.connected_at = 0.0  # when this client's last socket was connected
        self.agent: list[float] = []
        self.sent = 0
        self.errors: dict[str, int] = {}
        self.disconnects = 0


async def _customer(
    url: str, token: str, figures: Figures, interval: float, until: float, ready: asyncio.Event
) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    pending: dict[str, float] = {}
    async with connect(f"{url}/ws/chat/?token={token}&after=0", open_timeout=60) as ws:
        ready.set()

        async def listen() -> None:
            try:
                await hear()
            except ConnectionClosed:
                figures.disconnects += 1

        async def hear() -> None:
            async for raw in ws:
                now = time.time()
                data = json.loads(raw)
                if data["type"] == "ack" and data["client_id"] in pending:
                    sent_at = pending[data["client_id"]]
                    figures.ack.append((now - sent_at) * 1000)
                    figures.ack_at.append((sent_at, (now - sent_at) * 1000))
                elif data["type"] == "message":
                    message = data["message"]
                    sent = pending.pop(message.get("client_id") or "", None)
                    if sent is not None:
                        figures.echo.append((now - sent) * 1000)
                        figures.echo_at.append((sent, (now - sent) * 1000))
                    elif message["sender"] == "agent" and message["body"].startswith("t="):
                        figures.agent.append((now - float(message["body"][2:])) * 1000)
                elif data["type"] == "error":
                    figures.errors[data["code"]] = figures.errors.get(data["code"], 0) + 1

        listener = asyncio.create_task(listen())
        await asyncio.sleep(random.uniform(0, interval))
        while time.time() < until and not listener.done():
            client_id = uuid.uuid4().hex
            pending[client_id] = time.time()
            try:
                await ws.send(
                    json.dumps({"type": "message", "client_id": client_id, "body": "Hei"})
                )
            except ConnectionClosed:
                break
            figures.sent += 1
            await asyncio.sleep(interval * random.uniform(0.8, 1.2))
        await asyncio.sleep(2)  # the last answers
        listener.cancel()


def _agent(ids: list[int], rate: float, until: float) -> int:
    """Post replies as the agent from this process (they reach sockets through Redis)."""
    from lytte.accounts.models import User
    from lytte.chat import services
    from lytte.chat.models import Conversation

    agent = User.objects.get(username="chatbench")
    posted = 0
    while time.time() < until and rate > 0:
        chat = Conversation.objects.get(pk=random.choice(ids))
        services.post_agent_message(chat, agent, body=f"t={time.time()}")
        posted += 1
        time.sleep(1 / rate)
    return posted


class Sampler:
    """Each second: the servers' CPU (share of one core each) and the machine's busy share,
    from /proc, for the timeline."""

    def __init__(self, pids: list[int]) -> None:
        import threading

        self.pids = pids
        self.rows: list[tuple[float, list[float], float]] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    @staticmethod
    def _ticks(pid: int) -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    @staticmethod
    def _machine() -> tuple[int, int]:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(values), values[3] + values[4]  # all, idle + iowait

    def _run(self) -> None:
        hz = os.sysconf("SC_CLK_TCK")
        last = [self._ticks(pid) for pid in self.pids]
        total, idle = self._machine()
        while not self.stopped.wait(1.0):
            try:
                now = [self._ticks(pid) for pid in self.pids]
            except OSError:
                return
            all_, idle_ = self._machine()
            busy = 1 - (idle_ - idle) / max(all_ - total, 1)
            shares = [(b - a) / hz for a, b in zip(last, now, strict=True)]
            self.rows.append((time.time(), shares, busy))
            last, total, idle = now, all_, idle_

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()


def _timeline(figures: Figures, sampler: Sampler) -> None:
    """Per second of the run: deliveries sent in it (customer -> group), their p95 and
    slowest, the clients' longest loop lag, the servers' CPU and the machine's busy share."""
    if not figures.echo_at:
        return
    start = int(min(at for at, _ms in figures.echo_at))
    seconds: dict[int, list[float]] = {}
    for at, ms in figures.echo_at:
        seconds.setdefault(int(at) - start, []).append(ms)
    lags: dict[int, float] = {}
    for at, ms in figures.lag:
        key = int(at) - start
        lags[key] = max(lags.get(key, 0.0), ms)
    cpu = {int(at) - start - 1: (servers, busy) for at, servers, busy in sampler.rows}
    print("\ns   sent    p95    max  client lag  servers' CPU  machine busy")
    for second in sorted(seconds):
        values = sorted(seconds[second])
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        servers, busy = cpu.get(second, ([], 0.0))
        shares = " ".join(f"{share:.2f}" for share in servers)
        print(
            f"{second:3d} {len(values):5d} {p95:6.0f} {values[-1]:6.0f} "
            f"{lags.get(second, 0.0):10.0f}  {shares:>12}  {busy:11.0%}"
        )


def _pcts(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    q = statistics.quantiles(values, n=100)
    return f"{statistics.median(values):7.1f} {q[94]:7.1f} {q[98]:7.1f}   (n={len(values)})"


async def _customers(
    targets: list[tuple[str, str]], figures: Figures, interval: float, seconds: float
) -> None:
    until = time.time() + seconds + 30  # every socket is connected well before the sends end
    lag = asyncio.create_task(_loop_lag(figures, until))
    readies = [asyncio.Event() for _ in targets]
    tasks = []
    for i, (url, token) in enumerate(targets):
        tasks.append(
            asyncio.create_task(_customer(url, token, figures, interval, until, readies[i]))
        )
        # A socket that could not connect is counted (sockets lost), not waited for.
        tasks[-1].add_done_callback(lambda _task, ready=readies[i]: ready.set())
        if i % 25 == 24:
            await asyncio.sleep(0.2)  # do not open hundreds of handshakes in one go
    await asyncio.gather(*(ready.wait() for ready in readies))
    figures.connected_at = time.time()
    print(f"{len(targets)} sockets connected", flush=True)
    for result in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(result, Exception):
            figures.disconnects += 1  # could not connect, or closed at the end
    lag.cancel()


async def _loop_lag(figures: Figures, until: float, tick: float = 0.01) -> None:
    """How late this client's event loop wakes from a 10 ms sleep: a stall of the client itself
    (its own pauses count in every delivery it measures) shows here, a server's does not."""
    while time.time() < until:
        before = time.perf_counter()
        await asyncio.sleep(tick)
        late = (time.perf_counter() - before - tick) * 1000
        if late > 20:
            figures.lag.append((time.time(), late))


def _customer_process(
    targets: list[tuple[str, str]], interval: float, seconds: float, results: Connection
) -> None:
    """One client process's share of the customers' sockets; its figures and its own
    collections' pauses go back to the parent."""
    pauses = _time_collections()
    figures = Figures()
    asyncio.run(_customers(targets, figures, interval, seconds))
    results.send((figures, pauses))
    results.close()


def _time_collections() -> list[float]:
    """The client's garbage-collection pauses, in ms, from now on."""
    pauses: list[float] = []
    began = [0.0]

    def timed(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        else:
            pauses.append((time.perf_counter() - began[0]) * 1000)

    gc.callbacks.append(timed)
    return pauses


def _merge(parts: list[tuple[Figures, list[float]]]) -> tuple[Figures, list[float]]:
    figures, pauses = Figures(), []
    for part, part_pauses in parts:
        figures.ack += part.ack
        figures.echo += part.echo
        figures.echo_at += part.echo_at
        figures.lag += part.lag
        figures.ack_at += part.ack_at
        figures.connected_at = max(figures.connected_at, part.connected_at)
        figures.agent += part.agent
        figures.sent += part.sent
        figures.disconnects += part.disconnects
        for code, count in part.errors.items():
            figures.errors[code] = figures.errors.get(code, 0) + count
        pauses += part_pauses
    return figures, pauses


def _run_clients(
    targets: list[tuple[str, str]], ids: list[int], args: argparse.Namespace
) -> tuple[Figures, list[float], int, float]:
    """The customers' sockets in `--client-processes` forked processes (one Python process
    holding a thousand sockets stalls them all at once), the agent in this one; returns the
    merged figures, the clients' collection pauses, the agent's posts and the seconds taken."""
    from django.db import connection

    connection.close()  # a forked child must not share this process's database connection
    fork = multiprocessing.get_context("fork")
    processes = args.client_processes
    children = []
    for k in range(processes):
        receiving, sending = fork.Pipe(duplex=False)
        child = fork.Process(
            target=_customer_process,
            args=(targets[k::processes], args.interval, args.seconds, sending),
        )
        child.start()
        sending.close()
        children.append((child, receiving))
    t0 = time.monotonic()
    time.sleep(30)  # until the sockets are connected
    posted = _agent(ids, args.agent_rate, time.time() + args.seconds)
    connection.close()
    parts = []
    for child, receiving in children:
        try:
            parts.append(receiving.recv())
        except EOFError:
            raise SystemExit(f"A client process failed (exit code {child.exitcode}).") from None
        child.join()
    figures, pauses = _merge(parts)
    return figures, pauses, posted, time.monotonic() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--client-processes", type=int, default=4)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--agent-rate", type=float, default=20.0)
    parser.add_argument("--timeline", action="store_true", help="print each second's figures")
    args = parser.parse_args()
    if args.servers > 1 and not os.environ.get("LYTTE_REDIS_URL"):
        raise SystemExit("Several servers need LYTTE_REDIS_URL (and LYTTE_DATABASE_URL).")
    _setup_django()
    started = time.monotonic()
    tokens, ids = _start_chats(args.connections)
    print(f"{len(tokens)} chats started and accepted in {time.monotonic() - started:.1f} s")
    # The client's own collections would stall every socket it measures: Django and the chats
    # set up above are frozen out of them and the young threshold raised, as the server does
    # (decision 49), and the pauses left are timed and printed.
    from lytte.platform.memory import freeze_startup_objects

    freeze_startup_objects()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.setdefault("LYTTE_WORKER", "separate")
    logs = Path(os.environ.get("LYTTE_DATA_DIR", "."))
    servers = [_serve(env, logs / f"chatbench-serve-{n}.log") for n in range(args.servers)]
    before = [_rss_kb(server.pid) for server, _url in servers]
    targets = [(servers[i % len(servers)][1], token) for i, token in enumerate(tokens)]
    sampler = Sampler([server.pid for server, _url in servers])
    try:
        figures, pauses, posted, elapsed = _run_clients(targets, ids, args)
        after = [_rss_kb(server.pid) for server, _url in servers]
    finally:
        sampler.stop()
        for server, _url in servers:
            server.terminate()
            server.wait(30)
    redis = bool(os.environ.get("LYTTE_REDIS_URL"))
    print(f"\nservers {args.servers}, connections {args.connections}, interval {args.interval} s,")
    print(f"database {os.environ.get('LYTTE_DATABASE_URL', 'SQLite')[:10]}, redis {redis},")
    print(f"client processes {args.client_processes}")
    print("                         p50     p95     p99  (ms)")
    print(f"ack                  {_pcts(figures.ack)}")
    print(f"customer -> group    {_pcts(figures.echo)}")
    print(f"agent -> customer    {_pcts(figures.agent) if redis else 'n/a (needs Redis)'}")
    # While sockets are still connecting (handshakes, sign-in of each chat) the first messages
    # share the machine with them: the steady state is what a running service sees.
    steady = figures.connected_at + 1
    print("after every socket was connected (the steady state):")
    print(f"ack                  {_pcts([ms for at, ms in figures.ack_at if at >= steady])}")
    print(f"customer -> group    {_pcts([ms for at, ms in figures.echo_at if at >= steady])}")
    print(f"clients' own GC      {len(pauses)} pauses, longest {max(pauses, default=0):.1f} ms")
    print(f"customer messages/s  {figures.sent / elapsed:.1f} (sent {figures.sent})")
    print(f"agent messages       {posted}")
    print(f"refused              {figures.errors or 'none'}; sockets lost {figures.disconnects}")
    per = [(a - b) / args.connections * args.servers for a, b in zip(after, before, strict=True)]
    print(f"server RSS per conn  {', '.join(f'{kb:.0f} KB' for kb in per)}")
    late = [ms for _at, ms in figures.lag]
    longest = max(late, default=0)
    print(f"clients' loop lag    {len(late)} wake-ups > 20 ms late, longest {longest:.0f} ms")
    if args.timeline:
        _timeline(figures, sampler)


if __name__ == "__main__":
    main()
