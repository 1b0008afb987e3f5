"""lytte.mail.parsing: raw inbound mail into a ParsedMessage, never raising, with Nordic text
decoded whatever the charset label says, quotes folded, HTML made safe. The tricky real-world
messages live in corpus/ (see its README); the rest are built here, byte by byte."""

from __future__ import annotations

import base64
import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest

from lytte.mail.html import MAX_NESTING, cap_nesting, html_to_text, sanitize_html
from lytte.mail.parsing import ParsedMessage, attachment_content, parse_message
from lytte.mail.quoting import split_quoted

CORPUS = Path(__file__).parent / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.eml"))


def _corpus(name: str) -> ParsedMessage:
    return parse_message((CORPUS / name).read_bytes())


def _mail(*headers: str, body: bytes | str = "Hei\n") -> bytes:
    """A message from Kari to the support address; any header given replaces the default."""
    given = {header.split(":", 1)[0].lower() for header in headers}
    defaults = (
        "From: Kari Nordmann <kari@example.no>",
        "To: kundeservice@lytte.no",
        "Subject: Hei",
    )
    head = [h for h in defaults if h.split(":", 1)[0].lower() not in given] + list(headers)
    data = body.encode("utf-8") if isinstance(body, str) else body
    return "\n".join(head).encode("utf-8") + b"\n\n" + data


def _text_part(body: bytes, charset: str | None) -> bytes:
    content_type = f"text/plain; charset={charset}" if charset else "text/plain"
    return _mail("MIME-Version: 1.0", f"Content-Type: {content_type}", body=body)


def _with_attachment(disposition: str, content_type: str = "application/pdf") -> bytes:
    return _mail(
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b"',
        body=(
            "--b\nContent-Type: text/plain; charset=utf-8\n\nSe vedlegg.\n"
            f"--b\nContent-Type: {content_type}\n{disposition}\n"
            "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n"
        ),
    )


def _attachment_name(filename: str) -> str:
    raw = _with_attachment(f"Content-Disposition: attachment; filename*=utf-8''{quote(filename)}")
    (attachment,) = parse_message(raw).attachments
    return attachment.filename


def _assert_safe(filename: str) -> None:
    assert filename
    assert not {"/", "\\", "\r", "\n", "\x00"} & set(filename)
    assert ".." not in filename
    assert not filename.startswith(".")
    assert len(filename) <= 150


# The corpus


def test_corpus_holds_every_tricky_case() -> None:
    assert {path.name for path in CORPUS_FILES} >= {
        "alternative_norwegian.eml",
        "nested_related_swedish.eml",
        "base64_finnish.eml",
        "quoted_printable_danish.eml",
        "iso_8859_1_declared.eml",
        "windows_1252_declared.eml",
        "broken_charset.eml",
        "no_message_id.eml",
        "empty_body.eml",
        "non_mime_8bit.eml",
        "header_injection.eml",
        "dsn_bounce.eml",
        "out_of_office.eml",
        "mailing_list.eml",
        "outlook_reply_norwegian.eml",
        "gmail_reply_norwegian.eml",
        "attachment_filenames.eml",
        "forwarded_rfc822.eml",
        "garbage.eml",
        "crlf_line_endings.eml",
        "bare_lf_line_endings.eml",
    }
    assert all(path.stat().st_size < 50_000 for path in CORPUS_FILES)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_every_corpus_message_parses_to_sensible_basics(path: Path) -> None:
    parsed = parse_message(path.read_bytes())

    assert isinstance(parsed, ParsedMessage)
    assert "\r" not in parsed.text
    assert "\x00" not in parsed.text
    assert "\n" not in parsed.subject
    assert "\r" not in parsed.subject
    assert parsed.date is None or parsed.date.tzinfo is not None
    assert parsed.from_address == "" or "@" in parsed.from_address
    domain = parsed.from_address.rpartition("@")[2]
    assert domain == domain.lower()
    assert parsed.new_text == split_quoted(parsed.text)[0]
    assert "<script" not in parsed.html
    for attachment in parsed.attachments:
        _assert_safe(attachment.filename)


def test_norwegian_alternative_uses_the_plain_part_and_sanitised_html() -> None:
    parsed = _corpus("alternative_norwegian.eml")

    assert parsed.subject == "Spørsmål om faktura for oktober"
    assert (parsed.from_address, parsed.from_name) == ("Kari.Nordmann@example.no", "Kari Nordmann")
    assert "Jeg har fått en faktura på 499 kr, men jeg sa opp abonnementet" in parsed.text
    assert "<b>499 kr</b>" in parsed.html
    assert "tracker" not in parsed.html
    assert parsed.attachments == ()
    assert not parsed.auto_submitted


def test_swedish_nested_message_has_its_body_an_inline_image_and_a_pdf() -> None:
    parsed = _corpus("nested_related_swedish.eml")

    assert parsed.subject == "Kvitto och bild på skadan"
    assert parsed.text.startswith("Hej!\n\nPaketet kom fram trasigt")
    assert '<img src="cid:skada.png@example.se" alt="Skadat paket">' in parsed.html
    assert "style" not in parsed.html
    assert "class" not in parsed.html
    image, pdf = parsed.attachments
    assert (image.filename, image.content_type, image.inline) == ("skada.png", "image/png", True)
    assert image.content_id == "skada.png@example.se"
    assert (pdf.filename, pdf.content_type, pdf.inline) == ("kvitto.pdf", "application/pdf", False)


def test_finnish_base64_body_is_decoded() -> None:
    parsed = _corpus("base64_finnish.eml")

    assert parsed.text.startswith("Hyvää päivää, laskussani on virhe.")
    assert parsed.from_name == "Matti Meikäläinen"


