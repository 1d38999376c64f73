"""Settings for the rule-of-law report portal, read from the environment.

Every variable is documented in README.md ("Configuration"). The file is grouped by topic; each
setting is defined once, in full, and never changed further down. Importing the settings writes
nothing: the folders and the development secret key are made by the set-up (scripts/setup.sh).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_float(name: str, default: float) -> float:
    value = env_str(name)
    try:
        return float(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Paths -----------------------------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parent.parent
# The SQLite database, the development key and generated files; made by the set-up.
VAR_DIR = Path(env_str("PORTAL_VAR_DIR") or BASE_DIR / "var")
DEV_SECRET_KEY_FILE = VAR_DIR / "dev-secret-key"


# --- Core --------------------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", default=False)


def _secret_key() -> str:
    key = env_str("DJANGO_SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see README, Configuration)."
        )
    # A development key that survives restarts, so that logins are not lost on every reload.
    # scripts/setup.d/10-dev-secret-key.sh makes it; the settings only read it.
    try:
        return DEV_SECRET_KEY_FILE.read_text().strip()
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"No development secret key in {DEV_SECRET_KEY_FILE}: run `make setup`, "
            "or set DJANGO_SECRET_KEY."
        ) from None


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
# Where the admin lives, e.g. "office-7f3a/" on a public host; keep it off the public internet
# with the proxy's IP allow-list all the same (README, "Security").
ADMIN_URL_PREFIX = env_str("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"


# --- Applications and middleware ----------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "axes",
    "csp",
    "import_export",
    "simple_history",
    "reports",
    "disclosure",
    "reports.pdf",
    "accounts",
    "safeguards",
]

# Compress pages in Django (brotli or gzip); turn off when a proxy in front compresses them.
PORTAL_COMPRESS_PAGES = env_bool("PORTAL_COMPRESS_PAGES", default=True)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the body (CsrfViewMiddleware reads POST data in its process_view).
    "safeguards.middleware.RequestGuardMiddleware",
    # Before the page cache, so that cached pages carry the policy too.
    "safeguards.csp.PortalCSPMiddleware",
    # Below WhiteNoise (which serves static files itself, precompressed), above everything that
    # makes or caches pages, so that cached pages are compressed too.
    "disclosure.responses.MissingStaticFileMiddleware",
    *(["disclosure.compression.CompressionMiddleware"] if PORTAL_COMPRESS_PAGES else []),
    # Cached public pages are answered here, before sessions, locale, CSRF and auth (serving).
    "disclosure.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "disclosure.responses.ContentLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.AuditMiddleware",
    "accounts.middleware.StaffIdleTimeoutMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

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
                "disclosure.context_processors.portal",
            ],
        },
    },
]


# --- Database ------------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"


def _database(url: str) -> dict:
    database = dj_database_url.parse(url)
    if database["ENGINE"] == "django.db.backends.postgresql":
        # psycopg 3's pool; Django requires persistent connections to be off when pooling.
        database["CONN_MAX_AGE"] = 0
        # With a pool, Django turns this into psycopg_pool's check=ConnectionPool.check_connection:
        # each connection is tested as it is handed out, so that after a PostgreSQL restart the
        # dead connections the pool still holds are replaced instead of failing requests.
        database["CONN_HEALTH_CHECKS"] = True
        database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN", 2),
            "max_size": env_int("DATABASE_POOL_MAX", 10),
            "timeout": 10,
        }
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
            }
        )
    return database


DATABASES = {"default": _database(DATABASE_URL)}


# --- Cache -------------------------------------------------------------------------------------
CACHE_URL = env_str("CACHE_URL")


def _caches(url: str) -> dict:
    if url.startswith(("redis://", "rediss://", "unix://")):
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": env_str("CACHE_KEY_PREFIX") or "rolportal",
                # Short timeouts: a Redis that does not answer degrades the site (pages are
                # rendered without it), it must not hold every request (reports/sharedcache.py).
                "OPTIONS": {
                    "socket_connect_timeout": env_float("CACHE_CONNECT_TIMEOUT", 0.5),
                    "socket_timeout": env_float("CACHE_TIMEOUT", 1.0),
                },
            }
        }
    if url:
        raise ImproperlyConfigured("CACHE_URL must be a redis:// URL, or empty for local memory.")
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


CACHES = _caches(CACHE_URL)


# --- Accounts, passwords, sessions, lockout, audit (accounts/, README "Security") ----------------
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account and address is refused before the password is tried.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 等保2.0: at least 10 characters from at least 3 of the 4 kinds (lower, upper, digit, symbol).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]
# Staff are logged out after this many minutes without a request (accounts.middleware).
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
# The cookie lives a little longer than the idle time; the server-side check decides.
SESSION_COOKIE_AGE = (STAFF_SESSION_IDLE_MINUTES + 2) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Login lockout (django-axes): after LOGIN_FAILURE_LIMIT failures for one account from one
# address, that pair is refused for LOGIN_LOCKOUT_MINUTES; administrators unlock in the admin.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 30)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "accounts.audit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Request header in which the reverse proxy passes the reader's address (e.g. X-Real-IP);
# empty: the peer's address. Set it only behind a proxy that overwrites the header.
CLIENT_IP_HEADER = env_str("DJANGO_CLIENT_IP_HEADER")


# --- Language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# The pages' language as HTML and HTTP name it (<html lang>, Content-Language, JSON-LD).
PORTAL_LANGUAGE_TAG = "zh-CN"


# --- Static and uploaded files -------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Made by the set-up and by `collectstatic` (WhiteNoise warns while it is missing).
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT") or VAR_DIR / "staticfiles")
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT") or VAR_DIR / "media")
MEDIA_URL = "/media/"
# Static files get a content hash in their name (cached for a year, immutable) and brotli and
# gzip copies, all made by `collectstatic`; WhiteNoise serves them.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


# --- Request limits (safeguards.middleware), judged on Content-Length before the body is read -
# The public site takes no uploads; the admin's forms; the admin's imports (IMPORT_MAX_UPLOAD_BYTES).
PUBLIC_MAX_REQUEST_BYTES = env_int("PUBLIC_MAX_REQUEST_BYTES", 64 * 1024)
ADMIN_MAX_REQUEST_BYTES = env_int("ADMIN_MAX_REQUEST_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ADMIN_MAX_REQUEST_BYTES


# --- HTTP security: TLS, cookies, headers (README "Security") ------------------------------------
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# For a TLS deployment behind the proxy (all off by default, for plain-HTTP development).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD")


def _proxy_ssl_header(value: str) -> tuple[str, str] | None:
    """ "X-Forwarded-Proto" (meaning "X-Forwarded-Proto: https") or "Header-Name: value"."""
    if not value:
        return None
    name, _, expected = value.partition(":")
    if not name.strip() or (_ and not expected.strip()):
        raise ImproperlyConfigured(
            'DJANGO_SECURE_PROXY_SSL_HEADER must be a header name such as "X-Forwarded-Proto".'
        )
    return ("HTTP_" + name.strip().upper().replace("-", "_"), expected.strip() or "https")


# Behind a TLS proxy: the header in which the proxy says the reader's connection was HTTPS,
# e.g. X-Forwarded-Proto, so that Django (and the sitemap, feed and canonical URLs) know the
# request was HTTPS. Only set it when the proxy always sets or strips that header.
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header(env_str("DJANGO_SECURE_PROXY_SSL_HEADER"))
# Content-Security-Policy (django-csp): the public site runs no JavaScript at all; the admin
# (safeguards.csp) runs its own scripts from /static/ and nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'none'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    # django-import-export's export page has one inline handler; it alone is allowed, by hash.
    "script-src": [
        "'self'",
        "'unsafe-hashes'",
        "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
    ],
    # The admin and django-import-export set a few style attributes.
    "style-src": ["'self'", "'unsafe-inline'"],
    "frame-ancestors": ["'self'"],
}


# --- Logging and alerts ------------------------------------------------------------------------
# Errors (a 500, a failed PDF, ...) are mailed to ADMINS: "Name <mail>" or "mail", comma-separated.
ADMINS = [
    (address.split("<")[0].strip() or address, address.split("<")[-1].rstrip(">").strip())
    for address in env_list("DJANGO_ADMINS")
]
SERVER_EMAIL = env_str("DJANGO_SERVER_EMAIL", "root@localhost")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_SUBJECT_PREFIX = env_str("DJANGO_EMAIL_SUBJECT_PREFIX", "[法治政府报告门户] ")
# The audit log (accounts.audit) also goes to this file when set, beside the console.
AUDIT_LOG_FILE = env_str("PORTAL_AUDIT_LOG_FILE")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
        **(
            {
                "audit_file": {
                    "class": "logging.handlers.WatchedFileHandler",
                    "filename": AUDIT_LOG_FILE,
                }
            }
            if AUDIT_LOG_FILE
            else {}
        ),
    },
    "root": {
        "handlers": ["console", "mail_admins"],
        "level": env_str("DJANGO_LOG_LEVEL") or "INFO",
    },
    "loggers": {
        # Django's own "django" logger would mail errors a second time: send it to the root only.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # django-axes tells every step at INFO; failures and lockouts are WARNING.
        "axes": {"level": "WARNING"},
        # A request for a host not in ALLOWED_HOSTS is noise from scanners, not an alert.
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
        "portal.audit": {
            "handlers": ["audit_file"] if AUDIT_LOG_FILE else [],
            "level": "INFO",
            "propagate": True,
        },
        # WeasyPrint reports every layout step at INFO; its warnings still show.
        "weasyprint.progress": {"level": "WARNING"},
    },
}


# --- Reports: office admin, publication, imports (see README, "Office admin") -----------------
# Column path used when a report does not name its own (政务公开 > 法治政府建设 > 依法行政).
REPORTS_DEFAULT_COLUMN_PATH = "政务公开 > 法治政府建设 > 依法行政"
# Code of the issuing organisation, the first part of a report's 索引号 (<code>/<year>-<serial>).
REPORTS_ORG_CODE = env_str("REPORTS_ORG_CODE")
# Days before the 4月1日 deadline from which the report's admin page warns.
REPORTS_DEADLINE_WARNING_DAYS = env_int("REPORTS_DEADLINE_WARNING_DAYS", 30)
# Largest spreadsheet or text file accepted for import, in bytes.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False


# --- Citizens' portal (disclosure): page cache and 点击数 (see README, "Citizens' portal") ------
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", 300)
PORTAL_VIEW_REPEAT_SECONDS = env_int("PORTAL_VIEW_REPEAT_SECONDS", 1800)


def _site_origin(value: str) -> str:
    origin = value.rstrip("/")
    if not origin:
        return ""
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
        raise ImproperlyConfigured(
            "PORTAL_SITE_ORIGIN must be a scheme and a host only, e.g. https://fzzf.example.gov.cn"
        )
    return origin


# The one address search engines and shared links should use (canonical, Open Graph, JSON-LD,
# sitemap, feed, robots.txt); empty: the address each request came to.
PORTAL_SITE_ORIGIN = _site_origin(env_str("PORTAL_SITE_ORIGIN"))


# --- The leadership's PDF (reports/pdf/, see README, "PDF") -------------------------------------
# Prepared (subset) fonts, made by `manage.py prepare_pdf_fonts` at set-up.
PDF_FONT_DIR = Path(env_str("PDF_FONT_DIR") or VAR_DIR / "fonts")
# The Fandol fonts (仿宋 and 楷体), taken from Debian's texlive-lang-chinese by the set-up
# (scripts/setup.d/40-fandol-fonts.sh); an installed TeX Live's copy is used when present.
PDF_FANDOL_DIR = Path(env_str("PDF_FANDOL_DIR") or VAR_DIR / "fandol")
# Rendered PDFs, one per report year and content version. Point it at a shared folder when
# several app servers serve the PDF, or define a STORAGES["pdfs"] alias (e.g. S3), which wins.
PDF_STORAGE_DIR = Path(env_str("PDF_STORAGE_DIR") or VAR_DIR / "pdf")
# "file": a lock file beside PDF_STORAGE_DIR (one machine, or a shared file system with locks);
# "cache": Django's cache (use with CACHE_URL=redis://… when servers share no file system).
PDF_LOCK = env_str("PDF_LOCK", "file").lower()
# Render ahead when a published report changes: "thread" (background), "sync", or "off".
# portal/test_settings.py turns it off: a background thread would outlive a test's database.
PDF_RENDER_AHEAD = env_str("PDF_RENDER_AHEAD", "thread").lower()


# --- Serving (issue 12; README, "Deployment") ------------------------------------------------
# The page cache's generation in the shared cache is the authority; the content stamp of the
# public reports is checked on a miss and, per process, at most this often on hits.
PORTAL_STAMP_CHECK_SECONDS = env_int("PORTAL_STAMP_CHECK_SECONDS", 30)
# The internal location of the shipped nginx configuration that sends stored PDFs
# (X-Accel-Redirect), e.g. "/_stored_pdf/"; empty: Django sends the file. Used only when the
# store is PDF_STORAGE_DIR on the proxy's own disk.
PDF_ACCEL_REDIRECT = env_str("PDF_ACCEL_REDIRECT")
# "database": PDFs kept in the database (reports/pdf/dbstorage.py), seen by every app server
# without a shared file system; "files" (default): PDF_STORAGE_DIR.
PDF_STORE = env_str("PDF_STORE", "files").lower()
