"""Memory of one `lytte serve` while large messages are pushed to the inbound-mail webhook at once.

    .venv/bin/python bench/mail_intake_memory.py --posts 4 --megabytes 20

It migrates a fresh data folder (a temporary one, or `--data-dir`), makes a push mailbox,
starts one real `lytte serve`, and POSTs `--posts` messages of `--megabytes` MB (a PDF-like
attachment, base64) to /api/v1/mail/inbound/<token> concurrently, while it times GET /healthz
every 0.2 s. It prints the server's resident memory before and at its peak (VmHWM), the peak
over the message size, each post's status and time, and the slowest /healthz. With
`--inline` the server files every message in the request, as before decision 24 (the whole
message parsed in the web process). It prints figures; it is not a test.
"""

# ruff: noqa: S603 -- runs our own console script
from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

LYTTE = str(Path(sys.executable).with_name("lytte"))
MAKE_MAILBOX = (
    "from lytte.mail.services import create_push_mailbox; "
    "print(create_push_mailbox(name='Bench', address='bench@lytte.test')[1])"
)


def message(megabytes: float, number: int) -> bytes:
    mail = EmailMessage()
    mail["From"] = f"Kari Nordmann <kari{number}@fjordkraft.example>"
    mail["To"] = "bench@lytte.test"
    mail["Subject"] = f"Stort vedlegg {number}, æøå"
    mail["Message-ID"] = make_msgid(domain="bench.example")
    mail.set_content("Hei! Se vedlagt dokument.")
    mail.add_attachment(
        os.urandom(int(megabytes * 2**20 * 3 / 4)),  # base64 makes it 4/3 as large
        maintype="application",
        subtype="pdf",
        filename=f"dokument-{number}.pdf",
    )
    return mail.as_bytes()


def rss(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def post(url: str, body: bytes) -> tuple[int, float]:
    request = urllib.request.Request(  # noqa: S310 -- our own loopback server
        url, data=body, headers={"Content-Type": "message/rfc822"}, method="POST"
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - start


def watch_healthz(base: str, stop: threading.Event, times: list[float]) -> None:
    while not stop.wait(0.2):
        start = time.perf_counter()
        with urllib.request.urlopen(f"{base}/healthz", timeout=60):  # noqa: S310
            times.append(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=4)
    parser.add_argument("--megabytes", type=float, default=20)
    parser.add_argument("--inline", action="store_true", help="file in the request (before)")
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="lytte-intakebench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LYTTE_")}
    env |= {"LYTTE_DATA_DIR": str(data_dir), "LYTTE_MAIL_MAX_MESSAGE_BYTES": str(2**30)}
    if args.inline:
        env["LYTTE_MAIL_INTAKE_INLINE_BYTES"] = str(2**31)
    subprocess.run([LYTTE, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    token = (
        subprocess.run(
            [LYTTE, "shell", "-v", "0", "-c", MAKE_MAILBOX],
            env=env,
            check=True,
            capture_output=True,
        )
        .stdout.decode()
        .split()[-1]
    )
    bodies = [message(args.megabytes, n) for n in range(args.posts)]
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [LYTTE, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).close()  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        before = rss(server.pid, "VmRSS")
        stop, healthz_times = threading.Event(), list[float]()
        watcher = threading.Thread(target=watch_healthz, args=(base, stop, healthz_times))
        watcher.start()
        start = time.perf_counter()
        with ThreadPoolExecutor(args.posts) as pool:
            results = list(
                pool.map(lambda body: post(f"{base}/api/v1/mail/inbound/{token}", body), bodies)
            )
        elapsed = time.perf_counter() - start
        stop.set()
        watcher.join()
        peak = rss(server.pid, "VmHWM")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    size = len(bodies[0])
    how = "filed in the request" if args.inline else "stored, filed by the worker"
    print(f"{platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}")
    print(f"{args.posts} concurrent posts of {size / 2**20:.1f} MB, {how}")
    print(
        f"server RSS before {before / 2**20:.0f} MB, peak {peak / 2**20:.0f} MB, "
        f"growth {(peak - before) / 2**20:.0f} MB = {(peak - before) / size:.1f}x one message"
    )
    print(
        "posts:",
        ", ".join(f"{status} in {seconds:.1f} s" for status, seconds in results),
        f"(all in {elapsed:.1f} s)",
    )
    if healthz_times:
        print(
            f"/healthz during the posts: slowest {max(healthz_times) * 1000:.0f} ms "
            f"of {len(healthz_times)}"
        )


if __name__ == "__main__":
    main()