def test_danish_quoted_printable_body_is_decoded() -> None:
    parsed = _corpus("quoted_printable_danish.eml")

    assert parsed.subject == "Bestilling af rødgrød med fløde"
    assert "men fik æblegrød. Kan I sende den rigtige vare? På forhånd tak. ÆØÅ" in parsed.text


def test_latin1_nordic_text_is_decoded() -> None:
    parsed = _corpus("iso_8859_1_declared.eml")

    assert "levert på Bjørnøya i morgen? Jeg må være hjemme for å ta imot." in parsed.text
    assert parsed.defects == ()


def test_windows_1252_text_keeps_the_euro_sign_and_nordic_letters() -> None:
    parsed = _corpus("windows_1252_declared.eml")

    assert (
        "refusion af 250 € for den ødelagte æske \N{EN DASH} “hurtigst muligt” tak." in parsed.text
    )


def test_misdeclared_utf8_and_unknown_charset_fall_back_to_windows_1252() -> None:
    parsed = _corpus("broken_charset.eml")

    assert parsed.subject == "Försenad leverans"
    assert parsed.text == "Hej, min beställning är försenad. Vänligen återkom.\n"
    assert "CharsetFallback: utf-8" in parsed.defects


def test_message_without_message_id_has_an_empty_id() -> None:
    parsed = _corpus("no_message_id.eml")

    assert parsed.message_id == ""
    assert parsed.text == "Kiitos nopeasta avusta!\n"


def test_headers_only_message_has_an_empty_body() -> None:
    parsed = _corpus("empty_body.eml")

    assert (parsed.subject, parsed.text, parsed.new_text, parsed.html) == ("Ring meg", "", "", "")
    assert parsed.attachments == ()


def test_non_mime_8bit_headers_and_body_are_decoded() -> None:
    parsed = _corpus("non_mime_8bit.eml")

    assert parsed.from_name == "Bjørn Ødegård"  # raw Latin-1
    assert parsed.subject == "Spørsmål om levering til Tromsø"  # raw UTF-8
    assert parsed.text == "Hei, når kommer pakken min?\nMvh Bjørn \N{EN DASH} sendt fra mobilen\n"


def test_injected_line_breaks_never_reach_the_subject_or_the_name() -> None:
    parsed = _corpus("header_injection.eml")

    assert parsed.subject == "Hei Bcc: evil@example.com body"
    assert parsed.from_address == "attacker@example.com"
    assert "\n" not in parsed.from_name
    assert "\r" not in parsed.from_name
    assert parsed.to == ("kundeservice@lytte.no",)


def test_delivery_status_notification_is_a_bounce() -> None:
    parsed = _corpus("dsn_bounce.eml")

    assert parsed.bounce is not None
    assert parsed.bounce.recipients == ("ukjent.kunde@example.no",)  # the delayed one is not
    assert parsed.bounce.status == "5.1.1"
    assert parsed.bounce.diagnostic == (
        "550 5.1.1 <ukjent.kunde@example.no>: Recipient address rejected: User unknown"
    )
    assert parsed.bounce.original_message_id == "case-1042.reply-7@lytte.no"
    assert parsed.auto_submitted


def test_out_of_office_reply_is_automatic() -> None:
    parsed = _corpus("out_of_office.eml")

    assert parsed.auto_submitted
    assert parsed.bounce is None
    assert parsed.text.startswith("Jeg er på ferie")
    assert parsed.in_reply_to == ("case-1042.reply-8@lytte.no",)


def test_mailing_list_message_is_automatic_and_its_html_becomes_text() -> None:
    parsed = _corpus("mailing_list.eml")

    assert parsed.auto_submitted
    assert (
        parsed.text
        == "Ukens tilbud\n\n- Kaffe & kaker\n- Brunost \N{EN DASH} 20 % rabatt\n\nSe alle tilbud"
    )
    assert "track" not in parsed.html
    assert "onclick" not in parsed.html


def test_outlook_reply_folds_the_original_message() -> None:
    parsed = _corpus("outlook_reply_norwegian.eml")

    assert parsed.new_text == "Takk, det løste saken.\n\nKari"
    assert parsed.references == ("case-1042@lytte.no", "case-1042.reply-7@lytte.no")


def test_gmail_reply_folds_wrapped_attribution_and_quote_but_keeps_the_signature() -> None:
    parsed = _corpus("gmail_reply_norwegian.eml")

    assert parsed.new_text == (
        "Hei igjen,\n\nPakken har fortsatt ikke kommet. Sporingsnummeret er 70701234.\n\n--\nOla"
    )
    assert parsed.in_reply_to == ("case-2001.reply-1@lytte.no",)


def test_attachment_names_are_decoded_and_made_safe() -> None:
    parsed = _corpus("attachment_filenames.eml")

    assert [a.filename for a in parsed.attachments] == [
        "faktura_ærlig_ø.pdf",  # RFC 2231
        "passwd",  # was ../../etc/passwd
        "kvittering Ålesund.pdf",  # RFC 2047 word in a name parameter
    ]


def test_forwarded_message_is_one_eml_attachment() -> None:
    raw = (CORPUS / "forwarded_rfc822.eml").read_bytes()
    (forwarded,) = parse_message(raw).attachments

    assert (forwarded.filename, forwarded.content_type) == ("attachment-2.eml", "message/rfc822")
    attachment, data = attachment_content(raw, forwarded.index)
    assert attachment == forwarded
    assert len(data) == forwarded.size
    assert parse_message(data).message_id == "order-12345@butikk.example.no"


def test_garbage_bytes_give_an_automatic_message_with_defects() -> None:
    parsed = _corpus("garbage.eml")

    assert parsed.from_address == ""
    assert parsed.auto_submitted
    assert parsed.defects


