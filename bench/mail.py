"""Mail intake throughput: messages stored and filed per second from an mbox of mixed mail.

    LYTTE_DATA_DIR=/tmp/lytte-mailbench .venv/bin/lytte migrate
    LYTTE_DATA_DIR=/tmp/lytte-mailbench .venv/bin/python bench/mail.py

It writes an mbox of 10,000 messages (`--messages N`, `--mbox FILE` to reuse one) mixing what a
customer-service mailbox gets: new questions from strangers and from senders who wrote before,
replies that thread to earlier messages by In-Reply-To, multipart/alternative with HTML,
ISO-8859-1 and Windows-1252 Nordic text, base64 and quoted-printable bodies, PDF attachments
(4 KB to 300 KB), mailing-list mail and out-of-office replies. Then it feeds them to
`receive_messages` in batches of 20, as the IMAP fetcher does (store the batch, then file each
message: identify, case, contact, attachments), and prints messages per second. Target: at
least 200 per second on SQLite. It prints figures; it is not a test. With LYTTE_DATABASE_URL
set it runs on that database.
"""

# ruff: noqa: S311 -- seeded pseudo-random numbers make reproducible fake data, not secrets
from __future__ import annotations

import argparse
import mailbox
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

TARGET_PER_SECOND = 200
BATCH = 20  # as the IMAP fetcher stores them: one fetch round trip, two commits
FIRST = ("Åse", "Bjørn", "Kari", "Søren", "Mette", "Ingrid", "Lars", "Aino", "Väinö", "Märta")
LAST = ("Ødegård", "Sæther", "Bråten", "Kjærgaard", "Åkesson", "Lindqvist", "Mäkinen", "Virtanen")
TEXTS = (
    "Hei! Fakturaen for oktober har feil beløp, jeg er belastet to ganger. Mvh {name}",
    "Hej, min pakke er ikke kommet frem. Ordrenummer {n}. Venlig hilsen {name}",
    "Hej! Jag vill säga upp mitt abonnemang från nästa månad. Hälsningar {name}",
    "Hei, laskussani on virhe ja eräpäivä on jo mennyt. Ystävällisin terveisin {name}",
    "Hello, the router stopped working after the update. Regards, {name}",
    "Strømmen gikk i hele blokka i Ørsta i går kveld. Når kommer den tilbake? {name}",
)


def _person(rng: random.Random, people: int) -> tuple[str, str]:
    number = rng.randrange(people)
    first, last = FIRST[number % len(FIRST)], LAST[(number // len(FIRST)) % len(LAST)]
    return (
        f"{first} {last}",
        f"kunde{number}@{('example.no', 'example.dk', 'example.se', 'example.fi')[number % 4]}",
    )


def build_mbox(path: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    box = mailbox.mbox(str(path), create=True)
    box.lock()
    sent: list[str] = []
    try:
        for n in range(count):
            name, address = _person(rng, max(count // 3, 1))
            message = EmailMessage()
            message["From"] = f"{name} <{address}>"
            message["To"] = "kundeservice@lytte.test"
            message["Date"] = format_datetime(datetime.now(UTC))
            message_id = make_msgid(idstring=str(n), domain="mail.example")
            message["Message-ID"] = message_id
            text = rng.choice(TEXTS).format(name=name, n=n)
            kind = rng.random()
            subject = text.split(".")[0][:60]
            if kind < 0.25 and sent:
                message["In-Reply-To"] = rng.choice(sent)
                subject = "SV: " + subject
            elif kind < 0.30:
                message["Auto-Submitted"] = "auto-replied"
                subject, text = "Fraværende: " + subject, "Jeg er på ferie til mandag."
            elif kind < 0.33:
                message["List-Id"] = "<tilbud.butikk.example>"
                message["Precedence"] = "bulk"
            message["Subject"] = subject
            charset = "utf-8"
            if rng.random() < 0.15:
                charset = rng.choice(("iso-8859-1", "windows-1252"))
            cte = rng.choice(("quoted-printable", "base64", None))
            if cte is None or charset != "utf-8":
                message.set_content(text, charset=charset)
            else:
                message.set_content(text, cte=cte)
            if rng.random() < 0.3:
                message.add_alternative(f"<p>{text}</p><p><b>{name}</b></p>", subtype="html")
            if rng.random() < 0.15:
                size = rng.choice((4_000, 40_000, 300_000))
                message.add_attachment(
                    rng.randbytes(size),
                    maintype="application",
                    subtype="pdf",
                    filename=f"faktura-{n}.pdf",
                )
            sent.append(message_id)
            box.add(message)
    finally:
        box.flush()
        box.unlock()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--mbox", type=Path, help="Use this mbox instead of writing one.")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from lytte.cases.models import Case
    from lytte.mail.models import InboundMessage, Mailbox
    from lytte.mail.services import create_mailbox, receive_messages

    path = args.mbox or Path(settings.DATA_DIR) / f"bench-{args.messages}.mbox"
    if not path.exists():
        started = time.perf_counter()
        build_mbox(path, args.messages, args.seed)
        size = path.stat().st_size / 2**20
        print(f"wrote {path} ({size:.1f} MB) in {time.perf_counter() - started:.1f} s")
    raws = [bytes(message.as_bytes()) for message in mailbox.mbox(str(path))]
    box = Mailbox.objects.filter(name="Bench").first() or create_mailbox(
        name="Bench", address="kundeservice@lytte.test"
    )
    before_messages, before_cases = InboundMessage.objects.count(), Case.objects.count()

    timings: list[float] = []
    started = time.perf_counter()
    for start in range(0, len(raws), BATCH):
        one = time.perf_counter()
        batch = raws[start : start + BATCH]
        receive_messages(mailbox=box, batch=[(raw, None) for raw in batch])
        timings.append((time.perf_counter() - one) / len(batch))
    elapsed = time.perf_counter() - started

    stored = InboundMessage.objects.count() - before_messages
    failed = InboundMessage.objects.filter(outcome="failed").count()
    opened = Case.objects.count() - before_cases
    print(f"database: {connection.vendor}; python {sys.version.split()[0]}; {platform.machine()}")
    print(f"cores: {os.cpu_count()}")
    print(f"messages: {len(raws)} read, {stored} stored, {failed} not filed, {opened} cases opened")
    timings.sort()
    per_second = len(raws) / elapsed
    median, p95 = statistics.median(timings), timings[int(len(timings) * 0.95)]
    print(
        f"ingest: {per_second:.0f} msg/s ({elapsed:.1f} s); per message (batch average) median "
        f"{median * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms"
    )
    verdict = "met" if per_second >= TARGET_PER_SECOND else "MISSED"
    print(f"target >= {TARGET_PER_SECOND} msg/s: {verdict}")


if __name__ == "__main__":
    main()
