"""Settings of the portal, read from environment variables (and `.env` if present).

The defaults are production's (DEBUG off, HTTPS only); SECRET_KEY must always be
given. The embedded development run (`make run`) sets DEBUG and a key of its own and
then gets SQLite in `var/`, Celery tasks executed eagerly, e-mail and SMS written
to `var/outbox/`. Production sets the variables listed in docs/configuration.md.
"""

from datetime import time, timedelta
from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets annotated generics such as ListAPIView[Agency] run, not only type-check.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core ---
# Production is the default: development commands (make run, make stack, the
# tests' pytest env) turn DEBUG on explicitly.
DEBUG = env.bool("DEBUG", default=False)
# No default: without a key nothing can be signed (sessions, reset links) and the
# web and worker processes refuse to start (core.startup); commands that sign
# nothing (migrate, makemigrations, check) still run.
SECRET_KEY = env.str("SECRET_KEY", default="")
if SECRET_KEY and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured(
        "SECRET_KEY must be a random value of at least 50 characters."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
PROVINCE_NAME = env.str("PROVINCE_NAME", default="Tỉnh Lâm Đồng")
# The province's contact point, in the footer of every page (docs/configuration.md).
PROVINCE_CONTACT_NAME = env.str(
    "PROVINCE_CONTACT_NAME",
    default="Trung tâm Phục vụ hành chính công tỉnh Lâm Đồng",
)
PROVINCE_CONTACT_ADDRESS = env.str("PROVINCE_CONTACT_ADDRESS", default="")
PROVINCE_HOTLINE = env.str("PROVINCE_HOTLINE", default="1022")
PROVINCE_CONTACT_EMAIL = env.str("PROVINCE_CONTACT_EMAIL", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts.apps.LoginLockoutConfig",  # django-axes, named in Vietnamese
    "core",
    "accounts",
    "procedures",
    "datastore",
    "dossiers",
    "identity",
    "payments",
    "documents",
    "notifications",
    "feedback",
    "stats",
    "national",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside everything that writes the body; public pages only (BREACH).
    "core.middleware.PublicGZipMiddleware",
    # Before anything reads the body (sessions, CSRF, uploads).
    "core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PortalLocaleMiddleware",
    # Inside the language, outside the rest: an empty 405 gets the portal's page.
    "core.errors.ErrorPageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.ApiMethodNotAllowedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so that it sees the answer of a locked-out login (django-axes).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "egov.urls"
WSGI_APPLICATION = "egov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.portal",
            ],
        },
    },
]