def test_crlf_and_bare_lf_messages_parse_alike() -> None:
    crlf, lf = _corpus("crlf_line_endings.eml"), _corpus("bare_lf_line_endings.eml")

    assert crlf.text == lf.text == "Første linje.\nAndre linje.\n"
    assert [a.filename for a in crlf.attachments] == [a.filename for a in lf.attachments]


def test_huge_attachment_is_measured_and_extracted() -> None:
    # Generated here rather than committed: the corpus stays small.
    payload = random.Random(7).randbytes(30 * 1024 * 1024)
    raw = _mail(
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b"',
        body=b"--b\nContent-Type: text/plain\n\nHer er hele arkivet.\n--b\n"
        b'Content-Type: application/zip\nContent-Disposition: attachment; filename="arkiv.zip"\n'
        b"Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(payload) + b"--b--\n",
    )

    (attachment,) = parse_message(raw).attachments
    assert (attachment.filename, attachment.size) == ("arkiv.zip", len(payload))
    assert attachment_content(raw, attachment.index)[1] == payload


# Charsets and headers


@pytest.mark.parametrize(
    ("charset", "encoding"),
    [
        ("iso-8859-1", "latin-1"),
        ("ISO_8859-1", "cp1252"),  # Latin-1 labels hide Windows-1252 text
        ("windows-1252", "cp1252"),
        ("utf-8", "utf-8"),
        ("utf-8", "latin-1"),
        ("us-ascii", "latin-1"),
        ("x-unknown", "latin-1"),
        ("x-unknown", "utf-8"),
        (None, "latin-1"),
        (None, "utf-8"),
    ],
)
def test_nordic_text_survives_declared_and_misdeclared_charsets(
    charset: str | None, encoding: str
) -> None:
    text = "Hei! æøå ÆØÅ äö \N{EN DASH} 100 €\n" if encoding != "latin-1" else "Hei! æøå ÆØÅ äö\n"

    assert parse_message(_text_part(text.encode(encoding), charset)).text == text


def test_declared_us_ascii_part_holding_latin1_is_decoded() -> None:
    parsed = parse_message(
        _text_part("Gjør det så fort som mulig.\n".encode("latin-1"), "us-ascii")
    )

    assert parsed.text == "Gjør det så fort som mulig.\n"
    assert "CharsetFallback: us-ascii" in parsed.defects


def test_mixed_utf8_and_latin1_lines_each_decode() -> None:
    body = b"Takk for svaret.\n" + "> Hilsen Bjørn\n".encode("latin-1")

    assert parse_message(_text_part(body, None)).text == "Takk for svaret.\n> Hilsen Bjørn\n"


def test_raw_8bit_headers_decode_as_utf8_or_windows_1252() -> None:
    raw = (
        "From: Åse Ødegård <ase@example.no>\n".encode("latin-1")
        + "Subject: Før jul \N{EN DASH} €\n".encode()
        + "To: Kundeservice Tromsø <kundeservice@lytte.no>\n\nHei\n".encode("cp1252")
    )
    parsed = parse_message(raw)

    assert (parsed.from_name, parsed.subject) == ("Åse Ødegård", "Før jul \N{EN DASH} €")
    assert parsed.to == ("kundeservice@lytte.no",)


def test_encoded_words_are_decoded_and_joined() -> None:
    subject = "=?utf-8?b?w6bDuA==?= =?utf-8?b?w6U=?= og =?iso-8859-1?q?=C6=D8=C5?="
    # One "ø" split across two words, as some mailers do.
    split = "=?utf-8?b?Ymrw?= =?utf-8?b?n5iA?= =?UTF-8?Q?Bj=C3?= =?UTF-8?Q?=B8rn?="

    assert parse_message(_mail(f"Subject: {subject}")).subject == "æøå og ÆØÅ"
    assert parse_message(_mail(f"Subject: {split}")).subject == "bj😀Bjørn"


def test_encoded_word_in_unknown_charset_falls_back() -> None:
    parsed = parse_message(_mail("From: =?x-unknown?q?=D8ystein?= <oystein@example.no>"))

    assert parsed.from_name == "Øystein"


def test_subject_is_collapsed_to_one_line_of_at_most_998_characters() -> None:
    folded = parse_message(_mail("Subject: Hei\n   der\n\tKari  !"))
    long = parse_message(_mail("Subject: " + "ø" * 2000))

    assert folded.subject == "Hei der Kari !"
    assert long.subject == "ø" * 998


def test_message_ids_lose_their_brackets_and_keep_header_order() -> None:
    parsed = parse_message(
        _mail(
            "Message-ID:  <abc.123@example.no> ",
            "In-Reply-To: <case-7@lytte.no> (Kundeservice's message of Mon)",
            "References: <case-7@lytte.no>\n <case-7.reply-1@lytte.no>\n\t<CAF-x@mail.example>",
        )
    )

    assert parsed.message_id == "abc.123@example.no"
    assert parsed.in_reply_to == ("case-7@lytte.no",)
    assert parsed.references == ("case-7@lytte.no", "case-7.reply-1@lytte.no", "CAF-x@mail.example")


def test_message_id_without_brackets_is_still_read() -> None:
    assert parse_message(_mail("Message-ID: bare-id@example.no")).message_id == "bare-id@example.no"


