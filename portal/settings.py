"""Settings for the rule-of-law report portal, read from the environment.

Every variable is documented in README.md ("Configuration").
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY", "").strip()
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (see README, Configuration)."
        )
    # A development key that survives restarts, so that logins are not lost on every reload.
    key_file = VAR_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "import_export",
    "simple_history",
    "reports",
    "disclosure",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (which serves static files itself, precompressed), above everything that
    # makes or caches pages, so that cached pages are compressed too.
    "disclosure.responses.MissingStaticFileMiddleware",
    "disclosure.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "disclosure.responses.ContentLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
            ],
        },
    },
]

DATABASE_URL = (
    os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3's pool; Django requires persistent connections to be off when pooling.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        "timeout": 10,
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )

CACHE_URL = os.environ.get("CACHE_URL", "").strip()
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "rolportal"),
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// URL, or empty for local memory.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Column path used when a report does not name its own (政务公开 > 法治政府建设 > 依法行政).
REPORTS_DEFAULT_COLUMN_PATH = "政务公开 > 法治政府建设 > 依法行政"

# --- Office admin (issue 4): publication, imports ---------------------------------------------
# Code of the issuing organisation, the first part of a report's 索引号 (<code>/<year>-<serial>).
REPORTS_ORG_CODE = os.environ.get("REPORTS_ORG_CODE", "").strip()
# Days before the 4月1日 deadline from which the report's admin page warns.
REPORTS_DEADLINE_WARNING_DAYS = int(os.environ.get("REPORTS_DEADLINE_WARNING_DAYS", "30"))
# Largest spreadsheet or text file accepted for import, in bytes.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# --- Citizens' portal (disclosure): page cache and 点击数 (see README, "Citizens' portal").
TEMPLATES[0]["OPTIONS"]["context_processors"].append("disclosure.context_processors.portal")
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "300"))
PORTAL_VIEW_REPEAT_SECONDS = int(os.environ.get("PORTAL_VIEW_REPEAT_SECONDS", "1800"))

# --- The leadership's PDF (reports/pdf/) ---------------------------------------------------
INSTALLED_APPS += ["reports.pdf"]
# Prepared (subset) fonts, made by `manage.py prepare_pdf_fonts` at set-up.
PDF_FONT_DIR = Path(os.environ.get("PDF_FONT_DIR", VAR_DIR / "fonts"))
# Rendered PDFs, one per report year and content version. Point it at a shared folder when
# several app servers serve the PDF, or define a STORAGES["pdfs"] alias (e.g. S3), which wins.
PDF_STORAGE_DIR = Path(os.environ.get("PDF_STORAGE_DIR", VAR_DIR / "pdf"))
# "file": a lock file beside PDF_STORAGE_DIR (one machine, or a shared file system with locks);
# "cache": Django's cache (use with CACHE_URL=redis://… when servers share no file system).
PDF_LOCK = os.environ.get("PDF_LOCK", "file").strip().lower()
# Render ahead when a published report changes: "thread" (background), "sync", or "off".
# portal/test_settings.py turns it off: a background thread would outlive a test's database.
PDF_RENDER_AHEAD = os.environ.get("PDF_RENDER_AHEAD", "thread").strip().lower()
# WeasyPrint reports every layout step at INFO; its warnings still show.
LOGGING["loggers"]["weasyprint.progress"] = {"level": "WARNING"}


# --- Browsers and crawlers (issue 18; see README, "Browsers, crawlers and sharing") -------------
# Static files get a content hash in their name (cached for a year, immutable) and brotli and
# gzip copies, all made by `collectstatic`; WhiteNoise serves them.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def _site_origin(value: str) -> str:
    from urllib.parse import urlsplit

    origin = value.strip().rstrip("/")
    if not origin:
        return ""
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
        raise ImproperlyConfigured(
            "PORTAL_SITE_ORIGIN must be a scheme and a host only, e.g. https://fzzf.example.gov.cn"
        )
    return origin


# The one address search engines and shared links should use (canonical, Open Graph, sitemap,
# feed); empty: the address the request came to.
PORTAL_SITE_ORIGIN = _site_origin(os.environ.get("PORTAL_SITE_ORIGIN", ""))
# Compress pages in Django; turn off when a proxy in front compresses them (deploy/ nginx).
PORTAL_COMPRESS_PAGES = env_bool("PORTAL_COMPRESS_PAGES", default=True)
if not PORTAL_COMPRESS_PAGES:
    MIDDLEWARE.remove("disclosure.compression.CompressionMiddleware")
# The page's language as HTML and HTTP name it (<html lang>, Content-Language, JSON-LD).
PORTAL_LANGUAGE_TAG = "zh-CN"

# Behind a TLS proxy: the header the proxy sets to tell Django the request came over HTTPS, e.g.
# "X-Forwarded-Proto: https". Only set it when the proxy always sets (or strips) that header.
# (Added for issue 18 so that sitemap, feed and canonical URLs say https://; engineer "security"
# owns the HTTP security settings and keeps or moves this block.)
_proxy_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    _name, _, _value = _proxy_ssl_header.partition(":")
    if not _name.strip() or not _value.strip():
        raise ImproperlyConfigured(
            'DJANGO_SECURE_PROXY_SSL_HEADER must look like "X-Forwarded-Proto: https".'
        )
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _name.strip().upper().replace("-", "_"),
        _value.strip(),
    )
