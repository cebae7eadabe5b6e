"""Deployment check: the stub of the national portal is for development only."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def stub_off_in_production(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Its endpoints take no real credentials and can be switched off by anyone."""
    if settings.NATIONAL_STUB and not settings.DEBUG:
        return [
            Error(
                "NATIONAL_STUB is on: the stub of the national portal is served "
                "without authentication of its controls.",
                hint="Unset NATIONAL_STUB and set NATIONAL_PORTAL_URL to the real "
                "portal (docs/national.md).",
                id="national.E001",
            )
        ]
    return []
