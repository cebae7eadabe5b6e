"""Checks made when a serving process starts (the web app, the Celery worker).

Management commands that send and sign nothing (migrate, makemigrations, check)
run without them, so that a deployment can prepare its database first.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def check_serving_settings() -> None:
    """Refuse to serve without a key (sessions could not be signed, and a known
    key forges them) or with an SMS gateway that has no address."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's own refusal of an empty key
        key = ""
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: give it a random value of at least 50 "
            "characters (docs/configuration.md)."
        )
    if settings.SMS_BACKEND == "http" and not settings.SMS_GATEWAY_URL:
        raise ImproperlyConfigured(
            "SMS_BACKEND=http needs SMS_GATEWAY_URL (SMS_BACKEND=file keeps the "
            "messages in SMS_OUTBOX_DIR instead)."
        )
