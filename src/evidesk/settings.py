"""Django settings, driven by the environment (see README, "Configuration")."""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from evidesk import config

PACKAGE_DIR = Path(__file__).resolve().parent
INSTALL = config.load()
DATA_DIR = INSTALL.data_dir

SECRET_KEY = config.secret_key(DATA_DIR)
DEBUG = config.env_flag("EVIDESK_DEBUG")
ALLOWED_HOSTS = config.env_list("EVIDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = config.env_list("EVIDESK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "evidesk.system",
    "evidesk.accounts",
    "evidesk.audit",
    "evidesk.knowledge",
    "evidesk.cases",
    "evidesk.contacts",
    "evidesk.drafting",
    "evidesk.evidence",
    "evidesk.reports",
    "evidesk.api",
    "evidesk.web",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "evidesk.system.middleware.security_headers",
    "evidesk.system.freshness.count_changes",
    "evidesk.audit.services.remote_address",
    "evidesk.system.middleware.refuse_nul_characters",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "evidesk.accounts.middleware.account_guard",
    "evidesk.system.middleware.first_run",
    # Innermost: it fills the view's empty 405 while the reader's language and user are known.
    "evidesk.system.middleware.explain_not_allowed",
]

ROOT_URLCONF = "evidesk.urls"
WSGI_APPLICATION = "evidesk.wsgi.application"

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
                "evidesk.accounts.context.roles",
                "evidesk.web.context.frame_links",
            ],
        },
    },
]

DATABASES = {"default": INSTALL.database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
# Only server deployments collect assets for nginx (EVIDESK_STATIC_ROOT + `manage collectstatic`).
STATIC_ROOT = os.environ.get("EVIDESK_STATIC_ROOT") or None
# Assets are served by the application itself from the installed package: no CDN, no
# collectstatic step on a laptop. A server deployment may still collect them for nginx.
WHITENOISE_USE_FINDERS = True

# Attachments larger than this are refused (EVIDESK_MAX_UPLOAD_MB, default 50).
EVIDESK_MAX_UPLOAD_BYTES = config.env_int("EVIDESK_MAX_UPLOAD_MB") * 1024 * 1024
# Uploads above this size are spooled to a temporary file rather than held in memory, one
# without a name, so a server killed mid-upload leaves nothing behind (system/files.py).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "evidesk.system.files.AnonymousUploadHandler",
]
# Kept files live under DATA_DIR/files, or in an S3-compatible bucket (EVIDESK_STORAGE=s3 adds
# its storage here; see docs/storage.md).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    **INSTALL.storage.django_storages(),
}

# The REST API (evidesk.api): personal tokens only, JSON only (no browsable pages, whose inline
# scripts the Content-Security-Policy forbids), one error shape, pages of 50.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["evidesk.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["evidesk.api.permissions.TokenScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "evidesk.api.pagination.Pages",
    "EXCEPTION_HANDLER": "evidesk.api.errors.handle",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "evidesk API",
    "DESCRIPTION": "Cases, requests, deadlines, correspondence, evidence, drafting, the advisor "
    "and the knowledge base, with the permissions of the pages. Authenticate with a personal "
    "token: `Authorization: Bearer evd_…`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    # A record number in an address (system.converters.RecordId): a whole number of 18 digits.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}
    },
    # Served by the application itself: the documentation works without the internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"StageEnum": "evidesk.cases.models.Stage"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "evidesk.api.schema.add_error_responses",
    ],
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A working day at most; inactivity ends a session much sooner (accounts.middleware).
SESSION_COOKIE_AGE = 10 * 60 * 60
EVIDESK_SESSION_IDLE_MINUTES = config.env_int("EVIDESK_SESSION_IDLE_MINUTES")
# How long a web process may serve the dashboard or case lists it built moments ago while
# nothing changed (system.freshness); 0 builds every page anew.
EVIDESK_PAGES_KEPT_SECONDS = config.env_int("EVIDESK_PAGES_KEPT_SECONDS")
# Those pages live in each process's memory: a few pages for each of an office's people, some
# 20 KB each (Django's default of 300 would drop them in a large office).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 3000},
    }
}
# Every account must enrol an authenticator app; only a test laboratory may turn this off.
EVIDESK_REQUIRE_TWO_FACTOR = config.env_flag("EVIDESK_REQUIRE_TWO_FACTOR", True)
SESSION_COOKIE_SECURE = config.env_flag("EVIDESK_HTTPS")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = 31536000 if SESSION_COOKIE_SECURE else 0
if SESSION_COOKIE_SECURE:
    # Served over HTTPS by a TLS-terminating proxy (nginx) that sets this header; see
    # docs/deployment.md. Without EVIDESK_HTTPS the header is ignored.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# E-mail: SMTP when EVIDESK_SMTP_HOST is set, else written to the log (a laptop has no mail server).
DEFAULT_FROM_EMAIL = os.environ.get("EVIDESK_FROM_EMAIL", "evidesk@localhost")
EMAIL_HOST = os.environ.get("EVIDESK_SMTP_HOST", "")
EMAIL_PORT = config.env_int("EVIDESK_SMTP_PORT")
EMAIL_HOST_USER = os.environ.get("EVIDESK_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EVIDESK_SMTP_PASSWORD", "")
EMAIL_USE_TLS = config.env_flag("EVIDESK_SMTP_TLS", True)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"evidesk": {"level": "INFO"}},
}
