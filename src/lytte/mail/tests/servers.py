"""Real mail servers on loopback for the mail tests: Dovecot for IMAP, aiosmtpd for SMTP.

Both live entirely in a temporary directory and on a free 127.0.0.1 port, so they neither need
nor disturb a system-wide Dovecot (Debian's package may start one on 143/993). The fixtures are
in conftest.py; this module has no Django in it.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import grp
import imaplib
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from imapclient.imap_utf7 import decode as imap_utf7_decode
from imapclient.imap_utf7 import encode as imap_utf7_encode

HOST = "127.0.0.1"
DOVECOT_CANDIDATES = ("/usr/sbin/dovecot",)
INSTALL_HINT = "`make mailserver`, or apt-get install dovecot-imapd"


def find_dovecot() -> str | None:
    """The dovecot binary, or None. /usr/sbin is often not on a non-root user's PATH."""
    found = shutil.which("dovecot")
    if found:
        return found
    return next((path for path in DOVECOT_CANDIDATES if os.access(path, os.X_OK)), None)


def require_dovecot() -> str:
    """The dovecot binary; skip, loudly, without one, or fail when CI says it must be there."""
    binary = find_dovecot()
    if binary is not None:
        return binary
    message = (
        f"!!! IMAP TESTS NOT RUN: dovecot is missing. Install it ({INSTALL_HINT}); "
        "LYTTE_REQUIRE_MAILSERVER=1 makes this a failure. !!!"
    )
    if os.environ.get("LYTTE_REQUIRE_MAILSERVER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    """A port nothing listens on right now (the OS picks it; racy, but only in theory here)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


# --- IMAP -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Folders:
    """The special-use folders every test mailbox starts with (created at first login)."""

    inbox: str = "INBOX"
    sent: str = "Sent"
    drafts: str = "Drafts"
    trash: str = "Trash"
    junk: str = "Junk"
    archive: str = "Archive"
    separator: str = "/"


class StoredMessage(NamedTuple):
    """A message as the server stores it (bare LF in what was delivered becomes CRLF)."""

    uid: int
    flags: frozenset[str]
    raw: bytes


class DovecotError(RuntimeError):
    pass


def quote_mailbox(name: str) -> str:
    """A folder name as an IMAP quoted string (modified UTF-7: think "Å"; imaplib quotes none)."""
    encoded = imap_utf7_encode(name).decode("ascii")
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class _Accounts:
    """Who runs what. Dovecot will not run mail processes as root: a passwd-file uid 0 is
    "invalid", and with mail_uid = root and first_valid_uid = 0 the imap process still stops
    at a hard-coded "Mail access not allowed for root". So when the tests run as root (CI,
    containers) the mail belongs to `nobody`, and auth and login keep their usual unprivileged
    users (Debian's dovecot and dovenull). As anybody else every process runs as that user:
    Dovecot cannot switch users then, nor chroot."""

    root: bool
    mail_uid: int
    mail_gid: int
    internal_user: str
    internal_group: str
    login_user: str

    @classmethod
    def current(cls) -> _Accounts:
        if os.geteuid() != 0:
            me = pwd.getpwuid(os.geteuid())
            group = grp.getgrgid(me.pw_gid).gr_name
            return cls(False, me.pw_uid, me.pw_gid, me.pw_name, group, me.pw_name)
        nobody = pwd.getpwnam("nobody")
        internal = _existing_user("dovecot", fallback="nobody")
        return cls(
            True,
            nobody.pw_uid,
            nobody.pw_gid,
            internal.pw_name,
            grp.getgrgid(internal.pw_gid).gr_name,
            _existing_user("dovenull", fallback="nobody").pw_name,
        )


def _existing_user(name: str, fallback: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return pwd.getpwnam(fallback)


def _world_traversable(path: Path) -> bool:
    return all(p.stat().st_mode & stat.S_IXOTH for p in [path, *path.parents])


def _server_dir(accounts: _Accounts) -> Path:
    # As root, the unprivileged mail and auth processes must reach into the directory: the usual
    # /tmp is fine, a TMPDIR under /root is not.
    base = Path(tempfile.gettempdir())
    if accounts.root and not _world_traversable(base):
        base = Path("/tmp")  # noqa: S108 - only to be reachable by nobody; mkdtemp below
    directory = Path(tempfile.mkdtemp(prefix="lytte-dovecot-", dir=base))
    directory.chmod(0o711)  # traversable, not listable
    return directory


_CONFIG = """\
# Written by lytte/mail/tests/servers.py for one test server; nothing from /etc/dovecot.
base_dir = {dir}/run
state_dir = {dir}/state
log_path = {log}
protocols = imap
listen = {host}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A wrong password is refused after 0.5 s (the login process waits that long) instead of 2 s.
auth_failure_delay = 0
auth_verbose = yes
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = {mail_uid}
first_valid_gid = {mail_gid}
mail_uid = {mail_uid}
mail_gid = {mail_gid}
mail_location = maildir:~/Maildir:LAYOUT=fs
mail_fsync = never
# Tests open several sessions per user (an IDLE, a fetch, the helpers): the default is 10.
mail_max_userip_connections = 1000
# Inotify tells IDLE sessions about new mail at once; this is the fallback where it cannot.
mailbox_idle_check_interval = 1 secs
namespace inbox {{
  inbox = yes
  separator = {separator}
  mailbox {sent} {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox {drafts} {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox {trash} {{
    special_use = \\Trash
    auto = subscribe
  }}
  mailbox {junk} {{
    special_use = \\Junk
    auto = subscribe
  }}
  mailbox {archive} {{
    special_use = \\Archive
    auto = subscribe
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {users}
}}
userdb {{
  driver = passwd-file
  args = {users}
}}
service imap-login {{
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
{chroot}}}
service anvil {{
{chroot}}}
"""

# Only root may chroot: without it, these two services (chroot = login, = empty) run unjailed.
_NO_CHROOT = "  chroot =\n"


class DovecotServer:
    """A Dovecot IMAP server on 127.0.0.1 with passwd-file users and Maildir storage.

    `start()` and `stop()` may be called repeatedly (the port stays the same), so a test can
    make the server go away under a client and come back. Use it as a context manager, or call
    `close()`, to stop it and delete its directory.
    """

    def __init__(
        self,
        user: str = "support@lytte.test",
        password: str = "correct horse battery staple",  # noqa: S107 - a throwaway test server
        *,
        binary: str | None = None,
        startup_timeout: float = 10.0,
    ) -> None:
        found = binary or find_dovecot()
        if found is None:
            raise DovecotError(f"dovecot is not installed ({INSTALL_HINT})")
        self.binary = found
        self.host = HOST
        self.port = free_port()
        self.user = user
        self.password = password
        self.folders = Folders()
        self.startup_timeout = startup_timeout
        self._accounts = _Accounts.current()
        self.dir = _server_dir(self._accounts)
        self.log_path = self.dir / "dovecot.log"
        self.config_path = self.dir / "dovecot.conf"
        self._users_path = self.dir / "users"
        self._mail_root = self.dir / "mail"
        self._process: subprocess.Popen[bytes] | None = None
        self._started = False
        self._prepare()
        self.add_user(user, password)

    # -- lifecycle --

    def _prepare(self) -> None:
        for name in ("run", "state"):
            (self.dir / name).mkdir()
        self._mail_root.mkdir(mode=0o700)
        if self._accounts.root:
            os.chown(self._mail_root, self._accounts.mail_uid, self._accounts.mail_gid)
        self._users_path.touch(mode=0o644)  # read by the auth process (the internal user)
        self._write_config()

    def _write_config(self) -> None:
        folders = self.folders
        self.config_path.write_text(
            _CONFIG.format(
                dir=self.dir,
                log=self.log_path,
                host=self.host,
                port=self.port,
                users=self._users_path,
                internal_user=self._accounts.internal_user,
                internal_group=self._accounts.internal_group,
                login_user=self._accounts.login_user,
                mail_uid=self._accounts.mail_uid,
                mail_gid=self._accounts.mail_gid,
                separator=folders.separator,
                sent=folders.sent,
                drafts=folders.drafts,
                trash=folders.trash,
                junk=folders.junk,
                archive=folders.archive,
                chroot="" if self._accounts.root else _NO_CHROOT,
            )
        )

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start Dovecot in the foreground and return once it greets IMAP clients."""
        if self.running:
            return
        for attempt in range(3):
            try:
                self._start()
                return
            except DovecotError as error:
                # Another process may have taken the free port between free_port() and now;
                # once a test has seen the port, though, it has to stay.
                if self._started or attempt == 2 or "Address already in use" not in str(error):
                    raise
                self.port = free_port()
                self._write_config()

    def _start(self) -> None:
        with self.log_path.open("ab") as log:  # startup errors go to stderr, not log_path
            self._process = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.config_path)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                # Its own process group, so stop() reaches its children (see there).
                start_new_session=True,
            )
        try:
            self._wait_for_greeting()
        except BaseException:
            self.stop()
            raise
        self._started = True

    def _wait_for_greeting(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise DovecotError(
                    f"dovecot exited with {self._process.returncode} at start-up:\n{self.log()}"
                )
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as conn:
                    if conn.recv(1024).startswith(b"* OK"):
                        return
            except OSError:
                pass
            time.sleep(0.02)
        raise DovecotError(f"dovecot did not greet on port {self.port} in time:\n{self.log()}")

    def stop(self) -> None:
        """Stop Dovecot (its sessions die with it); a no-op when it is not running."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        # SIGTERM to the master alone takes it 1.1 s to wind its children down. To the whole
        # group, everybody is gone in milliseconds, except that now and then the master has
        # started a nap of a second (or more) before it looks again: its children are dead by
        # then, it has nothing left to do but to wake up, so it gets a SIGKILL instead.
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            _signal_group(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> DovecotServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def log(self, last: int | None = None) -> str:
        """Dovecot's log so far (its `last` lines): put it in assertion messages."""
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except FileNotFoundError:
            return ""
        return "\n".join(lines[-last:] if last else lines)

    # -- users --

    def add_user(self, user: str, password: str) -> None:
        """Another mailbox; Dovecot rereads the users file when it changes, even while running."""
        if any(c in user + password for c in ":\n"):
            raise ValueError("user names and passwords may not contain ':' or newlines here")
        home = self._mail_root / user
        # name:password:uid:gid:gecos:home:shell; uid/gid come from mail_uid/mail_gid.
        with self._users_path.open("a") as users:
            users.write(f"{user}:{{PLAIN}}{password}::::{home}::\n")

    # -- mailbox access, for arranging and asserting --

    def connect(self, user: str | None = None, password: str | None = None) -> imaplib.IMAP4:
        """A logged-in imaplib session (as the default user unless told otherwise)."""
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            imap.login(
                self.user if user is None else user,
                self.password if password is None else password,
            )
        except BaseException:
            imap.shutdown()
            raise
        return imap

    def deliver(self, raw: bytes, folder: str = "INBOX", flags: Iterable[str] = ()) -> int:
        """APPEND a message (so Dovecot assigns its UID) and return that UID."""
        flag_names = list(flags)
        with self.connect() as imap:
            flag_list = "(" + " ".join(flag_names) + ")" if flag_names else None
            typ, data = imap.append(quote_mailbox(folder), flag_list, None, raw)
            _check(typ, data, f"APPEND to {folder!r}")
            match = re.search(rb"\[APPENDUID \d+ (\d+)\]", _first(data))
            if match is None:
                raise DovecotError(f"APPEND to {folder!r} returned no UID: {data!r}")
            return int(match.group(1))

    def messages(self, folder: str = "INBOX") -> list[StoredMessage]:
        """Every message in a folder, by UID, read without setting \\Seen. Flags leave out
        \\Recent: it belongs to whichever session looked first, and so to no assertion."""
        with self.connect() as imap:
            typ, data = imap.select(quote_mailbox(folder), readonly=True)
            _check(typ, data, f"EXAMINE {folder!r}")
            if int(_first(data)) == 0:
                return []
            typ, data = imap.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[])")
            _check(typ, data, f"FETCH in {folder!r}")
            return sorted(_parse_fetch(data))

    def create_folder(self, name: str) -> None:
        with self.connect() as imap:
            typ, data = imap.create(quote_mailbox(name))
            _check(typ, data, f"CREATE {name!r}")
            typ, data = imap.subscribe(quote_mailbox(name))
            _check(typ, data, f"SUBSCRIBE {name!r}")

    def folder_names(self) -> list[str]:
        """All folders of the default user (decoded from modified UTF-7)."""
        with self.connect() as imap:
            typ, data = imap.list()
            _check(typ, data, "LIST")
        # Each line: (\HasNoChildren \Sent) "/" Sent, or a "quoted \"name\"" at the end.
        names = []
        for line in data:
            match = (
                re.search(rb'\) (?:"[^"]*"|NIL) (.*)$', line) if isinstance(line, bytes) else None
            )
            if match:
                name = match.group(1)
                if name.startswith(b'"'):
                    name = re.sub(rb"\\(.)", rb"\1", name[1:-1])
                names.append(imap_utf7_decode(name))
        return names


def _signal_group(pgid: int, signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


def _first(data: list[Any]) -> bytes:
    item = data[0] if data else b""
    return item if isinstance(item, bytes) else b""


def _check(typ: str, data: list[Any], what: str) -> None:
    if typ != "OK":
        raise DovecotError(f"{what} failed: {typ} {data!r}")


def _parse_fetch(data: list[Any]) -> Iterable[StoredMessage]:
    # imaplib hands back (b'1 (UID 7 FLAGS (\\Seen) BODY[] {42}', b'<raw>') then b')', or the
    # items after the literal in that trailing string: read UID and FLAGS from both.
    pending: tuple[bytes, bytes] | None = None
    for item in [*data, None]:
        if isinstance(item, tuple) or item is None:
            if pending is not None:
                yield _stored(*pending)
            pending = (item[0], item[1]) if isinstance(item, tuple) else None
        elif isinstance(item, bytes) and pending is not None:
            pending = (pending[0] + b" " + item, pending[1])


def _stored(meta: bytes, raw: bytes) -> StoredMessage:
    uid = re.search(rb"UID (\d+)", meta)
    flags = re.search(rb"FLAGS \(([^)]*)\)", meta)
    if uid is None or flags is None:
        raise DovecotError(f"Cannot read FETCH response {meta!r}")
    flag_set = frozenset(flags.group(1).decode().split()) - {"\\Recent"}
    return StoredMessage(int(uid.group(1)), flag_set, raw)


# --- SMTP -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMail:
    """One message as the sink got it: the envelope and the bytes after DATA, untouched."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    mail_options: list[str] = field(default_factory=list)
    login: str | None = None  # the AUTH user, if the client logged in

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps every message instead of sending it on.

    It offers AUTH PLAIN/LOGIN without TLS and accepts `user`/`password`; clients that do not
    log in are accepted too (assert on `ReceivedMail.login`). It can fail DATA on demand.
    """

    def __init__(
        self,
        user: str = "support@lytte.test",
        password: str = "correct horse battery staple",  # noqa: S107 - a throwaway test server
    ) -> None:
        self.host = HOST
        self.port = free_port()
        self.user = user
        self.password = password
        self._lock = threading.Condition()
        self._messages: list[ReceivedMail] = []
        self._failures: list[int] = []
        self._controller = Controller(
            self,  # aiosmtpd calls handle_DATA below
            hostname=self.host,
            port=self.port,
            server_hostname="sink.lytte.test",
            decode_data=False,
            auth_require_tls=False,
            authenticator=self._authenticate,
        )

    @property
    def url(self) -> str:
        """The sink as LYTTE_SMTP_URL names it (logging in, no TLS)."""
        user, password = quote(self.user, safe=""), quote(self.password, safe="")
        return f"smtp+plain://{user}:{password}@{self.host}:{self.port}"

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> SmtpSink:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        ok = (
            isinstance(data, LoginPassword)
            and data.login.decode() == self.user
            and data.password.decode() == self.password
        )
        return AuthResult(success=ok, handled=False, auth_data=data if ok else None)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        with self._lock:
            if self._failures:
                code = self._failures.pop(0)
                return f"{code} Simulated failure (lytte test sink)"
            raw = envelope.original_content or b""
            login = session.auth_data.login.decode() if session.authenticated else None
            self._messages.append(
                ReceivedMail(
                    mail_from=envelope.mail_from or "",
                    rcpt_tos=list(envelope.rcpt_tos),
                    raw=raw if isinstance(raw, bytes) else raw.encode(),
                    mail_options=list(envelope.mail_options),
                    login=login,
                )
            )
            self._lock.notify_all()
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self._messages)

    def wait_for(self, count: int, timeout: float = 10) -> list[ReceivedMail]:
        """Block until at least `count` messages arrived; all of them, or AssertionError."""
        with self._lock:
            if not self._lock.wait_for(lambda: len(self._messages) >= count, timeout):
                got = [(m.mail_from, m.rcpt_tos) for m in self._messages]
                raise AssertionError(
                    f"SMTP sink expected {count} message(s) within {timeout} s, got "
                    f"{len(got)}: {got}"
                )
            return list(self._messages)

    def fail_next(self, n: int = 1, code: int = 451) -> None:
        """Answer the next `n` DATA commands with `code` (451: try again later)."""
        with self._lock:
            self._failures.extend([code] * n)

    def reset(self) -> None:
        with self._lock:
            self._messages.clear()
            self._failures.clear()
