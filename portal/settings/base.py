"""Settings shared by every environment. dev/test/production import from here and adjust."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-dev-key-change-me")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "portal.core",
    "portal.people",
    "portal.search",
    "portal.ops",
    "portal.notifications",
    "content",
    "content.acknowledgements",
    "quizzes",
    "quizzes.certification",
    "quizzes.exams",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    # wagtail.contrib.simple_translation is not installed: wagtail-localize is the one "Translate" entry
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.core.admin_language.AdminLanguageMiddleware",  # admin: the user's preference, else Chinese
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.people.context_processors.portal",
                "portal.notifications.context_processors.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

# Every settings module honours DATABASE_URL; without it, an SQLite file beside the code.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "portal.accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Internationalisation: Simplified Chinese is the working language, English is kept side by side.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# zh_Hans for Wagtail's own admin strings that Wagtail's catalog leaves in English (portal.core.wagtail_catalog)
LOCALE_PATHS += [BASE_DIR / "portal" / "core" / "wagtail_catalog"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
# Private files (certificate PDFs, attempt archives, restricted documents) never live under MEDIA_URL: they are
# kept in the "private" storage and served only by permission-checked views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private"))
# In production the reverse proxy sends private files: an internal location (e.g. /_private/) aliased to
# PRIVATE_MEDIA_ROOT; the permission-checked view answers with X-Accel-Redirect to it (docs/DEPLOYMENT.md).
PORTAL_PRIVATE_FILES_ACCEL_PREFIX = os.environ.get("PORTAL_PRIVATE_FILES_ACCEL_PREFIX", "")
# The default storage keeps Wagtail documents (documents/…) in PRIVATE_MEDIA_ROOT with no URL
# (portal.core.private_files.MediaStorage); images stay public under MEDIA_URL.
STORAGES = {
    "default": {"BACKEND": "portal.core.private_files.MediaStorage"},
    "private": {
        "BACKEND": "portal.core.private_files.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The upload guard's limits (portal.core.uploads.DEFAULTS gives every key and its default): MAX_BYTES,
# ZIP_MAX_ENTRIES, ZIP_MAX_ENTRY_RATIO, ZIP_MAX_TOTAL_RATIO, ZIP_RATIO_FLOOR, ZIP_MAX_UNCOMPRESSED, MAX_ROWS,
# MAX_COLUMNS, MAX_CELL_CHARS, MAX_TEXT_CHARS. Override single keys here; each import may set lower ones.
PORTAL_UPLOADS: dict[str, int] = {}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background tasks (django-tasks). The embedded default runs them in-process; production
# settings switch to the database backend with a separate worker (manage.py db_worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Daily jobs (cron or any scheduler), idempotent per day:
#   manage.py publish_scheduled               (Wagtail: scheduled versions go live; opens their acknowledgement
#                                              rounds) — every few minutes
#   manage.py apply_supersessions             (regulations whose replacement came into force) — e.g. 00:05
#   manage.py send_acknowledgement_reminders  (acknowledgements due soon / overdue; e-mails sent by the task
#                                              worker) — e.g. 07:30
ACKNOWLEDGEMENT_REMINDER_DAYS_BEFORE = 3  # "due soon" reminder this many days before the due date
ACKNOWLEDGEMENT_OVERDUE_REMINDER_EVERY_DAYS = 7  # overdue reminders repeat this often

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

WAGTAIL_SITE_NAME = _("Knowledge & Certification Portal")
# The bank's own admin branding (portal.core.branding): name, logo, favicon (static paths), colours (#rrggbb;
# "primary" is the sidebar, "secondary" the buttons). Each can be set per installation in the environment.
PORTAL_ADMIN_BRANDING = {
    "name": os.environ.get("PORTAL_BRAND_NAME") or WAGTAIL_SITE_NAME,
    **{
        key: os.environ[variable]
        for key, variable in [
            ("logo", "PORTAL_BRAND_LOGO"),
            ("favicon", "PORTAL_BRAND_FAVICON"),
            ("primary", "PORTAL_BRAND_PRIMARY"),
            ("secondary", "PORTAL_BRAND_SECONDARY"),
        ]
        if os.environ.get(variable)
    },
}
# The page model of each language's home page (the page chrome links to it without importing the CMS app).
PORTAL_HOME_PAGE_MODEL = "content.HomePage"
WAGTAILADMIN_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's own search (admin page search, choosers) through the portal's Chinese analysis (bigrams,
# Traditional -> Simplified, synonyms): the stock backend finds no two-character word inside a title.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search.backends.wagtail"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Documents are private files: always through Wagtail's view (collection privacy checked), never a storage URL;
# in production the web server sends them (X-Accel-Redirect, portal.core.sendfile_accel).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
if PORTAL_PRIVATE_FILES_ACCEL_PREFIX:
    SENDFILE_BACKEND = "portal.core.sendfile_accel"
WAGTAIL_ENABLE_UPDATE_CHECK = False  # intranet: never call the internet
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILEMBEDS_FINDERS = []  # no oEmbed calls to the internet
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # avatars: Wagtail's own default image, never gravatar.com

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@bank.invalid")

# Elasticsearch is the scale-out search engine; unset means the embedded database search.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
PORTAL_ENVIRONMENT = "development"

# Staff sign-in (the bank's directory when LDAP_SERVER_URI is set, break-glass local accounts, the 工号 form),
# lockout (django-axes) and the session policy: portal/settings/sign_in.py and directory.py.
from .sign_in import *  # noqa: E402,F401,F403
from .sign_in import SIGN_IN_APPS, SIGN_IN_MIDDLEWARE  # noqa: E402

INSTALLED_APPS += SIGN_IN_APPS
MIDDLEWARE += SIGN_IN_MIDDLEWARE

# --- Hardening (issue 13) -------------------------------------------------------------------------------
# The headers go on first (right after SecurityMiddleware), so every response carries them: static files,
# language redirects, sign-in lockouts and error pages included.
MIDDLEWARE[1:1] = [
    "portal.core.middleware.SecurityHeadersMiddleware",
    "portal.core.middleware.PortalCSPMiddleware",
]
MIDDLEWARE += ["portal.core.middleware.ReadingRequiresLoginMiddleware"]
INSTALLED_APPS += ["csp"]
from csp.constants import NONCE  # noqa: E402

# Client address behind proxies (portal.core.net): the header is read only with a number of trusted proxies,
# rightmost-first; otherwise REMOTE_ADDR.
PORTAL_CLIENT_IP_HEADER = os.environ.get("PORTAL_CLIENT_IP_HEADER", "")
PORTAL_TRUSTED_PROXIES = int(os.environ.get("PORTAL_TRUSTED_PROXIES", "0") or 0)
# django-axes counts failed sign-ins per account and address: the same address, read the same way.
AXES_CLIENT_IP_CALLABLE = "portal.core.net.client_address"
# An intranet: the knowledge base, documents and search need a signed-in user unless this is on.
PORTAL_PUBLIC_READING = os.environ.get("PORTAL_PUBLIC_READING", "") == "1"
# A refused form (CSRF) gets the portal's page in the site chrome, not Django's explanation for developers.
CSRF_FAILURE_VIEW = "portal.core.errors.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatars from the internet
# Portal pages: scripts only from the portal itself, or inline with the request's nonce
# (<script nonce="{{ request.csp_nonce }}">); never 'unsafe-inline' for scripts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Wagtail's admin (as strict as it allows): inline scripts remain in its panels and date widgets.
PORTAL_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# --- end hardening -----------------------------------------------------------------------------------------