def test_addresses_keep_the_local_part_as_written_and_lower_case_the_domain() -> None:
    parsed = parse_message(
        _mail(
            'From: "Nordmann, Kari" <Kari.Nordmann@Example.NO>',
            "Reply-To: Kari <Kari@Privat.example>",
            "To: Kundeservice <Kundeservice@Lytte.no>, ola@example.no, not-an-address",
            "Cc: Team: Ingrid <ingrid@example.no>, per@example.no;",
        )
    )

    assert (parsed.from_address, parsed.from_name) == ("Kari.Nordmann@example.no", "Nordmann, Kari")
    assert parsed.reply_to == "Kari@privat.example"
    assert parsed.to == ("Kundeservice@lytte.no", "ola@example.no")
    assert parsed.cc == ("ingrid@example.no", "per@example.no")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Mon, 3 Nov 2025 10:00:00 +0100", datetime(2025, 11, 3, 9, 0, tzinfo=UTC)),
        ("3 Nov 2025 10:00 -0000", datetime(2025, 11, 3, 10, 0, tzinfo=UTC)),
        ("Mon, 3 Nov 2025 10:00:00 CET", datetime(2025, 11, 3, 10, 0, tzinfo=UTC)),
    ],
)
def test_date_is_timezone_aware(header: str, expected: datetime) -> None:
    parsed = parse_message(_mail(f"Date: {header}"))

    assert parsed.date == expected
    assert parsed.date is not None
    assert parsed.date.utcoffset() is not None


def test_date_keeps_the_senders_offset() -> None:
    parsed = parse_message(_mail("Date: Mon, 3 Nov 2025 10:00:00 +0200"))

    assert parsed.date is not None
    assert parsed.date.utcoffset() == timezone(timedelta(hours=2)).utcoffset(None)


@pytest.mark.parametrize("header", ["i går", "Mon, 99 Foo 99999 99:99:99 +9999", ""])
def test_unparseable_date_is_none(header: str) -> None:
    assert parse_message(_mail(f"Date: {header}")).date is None


# Automatic mail and bounces


@pytest.mark.parametrize(
    ("headers", "automatic"),
    [
        ((), False),
        (("Auto-Submitted: auto-replied",), True),
        (("Auto-Submitted: auto-generated; owner-email=x@example.no",), True),
        (("Auto-Submitted: no",), False),
        (("Precedence: bulk",), True),
        (("Precedence: list",), True),
        (("Precedence: junk",), True),
        (("Precedence: auto_reply",), True),
        (("Precedence: first-class",), False),
        (("List-Id: <tilbud.butikk.example.no>",), True),
        (("List-Unsubscribe: <mailto:u@example.no>",), True),
        (("X-Autoreply: yes",), True),
        (("X-Autorespond: Jeg er på ferie",), True),
        (("X-Auto-Response-Suppress: All",), True),
        (("X-Auto-Response-Suppress: DR, OOF",), True),
        (("X-Auto-Response-Suppress: AutoReply",), True),
        (("X-Auto-Response-Suppress: DR",), False),
        (("From: MAILER-DAEMON@mx.example.no",), True),
        (("From: postmaster@example.no",), True),
        (("From: Butikken <noreply@butikk.example.no>",), True),
        (("From: no-reply@example.no",), True),
        (("From: do-not-reply@example.no",), True),
        (("From: DoNotReply@example.no",), True),
        (("From: noreply+ordre@example.no",), True),
        (("From: norevik@example.no",), False),
        (("From: ",), True),
        (("From: MAILER-DAEMON",), True),
        (("Return-Path: <>",), True),
        (("Content-Type: multipart/report; report-type=disposition-notification",), True),
    ],
)
def test_automatic_mail_is_recognised(headers: tuple[str, ...], automatic: bool) -> None:
    assert parse_message(_mail(*headers)).auto_submitted is automatic


def test_missing_from_is_a_null_sender() -> None:
    raw = b"To: kundeservice@lytte.no\nSubject: Hei\n\nHei\n"

    assert parse_message(raw).auto_submitted


def _report(status_blocks: str, original: str) -> bytes:
    return _mail(
        "From: MAILER-DAEMON@mx.example.no",
        "MIME-Version: 1.0",
        'Content-Type: multipart/report; report-type="delivery-status"; boundary="r"',
        body=(
            "--r\nContent-Type: text/plain\n\nDelivery failed.\n"
            "--r\nContent-Type: message/delivery-status\n\n"
            f"Reporting-MTA: dns; mx\n\n{status_blocks}"
            f"--r\n{original}\n--r--\n"
        ),
    )


def test_bounce_needs_a_failed_recipient() -> None:
    delayed = "Final-Recipient: rfc822; kari@example.no\nAction: delayed\nStatus: 4.4.1\n\n"
    parsed = parse_message(_report(delayed, "Content-Type: text/plain\n\nx"))

    assert parsed.bounce is None
    assert parsed.auto_submitted


def test_bounce_lists_every_failed_recipient_and_reads_an_attached_original() -> None:
    failed = (
        "Original-Recipient: rfc822; Kari@Example.no\nAction: Failed\nStatus: 5.2.2 (full)\n"
        "Diagnostic-Code: smtp; 552 Mailbox full\n\n"
        "Final-Recipient: rfc822; <ola@example.no>\nAction: failed\nStatus: 5.1.1\n\n"
    )
    original = "Content-Type: message/rfc822\n\nMessage-ID: <case-9@lytte.no>\nSubject: Re\n\nHei"
    parsed = parse_message(_report(failed, original))

    assert parsed.bounce is not None
    assert parsed.bounce.recipients == ("kari@example.no", "ola@example.no")
    assert (parsed.bounce.status, parsed.bounce.diagnostic) == ("5.2.2", "552 Mailbox full")
    assert parsed.bounce.original_message_id == "case-9@lytte.no"


