"""Blognet settings: one module, read from the environment.

With nothing set, Blognet runs on SQLite in the project folder with DEBUG on and
e-mail printed to the console. Production sets at least SECRET_KEY, ALLOWED_HOSTS,
DATABASE_URL and DEBUG=false (README.md lists every variable).
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from people.ldap_settings import authentication_backends, ldap_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Whether people who are not logged in may read published posts (DESIGN.md: default no).
BLOGNET_ANONYMOUS_READING = env_bool("BLOGNET_ANONYMOUS_READING", False)
# Blognet's own "Wachtwoord vergeten?" pages; off (404, no link) where login comes from single sign-on.
BLOGNET_PASSWORD_RESET = env_bool("BLOGNET_PASSWORD_RESET", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "blognet",
    "django_tasks",
    "django_tasks_db",
    "people",
    "blogs",
    "comments",
    "decisions",
    "notifications",
    "insights",
    "search",
    "imports",
    "siteadmin",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may read the database (sessions, auth, visits): see blognet/health.py.
    "blognet.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "blognet.request_guard.NulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "blognet.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "people.visits.VisitMiddleware",
    # In DEBUG too, templates/404.html rather than Django's technical page (blognet/not_found.py).
    "blognet.not_found.NotFoundPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "blognet.urls"
WSGI_APPLICATION = "blognet.wsgi.application"

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
                "notifications.context_processors.unread_notifications",
                "people.visits.previous_visit",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
    # start of a transaction, so two staff saving at once wait for each other instead of
    # one of them getting "database is locked" halfway (Django 5.1+ options).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "blogs:front_page"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: lock a username from one address after repeated failures, so one
# person mistyping cannot lock out a colleague behind the same library proxy.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Single sign-on through OpenID Connect (people/sso.py; README.md says what each variable does): on
# when a client id and the provider's discovery document or issuer are set. Off, nothing of it runs.
OIDC_DISCOVERY_URL = os.environ.get("OIDC_DISCOVERY_URL", "")
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_NAME_CLAIM = os.environ.get("OIDC_NAME_CLAIM", "name")
OIDC_EMAIL_CLAIM = os.environ.get("OIDC_EMAIL_CLAIM", "email")
OIDC_DEPARTMENT_CLAIM = os.environ.get("OIDC_DEPARTMENT_CLAIM", "department")
OIDC_ROLES_CLAIM = os.environ.get("OIDC_ROLES_CLAIM", "roles")
OIDC_REQUIRED_ROLE = os.environ.get("OIDC_REQUIRED_ROLE", "")
OIDC_MANAGER_ROLE = os.environ.get("OIDC_MANAGER_ROLE", "")
OIDC_SITE_ADMIN_ROLE = os.environ.get("OIDC_SITE_ADMIN_ROLE", "")
OIDC_LINK_BY_EMAIL = env_bool("OIDC_LINK_BY_EMAIL", False)
OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS = int(os.environ.get("OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS", "900"))
OIDC_TIMEOUT = float(os.environ.get("OIDC_TIMEOUT", "10"))
# Off: the login page shows only the single sign-on button; /accounts/login/?lokaal=1 still logs in a
# site admin with a password (break glass when the identity provider is down).
BLOGNET_LOCAL_LOGIN = env_bool("BLOGNET_LOCAL_LOGIN", True)
if OIDC_CLIENT_ID and (OIDC_DISCOVERY_URL or OIDC_ISSUER):
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "people.sso.SSOBackend"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
        "people.sso_refresh.SessionRefresh",
    )

# Login with the organisation's directory (LDAP / Active Directory) when LDAP_SERVER_URI is set: its
# backend after the local ones, so django-axes throttles it as it does local logins (people/ldap_login.py).
_ldap = ldap_settings(os.environ)
globals().update(_ldap)
AUTHENTICATION_BACKENDS = authentication_backends(AUTHENTICATION_BACKENDS, _ldap)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploads are served by blogs.media, which checks who may see each; set to nginx's internal
# location ("/protected-media/") to let nginx send the bytes after the check (X-Accel-Redirect).
BLOGNET_MEDIA_ACCEL_REDIRECT = os.environ.get("BLOGNET_MEDIA_ACCEL_REDIRECT", "")
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
# Uploads larger than this are refused by the image forms with a clear message; Django's own
# limit sits a little higher so the form, not a bare 400, is what people see.
BLOGNET_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
BLOGNET_MAX_IMAGE_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Importing an old blog (imports/): the largest export accepted, counted after unpacking a zip
# or gzip; uploaded exports wait outside MEDIA_ROOT (never served) until they are imported.
BLOGNET_IMPORT_MAX_BYTES = int(os.environ.get("BLOGNET_IMPORT_MAX_BYTES", 100 * 1024 * 1024))
BLOGNET_IMPORT_ROOT = Path(os.environ.get("BLOGNET_IMPORT_ROOT", BASE_DIR / "private" / "imports"))
# Fetching an imported post's images: only public addresses unless this is on (the tests turn it
# on for their own server on 127.0.0.1), within a time and a size limit.
BLOGNET_IMPORT_ALLOW_PRIVATE_ADDRESSES = env_bool("BLOGNET_IMPORT_ALLOW_PRIVATE_ADDRESSES", False)
BLOGNET_IMPORT_FETCH_TIMEOUT = float(os.environ.get("BLOGNET_IMPORT_FETCH_TIMEOUT", "10"))

# Fragments that are the same for every reader (post cards, the sidebar) and the rate limits.
# Local memory of each process: with several workers each counts its own rate limits (REDIS_URL, below,
# makes one cache for all).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 1000},  # about 2 MB of cards per worker
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Background work (notification e-mail) goes through a queue in the database; `manage.py
# db_worker` runs it. No broker to install, and it works on SQLite and PostgreSQL alike.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _served_at():
    """Where `dev.py run` serves (HOST, PORT): a server on every address is reached at 127.0.0.1."""
    host = os.environ.get("HOST", "") or "127.0.0.1"
    if host in ("0.0.0.0", "::", "[::]"):
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{os.environ.get('PORT', '') or '8000'}"


# The address the links in e-mail point to.
BLOGNET_SITE_URL = (os.environ.get("BLOGNET_SITE_URL", "") or _served_at()).rstrip("/")
# In DEBUG, Django's technical 404 page instead of Blognet's own (blognet/not_found.py).
BLOGNET_TECHNICAL_404 = env_bool("BLOGNET_TECHNICAL_404", False)

# E-mail: console by default; SMTP when EMAIL_HOST is set; otherwise with EMAIL_FILE_PATH (dev.py run
# sets ./sent-mail), a file per message and one line in the terminal (blognet/mailfiles.py).
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds each step of an SMTP exchange may wait: without it a server that never answers holds a
# worker for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# A task still RUNNING after this many seconds lost its worker (kill -9, an OOM kill): `manage.py
# db_worker` puts it back in the queue. Far above the longest mail exchange, whose dozen steps each
# wait at most EMAIL_TIMEOUT.
BLOGNET_TASK_STALE_AFTER = int(os.environ.get("BLOGNET_TASK_STALE_AFTER", str(30 * EMAIL_TIMEOUT)))
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
elif EMAIL_FILE_PATH:
    EMAIL_BACKEND = "blognet.mailfiles.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Blognet <blognet@localhost>")

# Content-Security-Policy: no inline scripts anywhere. Inline styles are allowed because
# ProseMirror (inside the post editor) writes style attributes into the markup it generates;
# user content cannot carry styles, the sanitizer strips them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Several app servers (README, "Grote installatie"): a shared cache and a shared object store ---
# REDIS_URL: one cache for every app server, so fragments are made once for all, rate limits count
# across servers and sessions are read from Redis before the database. blognet.cache answers as an
# empty cache while Redis is down (sessions then come from their rows: cached_db), and gives up on a
# connection within these timeouts. django-axes keeps its database handler: its lockouts are shared
# through the database already, and a Redis outage must not quietly switch login throttling off.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "blognet.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "blognet",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.5},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# S3_BUCKET: uploads in a private bucket of an S3-compatible object store (blognet/storage.py). Posts
# keep Blognet's own /media/ addresses; /media/ checks who may see a file and redirects to a signed
# address valid for S3_SIGNED_URL_SECONDS, which browsers must be able to reach (S3_ENDPOINT_URL).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
S3_REGION = os.environ.get("S3_REGION", "")
S3_SIGNED_URL_SECONDS = int(os.environ.get("S3_SIGNED_URL_SECONDS", "60"))
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "blognet.storage.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": S3_ENDPOINT_URL or None,
            "region_name": S3_REGION or None,
            # Empty: boto3 finds credentials itself (an instance role, ~/.aws).
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,  # no ACL sent: each object private to the bucket's owner, never public-read
            "querystring_auth": True,
            "querystring_expire": S3_SIGNED_URL_SECONDS,
            "file_overwrite": False,  # two uploads of foto.jpg get two names, as on disk
            "addressing_style": "path" if S3_ENDPOINT_URL else "virtual",
        },
    }
    # An <img> redirected to the bucket is checked against img-src where it lands.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += (
        ["/".join(S3_ENDPOINT_URL.split("/")[:3])]
        if S3_ENDPOINT_URL
        else [f"https://{S3_BUCKET}.s3.amazonaws.com", f"https://{S3_BUCKET}.s3.{S3_REGION}.amazonaws.com"]
    )
# --- end of several app servers ---

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