# --- Database ---
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    # A database that does not answer fails the request in seconds, not minutes.
    _options.setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
    # psycopg 3's pool keeps connections warm across requests of one process. A sync
    # gunicorn worker serves one request at a time: one connection, and one spare
    # for the moment a broken one is replaced. Each checkout is checked, so the pool
    # recovers by itself after PostgreSQL restarts, and a request waits at most
    # DATABASE_POOL_TIMEOUT seconds for a connection during an outage.
    _options["pool"] = env.bool("DATABASE_POOL", default=False) and {
        "min_size": 1,
        "max_size": env.int("DATABASE_POOL_SIZE", default=2),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=3.0),
    }
    # With the pool, Django passes this on as the pool's check of each checkout.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Redis ---
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Redis unreachable: each process uses its own memory until Redis is back
    # (core/cache.py), so that an outage never answers 500.
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Users and authentication ---
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses logins of locked-out accounts and addresses.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UsernameOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# National e-ID (VNeID) login over OpenID Connect, on when a client id is configured
# (docs/vneid.md). The endpoints are required then; empty otherwise.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
_OIDC_REQUIRED = {} if OIDC_RP_CLIENT_ID else {"default": ""}
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", **_OIDC_REQUIRED)
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str(
    "OIDC_OP_AUTHORIZATION_ENDPOINT", **_OIDC_REQUIRED
)
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", **_OIDC_REQUIRED)
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", **_OIDC_REQUIRED)
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", **_OIDC_REQUIRED)
# When set, ID tokens from any other issuer are refused.
OIDC_OP_ISSUER = env.str("OIDC_OP_ISSUER", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid profile email phone")
# A provider that publishes one key may sign without naming it ("kid").
OIDC_VERIFY_KID = env.bool("OIDC_VERIFY_KID", default=True)
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:vneid_callback"
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("accounts.oidc.NationalIdOIDCBackend")
# The claims of the VNeID provider: the 12-digit national ID number that identifies
# the citizen, the full name, the date of birth and the assurance level (1 or 2).
OIDC_NATIONAL_ID_CLAIM = env.str("OIDC_NATIONAL_ID_CLAIM", default="national_id")
OIDC_FULL_NAME_CLAIM = env.str("OIDC_FULL_NAME_CLAIM", default="name")
OIDC_BIRTH_DATE_CLAIM = env.str("OIDC_BIRTH_DATE_CLAIM", default="birthdate")
OIDC_ASSURANCE_CLAIM = env.str("OIDC_ASSURANCE_CLAIM", default="acr")
# Logins with an e-ID account below this level are refused.
VNEID_MIN_LEVEL = env.int("VNEID_MIN_LEVEL", default=1)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Login lockout (django-axes), the same for the site and the token API: after
# LOGIN_FAILURE_LIMIT failures for one account, or from one client address, logins
# are refused for LOGIN_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"
AXES_USERNAME_CALLABLE = "accounts.lockout.login_key"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Hourly limits of e-mails sent on request.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int(
    "PASSWORD_RESET_LIMIT_PER_ADDRESS", default=10
)
PASSWORD_RESET_LIMIT_PER_EMAIL = env.int("PASSWORD_RESET_LIMIT_PER_EMAIL", default=3)
REGISTRATION_LIMIT_PER_ADDRESS = env.int("REGISTRATION_LIMIT_PER_ADDRESS", default=10)
# A session ends after this many seconds without a request (saved on every request).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT
SESSION_SAVE_EVERY_REQUEST = True
# Lifetime of an API token in seconds; a password change or "log out everywhere"
# ends tokens sooner.
API_TOKEN_TTL = env.int("API_TOKEN_TTL", default=7 * 24 * 60 * 60)
# One-time codes that prove a contact recorded on a counter dossier (identity app).
CLAIM_CODE_TTL = env.int("CLAIM_CODE_TTL", default=10 * 60)
CLAIM_CODE_MAX_ATTEMPTS = env.int("CLAIM_CODE_MAX_ATTEMPTS", default=5)
CLAIM_CODES_PER_HOUR = env.int("CLAIM_CODES_PER_HOUR", default=5)
# Rows of the access log older than this are deleted by `purge_access_log`.
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=2 * 365)


