import pytest
from django.test import RequestFactory

from core.client import client_address

PROXY = "10.0.0.2"


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_a_peer_that_is_not_a_trusted_proxy_is_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.7", "198.51.100.7"),
        # The client wrote the left entry itself; the proxy appended the real one.
        ("1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # Two of our proxies in a row: skip both.
        ("1.2.3.4, 198.51.100.7, 10.0.0.5", "198.51.100.7"),
        (" 198.51.100.7 ,", "198.51.100.7"),
        ("", PROXY),
        # A broken proxy: its own address is the key, not the garbage.
        ("1.2.3.4, not-an-address", PROXY),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_behind_a_trusted_proxy_the_right_most_untrusted_entry_wins(
    settings, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(request(PROXY, forwarded)) == expected


def test_a_request_without_the_header_behind_a_proxy_is_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_address(request(PROXY)) == PROXY


def api_views():
    from django.urls import get_resolver
    from rest_framework.views import APIView

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns)
            else:
                view = getattr(pattern.callback, "cls", None)
                if view is not None and issubclass(view, APIView):
                    yield view

    return list(walk(get_resolver().url_patterns))


def test_every_api_throttle_keys_on_the_client_address():
    """DRF's own throttles read X-Forwarded-For as sent: none may be used."""
    from core.throttling import ClientAddressMixin

    views = api_views()
    assert views  # the walk found the API
    throttled = [view for view in views if view().get_throttles()]
    assert throttled  # the token login at least
    for view in throttled:
        for throttle in view().get_throttles():
            assert isinstance(throttle, ClientAddressMixin), (view, throttle)