# Attachments


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\kari\\Skrivebord\\faktura.pdf", "faktura.pdf"),
        (".htaccess", "htaccess"),
        ("...", "attachment-2.pdf"),
        ("faktura..pdf", "faktura.pdf"),
        ("kvittering\u202efdp.exe", "kvittering fdp.exe"),  # right-to-left override
        ("rapport\x00\x1b\r\n.pdf", "rapport.pdf"),
        ('a<b>c:"d"|e?*.pdf', "a_b_c__d__e__.pdf"),
        ("a\u030angstrom.pdf", "ångstrom.pdf"),  # macOS sends decomposed letters
    ],
)
def test_attachment_names_are_made_safe(sent: str, kept: str) -> None:
    assert _attachment_name(sent) == kept


def test_long_attachment_name_is_cut_keeping_its_extension() -> None:
    name = _attachment_name("æ" * 300 + ".pdf")

    assert name == "æ" * 146 + ".pdf"


@pytest.mark.parametrize(
    ("content_type", "fallback"),
    [
        ("application/pdf", "attachment-2.pdf"),
        ("image/png", "attachment-2.png"),
        ("application/x-lytte-unknown", "attachment-2.bin"),
        ("text/plain", "attachment-2.txt"),
    ],
)
def test_attachment_without_name_gets_a_fallback_name_from_its_type(
    content_type: str, fallback: str
) -> None:
    raw = _with_attachment("Content-Disposition: attachment", content_type)
    (attachment,) = parse_message(raw).attachments

    assert attachment.filename == fallback


def test_attachment_reports_type_size_and_inline_disposition() -> None:
    raw = _with_attachment('Content-Disposition: inline; filename="logo.pdf"\nContent-ID: <l@x>')
    (attachment,) = parse_message(raw).attachments

    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(b"%PDF-1.4\n")
    assert (attachment.content_id, attachment.inline) == ("l@x", True)


def test_unreferenced_image_without_disposition_is_not_inline() -> None:
    raw = _with_attachment('Content-ID: <bilde@x>\nContent-Type: image/png; name="b.png"')

    assert parse_message(raw).attachments[0].inline is False


def test_attachment_content_returns_the_decoded_bytes() -> None:
    raw = _with_attachment('Content-Disposition: attachment; filename="faktura.pdf"')
    (attachment,) = parse_message(raw).attachments

    assert attachment_content(raw, attachment.index) == (attachment, b"%PDF-1.4\n")


@pytest.mark.parametrize("index", [0, 1, 3, 99, -1])
def test_attachment_content_refuses_an_index_that_is_no_attachment(index: int) -> None:
    raw = _with_attachment('Content-Disposition: attachment; filename="faktura.pdf"')

    with pytest.raises(LookupError):
        attachment_content(raw, index)  # 0 is the container, 1 the body


def test_text_attachment_is_not_mistaken_for_the_body() -> None:
    raw = _mail(
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b"',
        body=(
            "--b\nContent-Type: text/html\n\n<p>Se logg.</p>\n"
            '--b\nContent-Type: text/plain; name="logg.txt"\n\nERROR 42\n--b--\n'
        ),
    )
    parsed = parse_message(raw)

    assert parsed.text == "Se logg."
    assert [a.filename for a in parsed.attachments] == ["logg.txt"]


def test_apple_mail_body_split_around_an_inline_image_is_joined() -> None:
    raw = _mail(
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b"',
        body=(
            "--b\nContent-Type: text/plain; charset=utf-8\n\nHer er bildet:\n"
            "--b\nContent-Type: image/png\nContent-Disposition: inline\n"
            "Content-Transfer-Encoding: base64\n\niVBORw0KGgo=\n"
            "--b\nContent-Type: text/plain; charset=utf-8\n\nHilsen Kari\n--b--\n"
        ),
    )
    parsed = parse_message(raw)

    assert parsed.text == "Her er bildet:\nHilsen Kari"
    assert [(a.content_type, a.inline) for a in parsed.attachments] == [("image/png", True)]


def test_html_only_message_gets_its_text_from_the_html() -> None:
    raw = _mail("Content-Type: text/html; charset=utf-8", body="<p>Hei,</p><p>takk &amp; bye</p>")
    parsed = parse_message(raw)

    assert parsed.text == "Hei,\n\ntakk & bye"
    assert parsed.html == "<p>Hei,</p><p>takk &amp; bye</p>"


def test_nul_and_control_bytes_never_reach_the_text() -> None:
    parsed = parse_message(_text_part(b"Hei\x00 Kari\x1b\r\nHallo\rder\n", "utf-8"))

    assert parsed.text == "Hei Kari\nHallo\nder\n"


# Robustness and speed


def _nested(depth: int) -> bytes:
    parts = b"".join(
        b"Content-Type: multipart/mixed; boundary=n%d\n\n--n%d\n" % (i, i) for i in range(depth)
    )
    return (
        b"From: Kari <kari@example.no>\nSubject: Dypt\n"
        + parts
        + b"Content-Type: text/plain\n\nHei\n"
    )


