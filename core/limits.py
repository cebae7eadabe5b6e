"""Rate limits as fixed-window counters, counted atomically.

Each attempt is counted *before* it is evaluated, so parallel requests cannot all
read "under the limit" and then all go through: the counter hands out the numbers
1, 2, 3 … and only the first `count` of a window proceed.

With Redis (REDIS_URL) the increment and the window's expiry are one MULTI/EXEC
transaction (INCR, then EXPIRE NX, so the window starts with its first hit and a
key never outlives it). Without Redis, the embedded run, Django's local cache
counts under its own lock, which is enough for one process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any

import redis
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from core.client import client_address

ViewFunc = Callable[..., HttpResponseBase]


@lru_cache(maxsize=2)
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


def _increment(key: str, delta: int, window: int) -> int:
    if settings.REDIS_URL:
        pipe = _redis(settings.REDIS_URL).pipeline(transaction=True)
        pipe.incrby(key, delta)
        pipe.expire(key, window, nx=True)
        count, _set = pipe.execute()
        return int(count)
    cache.add(key, 0, window)
    try:
        return cache.incr(key, delta)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, max(delta, 0), window)
        return max(delta, 0)


def _read(key: str) -> int:
    if settings.REDIS_URL:
        value = _redis(settings.REDIS_URL).get(key)
        return int(value) if value is not None else 0
    return int(cache.get(key, 0))


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `window` seconds for each identity (an address, a
    dossier code, an e-mail); identities are hashed, so keys hold no personal data."""

    name: str
    count: int
    window: int

    def _key(self, identity: str) -> str:
        digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
        return f"limit:{self.name}:{digest}"

    def hit(self, identity: str) -> bool:
        """Count one attempt; True when it is within the limit."""
        return _increment(self._key(identity), 1, self.window) <= self.count

    def give_back(self, identity: str) -> None:
        """Uncount an attempt that turned out not to count (a right answer)."""
        _increment(self._key(identity), -1, self.window)

    def used(self, identity: str) -> int:
        return _read(self._key(identity))


Identity = Callable[[HttpRequest], str]


def by_address(request: HttpRequest) -> str:
    return client_address(request)


def by_field(name: str) -> Identity:
    """The posted value of field `name`, normalised (an e-mail, a login)."""
    return lambda request: request.POST.get(name, "").strip().lower()


def limit_posts(
    *rules: tuple[str, str, Identity],
) -> Callable[[ViewFunc], ViewFunc]:
    """Refuse POSTs to a view past hourly limits, each rule being (name, the setting
    holding its count, how to tell who is asking); GETs are never counted."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def limited(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            if request.method == "POST":
                for name, setting, identity in rules:
                    limit = Limit(name, getattr(settings, setting), 60 * 60)
                    if not limit.hit(identity(request)):
                        return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return limited

    return decorator