# --- Internationalisation ---
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first input formats for Vietnamese (Django's own `vi` locale has none).
FORMAT_MODULE_PATH = ["core.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# --- Working-day calendar ---
# Working periods of a day (8 hours = 1 working day) and the afternoon cut-off after
# which a received dossier starts counting on the next working day (DOMAIN.md §5).
WORKING_PERIODS = (
    (time(7, 30), time(11, 30)),
    (time(13, 0), time(17, 0)),
)
RECEPTION_CUTOFF = time(15, 0)
CALENDAR_CACHE_SECONDS = env.int("CALENDAR_CACHE_SECONDS", default=300)
# Reference data kept in process memory (core/memo.py) asks Redis whether it changed
# at most this often.
MEMO_RECHECK_SECONDS = env.float("MEMO_RECHECK_SECONDS", default=1.0)

# --- Static and uploaded files ---
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
DOSSIER_MAX_FILE_BYTES = env.int("DOSSIER_MAX_FILE_BYTES", default=10 * 2**20)
DOSSIER_MAX_TOTAL_BYTES = env.int("DOSSIER_MAX_TOTAL_BYTES", default=50 * 2**20)
# No request may be larger than a whole dossier plus its form fields; bigger bodies
# are refused from their Content-Length, unread (core.middleware).
MAX_REQUEST_BYTES = env.int(
    "MAX_REQUEST_BYTES", default=DOSSIER_MAX_TOTAL_BYTES + 2**20
)
# Form fields and JSON bodies (not files) held in memory, and files kept in memory
# before they spill to a temporary file.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 2**20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 2**20
# Production collects, hashes and compresses the files (collectstatic). The demo
# (`make run`, DEBUG off) serves them from their folders through WhiteNoise, which
# spares it a collectstatic of several minutes.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if WHITENOISE_USE_FINDERS
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail and SMS ---
# django-environ drops the first slash of a filemail path: an absolute one takes four.
# The file outboxes are for development only; production sends by default.
DEV_EMAIL_URL = f"filemail:///{VAR_DIR / 'outbox' / 'email'}"
vars().update(
    env.email_url(
        "EMAIL_URL", default=DEV_EMAIL_URL if DEBUG else "smtp://localhost:25"
    )
)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Cổng dịch vụ công <no-reply@motcua.example.vn>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Notifications (issue #5) choose the SMS gateway by this name: "file" writes each
# message to SMS_OUTBOX_DIR, "http" posts it to the provider's gateway.
SMS_BACKEND = env.str("SMS_BACKEND", default="file" if DEBUG else "http")
SMS_OUTBOX_DIR = env.path("SMS_OUTBOX_DIR", default=VAR_DIR / "outbox" / "sms")
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_SENDER_NAME = env.str("SMS_SENDER_NAME", default="DVC LAMDONG")
# The gateway's delivery reports are accepted only with this shared secret.
SMS_WEBHOOK_SECRET = env.str("SMS_WEBHOOK_SECRET", default="")
SMS_MAX_PARTS = env.int("SMS_MAX_PARTS", default=3)
# SMS_BACKEND=http without SMS_GATEWAY_URL is refused when serving (core.startup).

# --- Payments ---
# The gateway citizens are sent to: "vnpay" (needs the two VNPAY keys) or "sandbox",
# the portal's own bank page for the embedded run and tests (never in production).
PAYMENT_GATEWAY = env.str("PAYMENT_GATEWAY", default="sandbox")
PAYMENT_SANDBOX = env.bool("PAYMENT_SANDBOX", default=DEBUG)
PAYMENT_SANDBOX_SECRET = env.str("PAYMENT_SANDBOX_SECRET", default="sandbox-only-key")
# DuocThanhToanTrucTuyen of each gateway: 1 national platform, 2 province gateway.
PAYMENT_SANDBOX_PLATFORM = env.int("PAYMENT_SANDBOX_PLATFORM", default=2)
VNPAY_TMN_CODE = env.str("VNPAY_TMN_CODE", default="")
VNPAY_HASH_SECRET = env.str("VNPAY_HASH_SECRET", default="")
VNPAY_PAYMENT_URL = env.str(
    "VNPAY_PAYMENT_URL", default="https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"
)
VNPAY_PLATFORM = env.int("VNPAY_PLATFORM", default=2)
# Addresses (CIDR) VNPAY sends its IPN from, as the provider publishes them; empty
# accepts any address (the signature still decides). Read through
# core.client.client_address, so behind a proxy TRUSTED_PROXIES must be set.
VNPAY_IPN_ALLOWED_IPS = env.list("VNPAY_IPN_ALLOWED_IPS", default=[])
# The merchant API that takes refunds (vnp_Command=refund, JSON over POST).
VNPAY_API_URL = env.str(
    "VNPAY_API_URL",
    default="https://sandbox.vnpayment.vn/merchant_webapi/api/transaction",
)
PAYMENT_REQUEST_DAYS = env.int("PAYMENT_REQUEST_DAYS", default=7)
PAYMENT_ATTEMPT_MINUTES = env.int("PAYMENT_ATTEMPT_MINUTES", default=15)
# Attempts without a callback after this long are reported as stuck.
PAYMENT_STUCK_MINUTES = env.int("PAYMENT_STUCK_MINUTES", default=60)
if PAYMENT_GATEWAY == "vnpay" and not (VNPAY_TMN_CODE and VNPAY_HASH_SECRET):
    raise ImproperlyConfigured(
        "PAYMENT_GATEWAY=vnpay needs VNPAY_TMN_CODE and VNPAY_HASH_SECRET."
    )

# --- E-documents, signatures and exchange ---
# Agencies' signing keys are `<identifier>.p12` in this folder (never committed);
# `manage.py documents_demo_pki` creates a demo CA and keys there.
DOCUMENT_PKI_DIR = Path(env.str("DOCUMENT_PKI_DIR", default=str(VAR_DIR / "pki")))
DOCUMENT_PKCS12_PASSWORD = env.str("DOCUMENT_PKCS12_PASSWORD", default="")
# PEM files of the CAs whose signatures are trusted (the demo CA by default).
DOCUMENT_TRUST_ROOTS = env.list(
    "DOCUMENT_TRUST_ROOTS", default=[str(DOCUMENT_PKI_DIR / "ca.pem")]
)
# A font with Vietnamese letters for the visible signature block; pyHanko 0.38 writes
# glyph widths unscaled, so it must have 1000 units per em (Noto does, DejaVu not).
DOCUMENT_SIGNATURE_FONT = env.str(
    "DOCUMENT_SIGNATURE_FONT",
    default="/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)
# This portal's code in the HMAC headers of exchange messages, and how old a
# message may be (seconds) before it is refused as a possible replay.
EXCHANGE_PORTAL_CODE = env.str("EXCHANGE_PORTAL_CODE", default="lamdong")
EXCHANGE_MAX_SKEW_SECONDS = env.int("EXCHANGE_MAX_SKEW_SECONDS", default=300)

# --- National Public Service Portal (docs/national.md) ---
# The local stub of the national endpoints (national/stub.py) under /national-stub/api/:
# on for the embedded run and the tests, never in production.
NATIONAL_STUB = env.bool("NATIONAL_STUB", default=DEBUG)
# Where dossier events are delivered; empty: they wait in the outbox.
NATIONAL_PORTAL_URL = env.str(
    "NATIONAL_PORTAL_URL",
    default=f"{SITE_URL}/national-stub/api/" if NATIONAL_STUB else "",
)
NATIONAL_PORTAL_CLIENT_ID = env.str(
    "NATIONAL_PORTAL_CLIENT_ID", default="stub-client" if NATIONAL_STUB else ""
)
NATIONAL_PORTAL_CLIENT_SECRET = env.str(
    "NATIONAL_PORTAL_CLIENT_SECRET", default="stub-secret" if NATIONAL_STUB else ""
)
NATIONAL_PORTAL_TIMEOUT = env.float("NATIONAL_PORTAL_TIMEOUT", default=10.0)
# Celery's exponential backoff between deliveries of one event (seconds).
NATIONAL_RETRY_BACKOFF_SECONDS = env.int("NATIONAL_RETRY_BACKOFF_SECONDS", default=5)
NATIONAL_RETRY_BACKOFF_MAX_SECONDS = env.int(
    "NATIONAL_RETRY_BACKOFF_MAX_SECONDS", default=600
)
# The national procedure database's export (an http(s) URL or a file path) that the
# nightly catalogue import reads; empty: no import.
NATIONAL_CATALOGUE_URL = env.str("NATIONAL_CATALOGUE_URL", default="")
# The records the stub serves at /national-stub/api/catalogue.
NATIONAL_STUB_CATALOGUE_FILE = env.str("NATIONAL_STUB_CATALOGUE_FILE", default="")

# --- Celery ---
CELERY_BROKER_URL = REDIS_URL or "memory://"
# Without a broker the embedded run executes tasks in-process.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
# A task whose worker died is delivered again: every task here is idempotent.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One queue per kind of work, each with its own workers (Procfile, compose file), so
# that a flood of one never starves another: notifications, PDF rendering, and
# "sync" for exchanges with other systems and the housekeeping sweeps.
CELERY_TASK_DEFAULT_QUEUE = "sync"
CELERY_TASK_ROUTES = {
    "notifications.tasks.*": {"queue": "notifications"},
    "dossiers.tasks.dossier_form_render": {"queue": "pdf"},
    "dossiers.tasks.logbook_export_build": {"queue": "pdf"},
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A transition must not hang when Redis is down: publishing gives up within about a
# second and the notification waits in the outbox for the sweep.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 10}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# When the broker connection drops, running tasks are cancelled and redelivered
# (Celery 6's default); every task here is safe to run twice.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Render official forms whose task message was lost, every five minutes.
    "dossier-forms-sweep": {
        "task": "dossiers.tasks.dossier_forms_sweep",
        "schedule": crontab(minute="*/5"),
    },
    # Build logbooks whose task message was lost; remove week-old ones.
    "logbook-exports-sweep": {
        "task": "dossiers.tasks.logbook_exports_sweep",
        "schedule": crontab(minute="*/5"),
    },
    # Re-queue notifications still pending after a grace period (a message lost
    # with the broker or the worker), every minute.
    "notification-sweep": {
        "task": "notifications.tasks.notification_sweep",
        "schedule": crontab(),
    },
    # Officers' digest of dossiers due within a working day and overdue, before
    # office hours; the task itself skips days off.
    "notification-remind-officers": {
        "task": "notifications.tasks.notification_remind_officers",
        "schedule": crontab(hour=7, minute=0),
    },
    # Payment requests past their deadline become expired, every ten minutes.
    "payment-expire": {
        "task": "payments.tasks.payment_expire_due",
        "schedule": crontab(minute="*/10"),
    },
    # Sign approved results whose signing task was lost, every ten minutes.
    "documents-result-sweep": {
        "task": "documents.tasks.electronic_result_sweep",
        "schedule": crontab(minute="*/10"),
    },
    # Re-send exchange messages to peer portals whose task message was lost.
    "documents-exchange-sweep": {
        "task": "documents.tasks.exchange_sweep",
        "schedule": crontab(minute="*/5"),
    },
    # Handlers' digest of incoming documents overdue or due by tomorrow; the task
    # skips days off.
    "documents-remind-handlers": {
        "task": "documents.tasks.document_remind_handlers",
        "schedule": crontab(hour=7, minute=5),
    },
    # Re-queue dossier events for the national portal whose task message was lost.
    "national-sync-sweep": {
        "task": "national.tasks.national_sync_sweep",
        "schedule": crontab(),
    },
    # The national procedure database: new, changed and withdrawn procedures, at
    # night.
    "national-catalogue-sync": {
        "task": "national.tasks.national_catalogue_sync",
        "schedule": crontab(hour=2, minute=30),
    },
    # Forget Idempotency-Keys past their lifetime, hourly.
    "idempotency-keys-purge": {
        "task": "core.tasks.idempotency_keys_purge",
        "schedule": crontab(minute=17),
    },
    # Citizens whose result waits at the counter, on working mornings too.
    "notification-remind-collection": {
        "task": "notifications.tasks.notification_remind_collection",
        "schedule": crontab(hour=7, minute=10),
    },
}

# --- REST API ---
# How long a write's Idempotency-Key is remembered, in seconds (core/idempotency.py).
IDEMPOTENCY_KEY_TTL = env.int("IDEMPOTENCY_KEY_TTL", default=24 * 3600)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that a request without credentials gets a 401.
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.Pagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "core.api.PortalAutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    # JSON with a nesting limit (a deep body is a 400, not a RecursionError). JSON
    # only: the schema advertises one content type per body, and the views that take
    # files declare multipart themselves (docs/api.md).
    "DEFAULT_PARSER_CLASSES": ["core.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_THROTTLE_RATES": {"login": "10/min"},
}
SPECTACULAR_SETTINGS = {
    # English: generators derive the package name from the title
    # (one_stop_portal_api_client); the Vietnamese name is in the description.
    "TITLE": "One-stop Portal API",
    "DESCRIPTION": (
        "Cổng dịch vụ công một cửa — API. Public and authenticated API of the "
        "provincial one-stop-shop portal. Authenticate with a session or with "
        "`Authorization: Token <key>` obtained from `POST /api/v1/auth/token/`. "
        "Errors, codes, pagination, idempotency and versioning: docs/api.md."
    ),
    "VERSION": "1.0.0",
    # 3.1: a null beside a $ref is expressed in JSON Schema (oneOf with null), which
    # strict validators and generators honour; 3.0's `nullable` beside allOf is not.
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.openapi.postprocess_contract",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One schema name per choice set used by several endpoints.
    "ENUM_NAME_OVERRIDES": {
        "ChannelEnum": "procedures.models.Channel",
        "PaymentStatusEnum": "payments.workflow.PaymentStatus",
        "IncomingStatusEnum": "documents.workflow.IncomingStatus",
        "OutgoingStatusEnum": "documents.workflow.OutgoingStatus",
        "DeliveryStatusEnum": "documents.workflow.DeliveryStatus",
        "AssignmentRoleEnum": "documents.models.AssignmentRole",
        "DossierStatusEnum": "dossiers.workflow.DossierStatus",
        "StaffRoleEnum": "accounts.models.Role",
        "FeeKindEnum": "procedures.models.FeeKind",
        "ClaimChannelEnum": "identity.models.ClaimChannel",
        "FeedbackStatusEnum": "feedback.workflow.FeedbackStatus",
        "FeedbackKindEnum": "feedback.models.FeedbackKind",
        "FeedbackChannelEnum": "feedback.models.FeedbackChannel",
        # The staff shape of a dossier's and of a feedback's detail.
        "StaffAudienceEnum": ["staff"],
        "ErrorCodeEnum": "core.exceptions.ErrorCode",
        "DossierActionEnum": "dossiers.workflow.ACTIONS",
        "DossierEventActionEnum": "dossiers.api.serializers.EVENT_ACTIONS",
        "SourceEnum": "documents.models.IncomingSource",
        "StoredDocumentSourceEnum": "datastore.models.DocumentSource",
        "DocumentKindEnum": "datastore.kinds.DocumentKind",
    },
}

# --- Security ---
# Reverse proxies whose X-Forwarded-For entries are believed (CIDRs, comma-separated).
# Empty: the client is REMOTE_ADDR and the header is ignored (core/client.py).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from our static
# files, never inline, so injected markup cannot run (docs/security.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Limits (docs/security.md) ---
# The public lookup: attempts per dossier code and per client address in a window.
LOOKUP_LIMIT_PER_CODE = env.int("LOOKUP_LIMIT_PER_CODE", default=5)
LOOKUP_LIMIT_PER_ADDRESS = env.int("LOOKUP_LIMIT_PER_ADDRESS", default=30)
LOOKUP_WINDOW_SECONDS = env.int("LOOKUP_WINDOW_SECONDS", default=15 * 60)
LOOKUP_LIMIT_PER_CODE_DAY = env.int("LOOKUP_LIMIT_PER_CODE_DAY", default=20)
# Feedback (phản ánh, kiến nghị) sent per client address per hour and per contact
# phone number per day, by everyone but counter clerks (feedback.services).
FEEDBACK_LIMIT_PER_ADDRESS = env.int("FEEDBACK_LIMIT_PER_ADDRESS", default=10)
FEEDBACK_LIMIT_PER_CONTACT = env.int("FEEDBACK_LIMIT_PER_CONTACT", default=5)

# --- Monitoring ---
# Prometheus metrics (django-prometheus) at /metrics, answered only to the listed
# addresses (the Prometheus server). With several gunicorn workers, set
# PROMETHEUS_MULTIPROC_DIR to an empty directory (docs/operations.md).
METRICS_ENABLED = env.bool("METRICS_ENABLED", default=False)
METRICS_ALLOWED_ADDRESSES = env.list("METRICS_ALLOWED_ADDRESSES", default=["127.0.0.1"])
if METRICS_ENABLED:
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]

# --- Logging ---
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every font it loads at INFO; django-axes every login check.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