BROKEN_MESSAGES = {
    "empty": b"",
    "nul bytes": b"\x00" * 1000,
    "only newlines": b"\n\n\n\r\n",
    "header without value": b"From:\nSubject:\nDate:\n\n",
    "bad base64": _mail(
        "Content-Type: text/plain; charset=x-unknown",
        "Content-Transfer-Encoding: base64",
        body="!!!ikke base64***=",
    ),
    "bad quoted-printable": _mail("Content-Transfer-Encoding: quoted-printable", body="=ZZ=\n=C3"),
    "unknown transfer encoding": _mail("Content-Transfer-Encoding: x-uuencode", body="begin 644"),
    "missing boundary": _mail("Content-Type: multipart/mixed", body="--x\n\nHei\n--x--\n"),
    "unclosed boundary": _mail('Content-Type: multipart/mixed; boundary="x"', body="--x\n\nHei"),
    "charset with nul": _mail('Content-Type: text/plain; charset="\x00"', body="Hei"),
    "non-text codec": _mail("Content-Type: text/plain; charset=rot13", body="Hei"),
    "deep nesting": _nested(3000),
    "attached message nesting": b"Content-Type: message/rfc822\n\n" * 2000,
    "nul in an rfc 2231 charset": _with_attachment(
        "Content-Disposition: attachment; filename*=utf\x00''x.pdf"
    ),
    "attached message with undecodable boundary": _mail(
        'Content-Type: multipart/mixed; boundary="o"',
        body=(
            "--o\nContent-Type: message/rfc822\n\n"
            "Content-Type: multipart/mixed; boundary*=utf-8''%FF%FEx\n\n"
            "--\xff\xfex\nContent-Type: text/plain\n\nHei\n--\xff\xfex--\n--o--\n"
        ).encode("latin-1"),
    ),
    "broken dsn": _mail(
        'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
        body="--r\nContent-Type: message/delivery-status\n\n\x00\x00\n--r--",
    ),
}


@pytest.mark.parametrize("raw", BROKEN_MESSAGES.values(), ids=BROKEN_MESSAGES.keys())
def test_parse_message_never_raises_on_broken_mail(raw: bytes) -> None:
    parsed = parse_message(raw)

    assert "\n" not in parsed.subject
    assert "\x00" not in parsed.text


def test_parse_message_never_raises_on_random_bytes() -> None:
    rng = random.Random(2025)
    seeds = [*list(BROKEN_MESSAGES.values())[:12], (CORPUS / "dsn_bounce.eml").read_bytes()]
    for _ in range(300):
        mutated = bytes(b if rng.random() > 0.05 else rng.getrandbits(8) for b in rng.choice(seeds))
        parse_message(mutated)
        parse_message(rng.randbytes(rng.randint(0, 2000)))


def finishes(work: Callable[[], object], within: float = 30) -> bool:
    """Whether `work` finishes while we wait at most `within` seconds: a bound on waiting, set
    far above what a loaded machine needs (well under a second), below what the quadratic
    paths these tests guard against take (minutes). A hung thread is left to run out."""
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(within)
    return not thread.is_alive()


@pytest.mark.parametrize(
    "html",
    [
        '<a b="' * 40_000,
        "<a " * 40_000,
        "<!--" * 40_000,
        "<blockquote>" * 5_000 + "Hei<br>" * 20_000,
        "<div>" * 150_000 + "Hei",  # nh3 alone took over a minute, in its tree builder
        "<" + "a" * 300_000,  # one tag never closed: what caps the nesting scans it once
    ],
)
def test_hostile_html_is_parsed_without_hanging(html: str) -> None:
    raw = _mail("Content-Type: text/html", body=html)
    parsed: list[ParsedMessage] = []

    # html.parser alone needs minutes for the first two (some 20 s at half their length).
    assert finishes(lambda: parsed.append(parse_message(raw)))
    assert "<" not in parsed[0].text  # no markup leaks into the text


def test_deeply_nested_quotes_are_cut_to_a_bounded_depth_keeping_every_line() -> None:
    # Each level deeper costs every later tag a step in nh3's tree builder: unbounded, the
    # work grows with the square of the message.
    html = "<blockquote>" * 5_000 + "Hei<br>" * 20_000
    parsed = parse_message(_mail("Content-Type: text/html", body=html))

    assert parsed.html.count("<blockquote>") == MAX_NESTING
    assert html_to_text(cap_nesting(html)) == parsed.text
    assert parsed.text.split("\n") == ["> " * 9 + "Hei"] * 20_000


def test_normal_nesting_passes_through_unchanged() -> None:
    html = "<div><blockquote><p>Hei<br><div>" * 60 + "</div></blockquote></div>" * 60

    assert cap_nesting(html) == html


def test_split_quoted_does_not_hang_on_hostile_text() -> None:
    many_attributions = "On 3 Nov 2025 10:00 Kari wrote:\n> a\nb\n" * 20_000
    one_long_line = "x" * 1_000_000 + " skrev hei:"

    assert finishes(lambda: split_quoted(many_attributions))
    assert finishes(lambda: split_quoted(one_long_line))


def test_missing_boundary_shows_the_raw_text_and_records_a_defect() -> None:
    parsed = parse_message(BROKEN_MESSAGES["missing boundary"])

    assert "Hei" in parsed.text
    assert "NoBoundaryInMultipartDefect" in parsed.defects


def test_deeply_nested_message_keeps_its_sender_and_records_a_defect() -> None:
    parsed = parse_message(_nested(3000))

    assert (parsed.from_address, parsed.subject) == ("kari@example.no", "Dypt")
    assert "Unparseable: RecursionError" in parsed.defects


# split_quoted

ATTRIBUTIONS = [
    "On Mon, 3 Nov 2025 at 10:00, Kari <k@x.no> wrote:",
    "Den man. 3. nov. 2025 kl. 10:00 skrev Kari Nordmann <kari@example.no>:",
    "man. 3. nov. 2025 kl. 10:00 skrev Kari Nordmann <kari@example.no>:",
    "Den 3. nov. 2025 kl. 10.00 skrev Kari Nordmann <kari@example.dk>:",
    "Den 3. nov. 2025 kl. 10.00 skrev Kari Nordmann <kari@example.dk> følgende:",
    "Den 3 nov. 2025 kl. 10:00 skrev Kari Nordmann <kari@example.se>:",
    "ma 3.11.2025 klo 10.00 Kari (k@x.fi) kirjoitti:",
    "Am 03.11.2025 um 10:00 schrieb Kari Nordmann <kari@example.de>:",
]


