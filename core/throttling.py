"""DRF throttles keyed on the one client address (core.client), never on the raw
X-Forwarded-For header that DRF reads by default."""

from rest_framework import throttling
from rest_framework.request import Request

from core.client import client_address


class ClientAddressMixin:
    def get_ident(self, request: Request) -> str:
        return client_address(request._request)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class ScopedRateThrottle(ClientAddressMixin, throttling.ScopedRateThrottle):
    pass
