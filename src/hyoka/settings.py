"""Django settings for Hyoka.

Storage: SQLite in ``HYOKA_DATA_DIR`` (default: the user's data directory) with no set-up,
or PostgreSQL when ``DATABASE_URL`` is given (``postgres://user@host:5432/name``).
Production: ``HYOKA_PRODUCTION=1`` (``hyoka serve --production`` sets it), ``HYOKA_SECRET_KEY``,
``HYOKA_ALLOWED_HOSTS`` (comma-separated). Behind a reverse proxy that ends TLS:
``HYOKA_BEHIND_PROXY=1`` (HTTPS redirect, HSTS for ``HYOKA_HSTS_SECONDS``, the client address
from ``X-Forwarded-For``) and ``HYOKA_CSRF_TRUSTED_ORIGINS``. Every variable is in
docs/deployment.md; docs/security.md says why.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from platformdirs import user_data_dir

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("HYOKA_DATA_DIR") or user_data_dir("hyoka", appauthor=False))
PRODUCTION = os.environ.get("HYOKA_PRODUCTION", "") == "1"
DEBUG = not PRODUCTION and os.environ.get("HYOKA_DEBUG", "1") == "1"
#: A reverse proxy in front ends TLS and sets X-Forwarded-Proto and X-Forwarded-For.
BEHIND_PROXY = os.environ.get("HYOKA_BEHIND_PROXY", "") == "1"
#: Whether the secret key came from the environment (several servers must share one key).
SECRET_KEY_FROM_ENV = bool(os.environ.get("HYOKA_SECRET_KEY"))


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_int(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip()
    try:
        return int(text) if text else default
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {text!r}") from None


def _secret_key() -> str:
    if key := os.environ.get("HYOKA_SECRET_KEY"):
        return key
    # A key of this installation, kept beside its data (never in the repository).
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _env_list("HYOKA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
if not PRODUCTION:
    ALLOWED_HOSTS.append("testserver")
#: Origins (scheme and host) whose forms may post here, e.g. ``https://hyoka.example.jp``.
CSRF_TRUSTED_ORIGINS = _env_list("HYOKA_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "ninja",  # the API docs' Swagger UI from its own static files, not a CDN (the CSP)
    "hyoka.accounts",
    "hyoka.plans",
    "hyoka.evaluation",
    "hyoka.workflow",
    "hyoka.publishing",
    "hyoka.api",
    "hyoka.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "hyoka.web.bidi.BidiMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # last: turns a locked-out sign-in into the lockout page (django-axes)
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:  # static files from STATIC_ROOT (collectstatic); the dev server serves its own
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

#: Content-Security-Policy (django-csp): scripts, styles, fonts and connections from Hyoka's own
#: origin only — no inline script or style (the entry form's preview is a static file; the
#: charts draw with SVG attributes), images also as data: URLs (the API docs' icons); no plugins,
#: no framing, forms post only here.  The HTML export alone adds inline styles (a standalone
#: document).  docs/security.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

ROOT_URLCONF = "hyoka.urls"
WSGI_APPLICATION = "hyoka.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if (
        DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        and os.environ.get("HYOKA_DB_PREPARE", "1") != "0"
    ):
        # parameters bound by the server, and a statement run a fifth time on a connection
        # prepared (psycopg's prepare_threshold): the fixed statements of a save and of the
        # pages are then parsed and planned once per connection, not on every run (a save's
        # ten statements spent 0.2–0.6 ms each in the planner).  HYOKA_DB_PREPARE=0 for a
        # pooler that cannot keep prepared statements (PgBouncer in transaction mode before
        # 1.21).  docs/deployment.md
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "hyoka.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SERIALIZATION_MODULES = {"hyoka-json": "hyoka.backup_format"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes, counted in the database so every worker and server agrees):
# after HYOKA_LOGIN_FAILURE_LIMIT failures for one user name from one address, that pair is
# locked for HYOKA_LOGIN_COOLOFF_MINUTES (or until `hyoka user unlock NAME`), the right password
# included. The first backend only checks the lock; ModelBackend signs in.
AUTHENTICATION_BACKENDS = [
    "hyoka.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _env_int("HYOKA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=_env_int("HYOKA_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hyoka.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "hyoka.accounts.client.client_address"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workflow:entry"
LOGOUT_REDIRECT_URL = "web:status_list"
EMAIL_BACKEND = os.environ.get(
    "HYOKA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("HYOKA_FROM_EMAIL", "hyoka@localhost")

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

#: The database cache table (created by migrate: hyoka.accounts migration 0002).
CACHE_TABLE = "hyoka_cache"
if PRODUCTION:
    # One cache for every worker and server (the API's failed-token counts): a table in the
    # database they already share, so there is no other service to run, secure and back up.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "TIMEOUT": 300,
            # room for many addresses: culling at Django's default 300 rows would let a client
            # spread over many addresses wipe the counts of others
            "OPTIONS": {"MAX_ENTRIES": 50000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if PRODUCTION:
    SESSION_COOKIE_SECURE = os.environ.get("HYOKA_INSECURE_COOKIES") != "1"
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_CONTENT_TYPE_NOSNIFF = True

if BEHIND_PROXY:
    # Only a proxy that ends TLS makes these right: plain `hyoka serve --production` on
    # http://127.0.0.1 (loopback use) neither redirects nor sends HSTS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = _env_int("HYOKA_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
    SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0 and os.environ.get("HYOKA_HSTS_PRELOAD") != "0"
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