@pytest.mark.parametrize("attribution", ATTRIBUTIONS)
def test_attribution_and_quote_are_folded(attribution: str) -> None:
    text = (
        f"Takk, det hjalp!\n\n{attribution}\n> Prøv å starte ruteren på nytt.\n>\n> Hilsen Lytte\n"
    )

    assert split_quoted(text) == (
        "Takk, det hjalp!",
        f"{attribution}\n> Prøv å starte ruteren på nytt.\n>\n> Hilsen Lytte\n",
    )


@pytest.mark.parametrize(
    "wrapped",
    [
        "On Mon, 3 Nov 2025 at 10:00, Kari Nordmann <kari@example.no>\nwrote:",
        "Den man. 3. nov. 2025 kl. 10:00 skrev Kari Nordmann <\nkari@example.no>:",
    ],
)
def test_attribution_wrapped_over_two_lines_is_folded(wrapped: str) -> None:
    new, quoted = split_quoted(f"Takk!\n\n{wrapped}\n\n> Hei\n")

    assert new == "Takk!"
    assert quoted.startswith(wrapped)


@pytest.mark.parametrize(
    "separator",
    [
        "-----Original Message-----",
        "-----Opprinnelig melding-----",
        "-----Oprindelig meddelelse-----",
        "-----Ursprungligt meddelande-----",
        "-----Alkuperäinen viesti-----",
    ],
)
def test_outlook_original_message_block_is_folded(separator: str) -> None:
    text = f"Takk!\n\n{separator}\nFra: Lytte\nSendt: 3. november 2025 10:00\n\nHei Kari"

    assert split_quoted(text) == (
        "Takk!",
        f"{separator}\nFra: Lytte\nSendt: 3. november 2025 10:00\n\nHei Kari",
    )


@pytest.mark.parametrize(
    ("sender", "sent"),
    [("From", "Sent"), ("Fra", "Sendt"), ("Från", "Skickat"), ("Lähettäjä", "Lähetetty")],
)
def test_outlook_header_block_is_folded_with_its_rule(sender: str, sent: str) -> None:
    block = (
        f"{sender}: Lytte <kundeservice@lytte.no>\n{sent}: 3.11.2025 10:00\nTo: Kari\n\nHei Kari"
    )

    assert split_quoted(f"Takk!\n\n________________________________\n{block}") == (
        "Takk!",
        f"________________________________\n{block}",
    )
    assert split_quoted(f"Takk!\n{block}") == ("Takk!", block)


def test_unmarked_quote_after_a_dated_attribution_is_folded() -> None:
    text = "Det stemmer.\n\nOn Mon, 3 Nov 2025 at 10:00, Kari <k@x.no> wrote:\nEr fakturaen betalt?"

    assert split_quoted(text)[0] == "Det stemmer."


def test_prose_mentioning_writing_is_not_a_quote() -> None:
    text = "Jeg skrev til dere i går om fakturaen:\nden er fortsatt feil.\n\nKari skrev:\nnoe mer"

    assert split_quoted(text) == (text, "")


def test_inline_reply_is_kept_whole() -> None:
    text = (
        "Hei,\n\nOn Mon, 3 Nov 2025 at 10:00, Lytte <k@x.no> wrote:\n"
        "> Hvilket ordrenummer?\n12345.\n> Når ble den bestilt?\nI går.\n"
    )

    assert split_quoted(text) == (text.rstrip(), "")


def test_only_the_trailing_quote_after_inline_answers_is_folded() -> None:
    text = "> Hvilket ordrenummer?\n12345.\n\n> Hilsen Lytte\n> kundeservice"

    assert split_quoted(text) == (
        "> Hvilket ordrenummer?\n12345.",
        "> Hilsen Lytte\n> kundeservice",
    )


def test_signature_stays_in_the_new_part() -> None:
    text = "Takk!\n\n-- \nKari Nordmann\nTlf 99 88 77 66\n\nKari skrev:\n> Hei"

    assert split_quoted(text)[0] == "Takk!\n\n-- \nKari Nordmann\nTlf 99 88 77 66"


def test_text_that_is_all_quote_has_no_new_part() -> None:
    text = "\n> Hei Kari\n> Hilsen Lytte\n"

    assert split_quoted(text) == ("", text)


def test_text_without_quote_is_only_rstripped() -> None:
    assert split_quoted("Hei\r\n\r\nKari  \n\n") == ("Hei\n\nKari", "")


# html_to_text


def test_html_blocks_become_lines_and_list_items_get_dashes() -> None:
    html = (
        "<h1>Ordre</h1><div>Linje 1</div><div>Linje 2<br>Linje 3</div>"
        "<ul><li>Kaffe</li><li>Te</li></ul><table><tr><td>Sum</td><td>99 kr</td></tr></table>"
    )

    assert html_to_text(html) == "Ordre\n\nLinje 1\nLinje 2\nLinje 3\n\n- Kaffe\n- Te\n\nSum 99 kr"


def test_script_style_and_head_are_dropped() -> None:
    html = (
        "<html><head><title>Nyhetsbrev</title><style>p{}</style></head>"
        "<body><script>track()</script><p>Hei Kari</p></body></html>"
    )

    assert html_to_text(html) == "Hei Kari"


def test_unclosed_head_does_not_hide_the_body() -> None:
    assert html_to_text("<head><meta charset=utf-8><body><p>Hei</p>") == "Hei"


def test_entities_are_decoded_and_spaces_collapsed() -> None:
    html = "<p>Bl&aring;b&aelig;r &amp;   r&#248;dgr&#xf8;d&nbsp;&lt;3</p>"

    assert html_to_text(html) == "Blåbær & rødgrød <3"


