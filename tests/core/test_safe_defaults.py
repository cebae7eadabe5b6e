"""Production is the default: nothing insecure happens when a variable is missing."""

import os
import subprocess
import sys

from django.conf import settings

KEY = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"


def run_python(code, **env):
    base = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DEBUG", "SECRET_KEY", "EMAIL_URL", "SMS_BACKEND"}
    }
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "egov.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.EMAIL_BACKEND, s.SMS_BACKEND, "
    "s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)"
)


def test_without_variables_the_settings_are_production_ones():
    result = run_python(SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "django.core.mail.backends.smtp.EmailBackend",
        "http",
        "True",
        "True",
    ]


def test_the_web_app_refuses_to_start_without_a_key():
    result = run_python("import egov.wsgi", SMS_BACKEND="file")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_web_app_starts_with_a_key():
    result = run_python("import egov.wsgi", SMS_BACKEND="file", SECRET_KEY=KEY)
    assert result.returncode == 0, result.stderr


def test_a_short_key_is_refused():
    result = run_python(SHOW, SECRET_KEY="django-insecure-embedded-development-only")
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_an_http_sms_gateway_without_address_is_refused_when_serving():
    result = run_python("import egov.wsgi", SECRET_KEY=KEY)
    assert result.returncode != 0
    assert "SMS_GATEWAY_URL" in result.stderr
