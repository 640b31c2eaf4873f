"""Settings, read from the environment.

With nothing set, Netiquette runs embedded: a SQLite file beside the code, Celery tasks
run eagerly in the web process, debug on. Set ``DATABASE_URL`` and ``REDIS_URL`` for
PostgreSQL and a Redis broker; set ``DJANGO_DEBUG=0`` (with ``DJANGO_SECRET_KEY`` and
``DJANGO_ALLOWED_HOSTS``) for production. The README documents every variable.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-embedded-development-key-never-use-in-production"

# The demo network (``seed_network``: a demo member and a moderator with a random password
# printed on the console) is for the embedded default and an explicit DEMO=1, never production.
DEMO = env_bool("DEMO", DEBUG)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_htmx",
    "template_partials",
    # The floors, bottom up (docs/architecture.md): the core, the two apps, then the
    # cross-cutting work that reads both.
    "netiquette.core",
    "connections",
    "messaging",
    "netiquette.scoring",
    "netiquette.moderation",
    "netiquette.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "netiquette.middleware.PrivatePagesMiddleware",
    # The site's own 404/500 pages for members in debug mode too; a page for action URLs.
    "netiquette.errors.ErrorPages",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "netiquette.urls"

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
                "netiquette.core.nav.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "netiquette.wsgi.application"

# --- Database -------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {
    # Persistent connections with health checks: one connection per web/worker process.
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if not USING_POSTGRES:
    # SQLite is the embedded default; the longer timeout rides out the eager tasks' writes.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis and Celery -------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")

CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = timedelta(hours=1)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A broker that is down must not hang a web request: fail fast, the sweep catches up.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker whose broker is gone keeps trying (every 2, 4, … up to 30 s) however long the outage,
# instead of exiting after 100 tries; on reconnecting it sweeps (``netiquette.celery``).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
# The sweep: every unscored or stale (older ruleset) item is handed to the workers in id
# ranges; a run finding earlier ranges still queued hands out nothing.
SCORING_SWEEP_SECONDS = int(os.environ.get("SCORING_SWEEP_SECONDS", 60))
SCORING_BATCH_SIZE = int(os.environ.get("SCORING_BATCH_SIZE", 500))
# A worker sweeps each time it (re)connects to the broker, so an outage's backlog is scored as
# soon as the worker is back (``netiquette.celery.SweepOnConnect``).
SCORING_SWEEP_ON_CONNECT = env_bool("SCORING_SWEEP_ON_CONNECT", True)
# A range task not started within this is dropped (workers down for long): the sweep re-issues.
SCORING_RANGE_EXPIRES = 60 * 60
# The result store is the same Redis: give up after a few seconds instead of twenty retries.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 3, "interval_start": 0, "interval_step": 0.5}
}
CELERY_BEAT_SCHEDULE: dict = {
    "sweep-scoring-backlog": {
        "task": "netiquette.sweep_backlog",
        "schedule": timedelta(seconds=SCORING_SWEEP_SECONDS),
        "options": {"expires": SCORING_SWEEP_SECONDS * 0.9},
    },
}
# A scoring batch holds row locks; a worker must never be cut off mid-commit by a soft limit.
CELERY_TASK_TIME_LIMIT = 15 * 60

if REDIS_URL:
    # Redis is an accelerator, never a dependency of a page: while it is down a read misses, a
    # write is dropped and both are logged (django-redis' IGNORE_EXCEPTIONS, logger
    # ``netiquette.cache``), and the short timeouts keep a hung Redis from holding a request.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "netiquette.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# This process's memory, in front of the default cache for what the live checks read at every
# typing pause (``netiquette.core.live_cache``): a few seconds per entry, bounded in size.
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "netiquette-live",
    "OPTIONS": {"MAX_ENTRIES": 10_000},
}

# --- Auth ------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute force (issue 16): django-axes counts failed log-ins (the site's and the admin's) in the
# database, and after AXES_FAILURE_LIMIT of them for one username, or from one address, within
# AXES_COOLOFF_TIME, refuses further tries with a page that says when to come back (HTTP 429).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, with a member's permissions read in one query, not two.
    "netiquette.core.permissions.OneQueryModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "netiquette.views.login_locked_out"
AXES_DISABLE_ACCESS_LOG = True  # failures only: no row per successful log-in
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR, or behind DJANGO_PROXY_COUNT trusted proxies the address
# they put into X-Forwarded-For (gunicorn trusts the header only from FORWARDED_ALLOW_IPS).
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", 0))
if PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# --- E-mail (password resets) ------------------------------------------------------------
# Printed to the console unless an SMTP server is configured: the embedded default has none,
# and a reset must never be "sent" into a server that is not there.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT") or 587)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Netiquette <no-reply@localhost>")

# --- I18N, static ----------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Fixed at import (the test runner flips DEBUG later): in development WhiteNoise serves from
# the finders and does not look for an uncollected STATIC_ROOT.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Profile photos are served by Django itself unless a web server or bucket takes over.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)
PROFILE_PHOTO_MAX_BYTES = 2 * 1024 * 1024
# Pixels a photo may claim before it is decoded (a decompression bomb is refused unopened), and
# the longest side it is stored with (``connections.profiles.photos``: re-encoded, no metadata).
PROFILE_PHOTO_MAX_PIXELS = 40_000_000
PROFILE_PHOTO_SIDE = 512

# Requests larger than this are refused before a view sees them (huge texts).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security (production) -------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): scripts and styles from this site only, plus a per-
# request nonce for what must be inline (htmx's indicator style, given it through htmx-config
# in base.html); no eval (htmx's allowEval is off), no plugins, no framing, forms post here.
# Pico's icons are data: SVGs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): a professional network needs no sensor.
PERMISSIONS_POLICY: dict[str, list] = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}
# HTTPS is known from gunicorn's wsgi.url_scheme, which trusts X-Forwarded-Proto only from the
# proxies in FORWARDED_ALLOW_IPS (netiquette/gunicorn.py); SECURE_PROXY_SSL_HEADER would trust
# the header from anyone who reaches gunicorn directly, so it is not set.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # The container healthcheck calls /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Drafts travel in the live checks' GET query strings: request-line logs drop them.
    "filters": {"no_drafts": {"()": "netiquette.logging.StripLiveCheckQuery"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["no_drafts"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["no_drafts"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs never carry query strings' contents into our own logs (drafts travel in
        # the live check's GET); Django's own request logger only logs paths on errors.
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["no_drafts"],
        },
        "django.request": {"filters": ["no_drafts"]},
    },
}

# Sessions read from Redis when there is one (the live check runs on every typing pause);
# "cached_db" writes through to the database, so a flushed cache logs nobody out, and with the
# cache failing soft (above) a Redis outage only sends the reads to the database.
SESSION_ENGINE = os.environ.get(
    "DJANGO_SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db",
)

# --- Netiquette ------------------------------------------------------------------------
NETIQUETTE = {
    "REQUEST_NOTE_MAX_LENGTH": 300,
    "MESSAGE_MAX_LENGTH": 8000,
}