def test_runs_of_blank_lines_collapse_to_one() -> None:
    html = "<p>Hei</p><p>&nbsp;</p><p></p><br><br><br><br><p>Kari</p>"

    assert html_to_text(html) == "Hei\n\nKari"


def test_preformatted_text_keeps_its_layout() -> None:
    assert html_to_text("<pre>Ordre   Sum\n  123   99</pre>") == "Ordre   Sum\n  123   99"


def test_blockquotes_become_quote_lines_that_split_quoted_folds() -> None:
    html = (
        "<div>Takk!</div><div class=gmail_quote>Den man. 3. nov. 2025 kl. 10:00 skrev Lytte "
        "&lt;k@x.no&gt;:<blockquote><div>Hei Kari</div><blockquote>Eldre</blockquote></blockquote>"
    )
    text = html_to_text(html)

    assert text.endswith("> Hei Kari\n\n> > Eldre")
    assert split_quoted(text)[0] == "Takk!"


@pytest.mark.parametrize(
    "html", ["<![\x00", '<a b="', "</", "<p", "<!--", "<![CDATA[x", "&#99999999;"]
)
def test_malformed_html_does_not_raise(html: str) -> None:
    assert isinstance(html_to_text(html), str)
    assert isinstance(sanitize_html(html), str)


# sanitize_html


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert(1)</script>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        '<iframe src="https://evil.example"></iframe>',
        '<form action="https://evil.example"><input name="pin"></form>',
        '<object data="https://evil.example/x.swf"></object>',
        '<embed src="https://evil.example/x.swf">',
        '<img src="cid:logo" onerror="alert(1)">',
        '<p onclick="alert(1)" onmouseover="alert(1)">Hei</p>',
        '<a href="javascript:alert(1)">Hei</a>',
        '<a href=" JaVaScRiPt:alert(1)">Hei</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">Hei</a>',
        '<svg onload="alert(1)"><circle /></svg>',
        "<math><mtext><script>alert(1)</script></mtext></math>",
        '<p style="background:url(javascript:alert(1))">Hei</p>',
        "<base href=\"https://evil.example/\"><meta http-equiv=refresh content='0;url=x'>",
    ],
)
def test_dangerous_html_never_survives(dangerous: str) -> None:
    cleaned = sanitize_html(f"<p>Hei Kari</p>{dangerous}").lower()

    for marker in ("<script", "alert", "javascript", "<iframe", "<form", "<input", "<object"):
        assert marker not in cleaned
    for marker in ("<embed", "<svg", "<math", "onerror", "onclick", "onload", "style", "data:"):
        assert marker not in cleaned
    assert "<base" not in cleaned
    assert "<meta" not in cleaned


def test_remote_and_data_images_are_removed_but_attached_ones_stay() -> None:
    html = (
        '<img src="https://tracker.example/pixel.gif" width="1" height="1">'
        '<img src="//tracker.example/p.gif"><img src="data:image/png;base64,iVBORw0KGgo=">'
        '<img alt="uten kilde"><img src="logo.png">'
        '<img src="CID:logo@example.no" alt="Logo" width="80" height="20" class="x" id="y">'
    )

    assert (
        sanitize_html(html) == '<img src="CID:logo@example.no" alt="Logo" width="80" height="20">'
    )


def test_links_get_rel_noopener_noreferrer_nofollow() -> None:
    html = '<a href="https://lytte.no" title="Lytte" target="_blank">Lytte</a>'

    assert sanitize_html(html) == (
        '<a href="https://lytte.no" title="Lytte" rel="noopener noreferrer nofollow">Lytte</a>'
    )


def test_formatting_is_kept_without_styles_classes_or_ids() -> None:
    html = (
        '<div class="x" id="y" style="color:red"><p><b>Viktig</b> <em>nå</em></p>'
        '<table><tr><td colspan="2" style="x">Sum</td></tr></table>'
        "<blockquote>sitat</blockquote><font color=red>rød</font></div>"
    )

    assert sanitize_html(html) == (
        "<div><p><b>Viktig</b> <em>nå</em></p>"
        '<table><tbody><tr><td colspan="2">Sum</td></tr></tbody></table>'
        "<blockquote>sitat</blockquote>rød</div>"
    )


def test_parsed_html_only_keeps_images_from_the_message_itself() -> None:
    parsed = parse_message(
        _mail(
            "Content-Type: text/html",
            body='<p>Hei</p><img src="https://t.example/o.gif"><img src="cid:a@b">',
        )
    )

    assert parsed.html == '<p>Hei</p><img src="cid:a@b">'


def test_parse_message_decodes_a_typical_email_message() -> None:
    # Round trip through the stdlib's own writer, as the SMTP intake will see it.
    message = EmailMessage()
    message["From"] = "Åsa Lindqvist <asa@example.se>"
    message["To"] = "support@lytte.no"
    message["Subject"] = "Återbetalning för order 12345"
    message.set_content("Hej! När får jag pengarna tillbaka?\n")
    parsed = parse_message(message.as_bytes())

    assert (parsed.from_name, parsed.subject) == ("Åsa Lindqvist", "Återbetalning för order 12345")
    assert parsed.text == "Hej! När får jag pengarna tillbaka?\n"


def test_tags_closed_as_written_do_not_count_as_nesting() -> None:
    """Word writes thousands of <o:p/>; none of them stays open, so none costs the mail its
    formatting."""
    html = "<o:p/>" * (MAX_NESTING + 50) + "<div><b>Viktig:</b> måleren står stille</div>"

    assert cap_nesting(html) == html
