"""The one answer to "who is the client?", used by every limiter and log line.

Behind a reverse proxy, REMOTE_ADDR is the proxy's address and the client's one
arrives in X-Forwarded-For, which anybody can also send. Each proxy appends the
address it received the request from, so only the entries added by proxies we
trust are true: the client is the right-most entry that is not a trusted proxy.
Without trusted proxies (the default) the header is ignored altogether.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(cidr, strict=False) for cidr in cidrs)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the right-most untrusted X-Forwarded-For entry when the
    peer is one of settings.TRUSTED_PROXIES."""
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not _is_trusted(peer, networks):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    for entry in reversed(entries):
        if not _is_trusted(entry, networks):
            # A trusted proxy wrote this entry; garbage means a broken proxy, and
            # the proxy's own address is the safer key then.
            return entry if _is_address(entry) else peer
    return entries[0] if entries else peer
