"""Django settings, read from the environment (healthchecks style).

HARDTECH_DATA_DIR  data directory (default: the per-user data dir); SQLite lives here by default
DATABASE_URL       e.g. postgres://user@127.0.0.1:5432/hardtech to use PostgreSQL
SECRET_KEY, DEBUG, ALLOWED_HOSTS
HARDTECH_LOGIN_FAILURES, HARDTECH_LOCKOUT_MINUTES, HARDTECH_PROXY_COUNT, HARDTECH_TOKEN_DAYS  (see below)
HARDTECH_ANON_RATE, HARDTECH_ANON_COSTLY_RATE  anonymous API rate limits (see below)
HARDTECH_LOG_FORMAT  json for log lines as JSON objects (default: plain text)
HTTPS              1 when the site is served over HTTPS (directly or behind a proxy that sets
                   X-Forwarded-Proto): secure cookies, HSTS and the redirect from plain HTTP
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url

from hardtech.paths import data_dir, private_file

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = private_file(DATA_DIR / "secret_key")
    if not path.read_text().strip():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "hardtech.core",
    "hardtech.accounts",
    "hardtech.catalogue",
    "hardtech.audit",
    "hardtech.spreadsheets",
    "hardtech.demo",
    "hardtech.web",
    "hardtech.matching",
    "hardtech.policies",
    "hardtech.notifications",
    "hardtech.messaging",
    "hardtech.review",
    "hardtech.deals",
    "hardtech.events",
    "hardtech.grants",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "hardtech.api.middleware.json_errors",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hardtech.accounts.sessions.session_activity",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "hardtech.audit.middleware.CurrentUserMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login's response into the lockout answer
]

ROOT_URLCONF = "hardtech.urls"
WSGI_APPLICATION = "hardtech.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hardtech.web.context.site",
                "hardtech.notifications.context.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(default=f"sqlite:///{DATA_DIR / 'hardtech.sqlite3'}", conn_max_age=60)
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    if DATABASES["default"]["NAME"] != ":memory:":
        private_file(Path(DATABASES["default"]["NAME"]))  # SQLite gives its -wal/-shm files the same mode
    # WAL lets the web server read while an import writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

HTTPS = _env_bool("HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes from the load balancer come over plain HTTP
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "hardtech.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Password guessing: after HARDTECH_LOGIN_FAILURES wrong passwords for one user name from one client address,
# that pair is refused for HARDTECH_LOCKOUT_MINUTES, on the web login, the admin login, the password change
# form and POST /api/tokens alike (django-axes; the counts live in the database, so every web node sees them).
# Keyed on user name and address together, so nobody can lock a user out from elsewhere. Behind reverse
# proxies, HARDTECH_PROXY_COUNT says how many, so the client address is read from X-Forwarded-For.
AUTHENTICATION_BACKENDS = [
    "hardtech.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "hardtech.accounts.backends.OperatorBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("HARDTECH_LOGIN_FAILURES", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("HARDTECH_LOCKOUT_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the retry time shown stays true
AXES_CLIENT_IP_CALLABLE = "hardtech.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "hardtech.accounts.lockout.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # failures are what lockout needs; no growing log of every sign-in
HARDTECH_PROXY_COUNT = int(os.environ.get("HARDTECH_PROXY_COUNT", 0))

# API tokens expire after this many days (a client may ask for fewer).
HARDTECH_TOKEN_DAYS = int(os.environ.get("HARDTECH_TOKEN_DAYS", 90))

# Anonymous API use is rate-limited per client address ("count/s|m|h|d"): every call, and separately the
# costly ones (a search with q, matches, policy evaluation). Token and session callers are not limited.
HARDTECH_ANON_RATE = os.environ.get("HARDTECH_ANON_RATE", "120/m")
HARDTECH_ANON_COSTLY_RATE = os.environ.get("HARDTECH_ANON_COSTLY_RATE", "20/m")
# The client address as for the login lockout, not a spoofable header.
NINJA_NUM_PROXIES = HARDTECH_PROXY_COUNT

# The interface is Simplified Chinese whatever the browser asks for.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns on every request while it is missing
MEDIA_URL = "media/"  # never served directly: downloads go through attachments.download (permissions)
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Attachments: PDF and images only, at most 20 MB each and 10 per achievement or demand.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
ATTACHMENT_MAX_COUNT = int(os.environ.get("ATTACHMENT_MAX_COUNT", 10))
# The zone's GB/T 2260 region code: a contract party registered there is "in the zone" (区内), and the
# registry numbers its technology contracts with it (技术合同登记号 = year + this code + serial).
ZONE_REGION_CODE = os.environ.get("ZONE_REGION_CODE", "610131")
# Days before a deal checklist item's due date that its reminder goes out.
DEAL_REMINDER_DAYS = int(os.environ.get("DEAL_REMINDER_DAYS", 3))
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# Content-Security-Policy (django-csp) on every page, the admin and /api/docs included: scripts and styles
# only from the site's own files (no inline script, style attribute or eval), nothing embedded, no framing,
# forms posting only to the site. data: images are the icons in Swagger UI's stylesheet (/api/docs).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

MATCH_INDEX_DIR = DATA_DIR / "match-index"

# 利益冲突 (review.conflicts): how far back co-work and a former post bar an expert, and per-rule overrides
# ({"coauthor": {"enabled": False}}, {"family": {"reference": "…"}}, {"coauthor": {"count_undated": False}}).
REVIEW_COAUTHOR_YEARS = int(os.environ.get("REVIEW_COAUTHOR_YEARS", 3))
REVIEW_FORMER_EMPLOYER_YEARS = int(os.environ.get("REVIEW_FORMER_EMPLOYER_YEARS", 3))
# an expert's assignments over all review rounds not yet closed
REVIEW_MAX_OPEN_ASSIGNMENTS = int(os.environ.get("REVIEW_MAX_OPEN_ASSIGNMENTS", 20))
REVIEW_CONFLICT_RULES: dict[str, dict] = {}

# Bulk import limits (hardtech import, the operator's upload page).
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 50 * 1024 * 1024))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 100_000))

# E-mail of notifications: written as files under DATA_DIR/mail unless EMAIL_BACKEND names another backend
# (django.core.mail.backends.smtp.EmailBackend in production, with the EMAIL_* settings below). SITE_URL
# starts the links in e-mails.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 10))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "硬科技创新服务平台 <noreply@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# HARDTECH_LOG_FORMAT=json writes every log line as a JSON object for a log collector (core/logformat.py).
LOG_FORMAT = os.environ.get("HARDTECH_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A 403 or 400 is logged in one line, without the traceback Django attaches to it.
    "filters": {"one_line_4xx": {"()": "hardtech.core.logfilters.ClientErrorsWithoutTraceback"}},
    "formatters": {"json": {"()": "hardtech.core.logformat.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["one_line_4xx"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
