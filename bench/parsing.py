"""Parsing speed: `parse_message` on a typical message, against the standard library reading
the same message's text, measured the same way in the same moment.

    LYTTE_DATA_DIR=/tmp/lytte-bench .venv/bin/python bench/parsing.py
    LYTTE_DATA_DIR=/tmp/lytte-bench .venv/bin/python bench/parsing.py --hostile-quotes

It prints figures; it is not a test (a test's verdict on speed would be the machine's load's).
About 2 ms against 4.4 ms for 20 parses on a quiet two-core machine: ours should stay well
under three quarters of the standard library's. With --hostile-quotes it times instead an
HTML mail of deeply nested quotes at 1x, 2x and 3x its size: the times should grow linearly.
"""

from __future__ import annotations

import os
import platform
import sys
import timeit
from email import message_from_bytes, policy
from email.message import EmailMessage

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lytte.settings")
django.setup()

from lytte.mail.parsing import parse_message  # noqa: E402 -- after django.setup()


def typical_message() -> bytes:
    message = EmailMessage()
    message["From"] = "Kari Nordmann <kari@example.no>"
    message["To"] = "kundeservice@lytte.no"
    message["Subject"] = "Spørsmål om faktura"
    message["Message-ID"] = "<typical@example.no>"
    message["Date"] = "Mon, 03 Nov 2025 10:00:00 +0100"
    message.set_content("Hei, jeg har et spørsmål om fakturaen min.\n" * 50)
    message.add_alternative(
        "<p>Hei, jeg har et spørsmål om fakturaen min.</p>" * 50, subtype="html"
    )
    return message.as_bytes()


def hostile_quotes(times: int) -> bytes:
    """An HTML-only mail nesting 5,000 quotes per `times`, then 20,000 short lines per `times`."""
    message = EmailMessage()
    message["From"] = "kari@example.no"
    message["Subject"] = "Hei"
    message.set_content("<blockquote>" * 5000 * times + "Hei<br>" * 20000 * times, subtype="html")
    return message.as_bytes()


def time_hostile_quotes() -> None:
    print(f"{platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    for times in (1, 2, 3):
        raw = hostile_quotes(times)
        best = min(timeit.repeat(lambda: parse_message(raw), number=1, repeat=3))  # noqa: B023
        print(f"{times}x ({len(raw)} bytes): parse_message {best:6.2f} s, best of 3")


def main() -> None:
    if "--hostile-quotes" in sys.argv[1:]:
        time_hostile_quotes()
        return
    raw = typical_message()

    def stdlib_reads_the_text() -> None:
        body = message_from_bytes(raw, policy=policy.default).get_body(("plain",))
        if body is not None:
            body.get_content()

    ours = min(timeit.repeat(lambda: parse_message(raw), number=20, repeat=7))
    stdlib = min(timeit.repeat(stdlib_reads_the_text, number=20, repeat=7))
    print(f"{platform.node()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    print(f"message: {len(raw)} bytes; 20 parses, best of 7")
    print(f"parse_message:          {ours * 1000:7.2f} ms")
    print(f"stdlib reads the text:  {stdlib * 1000:7.2f} ms")
    print(f"ratio: {ours / stdlib:.2f} (target: under 0.75)")


if __name__ == "__main__":
    main()
