"""Arpenteur settings: one file, read from the environment.

Every value that may change between deployments comes from an environment variable read through
the typed helpers of arpenteur.core.env, which fail loudly on bad values. docs/settings.md lists
them all (a test keeps that page complete). ARPENTEUR_ENV picks the mode:

- development (default): DEBUG on, SQLite in ./var, console e-mail — what `make run` uses;
- test: chosen automatically under pytest; guard rails on (invalid template variables fail…);
- production: refuses to start unless the configuration is safe (secret key, hosts, HTTPS).
"""

import importlib.util
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from arpenteur.core.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
_RUNNING_TESTS = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

ENVIRONMENT = env_choice(
    "ARPENTEUR_ENV", "test" if _RUNNING_TESTS else "development", {"development", "test", "production"}
)
PRODUCTION = ENVIRONMENT == "production"
TESTING = ENVIRONMENT == "test"

DATA_DIR = Path(env_str("ARPENTEUR_DATA_DIR", str(BASE_DIR / "var")))

_INSECURE_KEY = "django-insecure-arpenteur-development-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _INSECURE_KEY)
DEBUG = env_bool("DEBUG", ENVIRONMENT == "development")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

if PRODUCTION:
    _problems = []
    if len(SECRET_KEY) < 50 or SECRET_KEY == _INSECURE_KEY or len(set(SECRET_KEY)) < 5:
        _problems.append("SECRET_KEY must be set to a random string of at least 50 characters")
    if DEBUG:
        _problems.append("DEBUG must be false")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        _problems.append("ALLOWED_HOSTS must list the site's host names (no '*')")
    if not SITE_URL.startswith("https://"):
        _problems.append("SITE_URL must be an https:// address")
    if _problems:
        raise ImproperlyConfigured("Unsafe production configuration: " + "; ".join(_problems) + ".")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "arpenteur.core",
    "arpenteur.accounts",
    "arpenteur.territories",
    "arpenteur.residencies",
    "arpenteur.commissioning",
    "arpenteur.fieldwork",
    "arpenteur.analysis",
    "arpenteur.workshops",
    "arpenteur.roadmap",
    "arpenteur.publications",
    "arpenteur.programmes",
    "arpenteur.library",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "arpenteur.urls"
WSGI_APPLICATION = "arpenteur.wsgi.application"


class _InvalidTemplateVariable(str):
    """In tests, a template that reads a missing variable fails instead of printing nothing."""

    def __mod__(self, other):
        raise ValueError(f"Invalid template variable: {other!r}")


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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "arpenteur.core.context_processors.site",
            ],
            **({"string_if_invalid": _InvalidTemplateVariable("%s")} if TESTING else {}),
        },
    }
]

# --- Database ---------------------------------------------------------------------------------
# SQLite by default (WAL, busy timeout, immediate transactions so writers queue instead of
# failing); PostgreSQL when DATABASE_URL points to one.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "arpenteur.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not TESTING:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing speed only matters for tests; production keeps Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "residencies:list"
LOGOUT_REDIRECT_URL = "core:home"
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1)

# Login throttling: after LOGIN_FAILURE_LIMIT wrong passwords for one address from one IP
# address, that pair is refused for LOGIN_LOCKOUT_MINUTES (arpenteur.accounts.throttle).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)

# --- Sessions and security --------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list binds every sub-domain for years: the operator's
        # decision, not ours (docs/decisions.md). Without it, the check's reminder is noise.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_PROXY_SSL_HEADER = (
        ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", True) else None
    )

BASEMAP_URL = env_str("BASEMAP_URL", "")
BASEMAP_ATTRIBUTION = env_str("BASEMAP_ATTRIBUTION", "")

# Strict CSP: our own files only; inline scripts only with the per-request nonce.
_img_sources = [SELF, "data:", "blob:"]
if BASEMAP_URL:
    from urllib.parse import urlsplit

    _parts = urlsplit(BASEMAP_URL.replace("{s}", "a"))
    _img_sources.append(f"{_parts.scheme}://{_parts.netloc.replace('a.', '*.', 1)}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": _img_sources,
        "media-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
    }
}

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "arpenteur" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
# Leaflet comes from the django-leaflet package, used only for its static files: its Django app
# imports GeoDjango (and so GDAL), which we do not use (see docs/decisions.md).
STATICFILES_DIRS = [Path(importlib.util.find_spec("leaflet").submodule_search_locations[0]) / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Outside production, WhiteNoise serves straight from the apps' static folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
FILE_STORAGE = env_choice("FILE_STORAGE", "local", {"local", "s3"})
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if FILE_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "region_name": env_str("S3_REGION") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 50 * 1024 * 1024, minimum=1024)

# --- Cache, background tasks, e-mail ----------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS_BACKEND = env_choice(
    "TASKS_BACKEND", "immediate" if TESTING else "database", {"database", "rq", "immediate"}
)
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND],
        "QUEUES": ["default"],
    }
}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Arpenteur <ne-pas-repondre@arpenteur.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING" if TESTING else "INFO")},
}

# --- fieldwork ---
# Field capture: uploads are checked before they are stored (photos re-encoded, audio sniffed).
FIELDWORK_PHOTO_MAX_MB = env_int("FIELDWORK_PHOTO_MAX_MB", 20, minimum=1)
FIELDWORK_PHOTO_MAX_SIDE = env_int("FIELDWORK_PHOTO_MAX_SIDE", 2560, minimum=320)
FIELDWORK_AUDIO_MAX_MB = env_int("FIELDWORK_AUDIO_MAX_MB", 40, minimum=1)
# Public contributions: a browser may send a few per hour, a network (one IP, e.g. a town hall's
# wifi during a workshop) many more, so that a room sharing one connection is not blocked.
FIELDWORK_CONTRIBUTIONS_PER_BROWSER = env_int("FIELDWORK_CONTRIBUTIONS_PER_BROWSER", 6, minimum=1)
FIELDWORK_CONTRIBUTIONS_PER_IP = env_int("FIELDWORK_CONTRIBUTIONS_PER_IP", 120, minimum=1)

# --- programmes ---
# Largest attachment a commune or EPCI may add to an application, in megabytes.
PROGRAMMES_ATTACHMENT_MAX_MB = env_int("PROGRAMMES_ATTACHMENT_MAX_MB", 10, minimum=1)
