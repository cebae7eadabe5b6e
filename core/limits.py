"""Rate limits as fixed-window counters, counted atomically.

Each attempt is counted *before* it is evaluated, so parallel requests cannot all
read "under the limit" and then all go through: the counter hands out the numbers
1, 2, 3 … and only the first `count` of a window proceed.

With Redis (REDIS_URL) the increment and the window's expiry are one MULTI/EXEC
transaction (INCR, then EXPIRE NX, so the window starts with its first hit and a
key never outlives it). Without Redis, the embedded run, Django's local cache
counts under its own lock, which is enough for one process. When Redis cannot be
reached, the limits count through the cache, which then falls back to each
process's memory (core.cache): a limit is multiplied by the number of processes
for the outage, never lifted, and never a 500.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any

import redis
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from redis.exceptions import RedisError

from core.client import client_address

ViewFunc = Callable[..., HttpResponseBase]

logger = logging.getLogger(__name__)

# After a failed round trip, count in the cache for this long before trying again.
RETRY_AFTER_SECONDS = 5.0
_down_until = 0.0


def _redis_url() -> str:
    """REDIS_URL while Redis answers; "" (count through the cache) for a few
    seconds after it did not."""
    if not settings.REDIS_URL or time.monotonic() < _down_until:
        return ""
    return str(settings.REDIS_URL)


def _redis_failed(error: RedisError) -> None:
    global _down_until
    logger.warning("Limits: Redis unreachable, counting in the cache (%s).", error)
    _down_until = time.monotonic() + RETRY_AFTER_SECONDS


@lru_cache(maxsize=2)
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)


def _increment(key: str, delta: int, window: int) -> int:
    if url := _redis_url():
        try:
            pipe = _redis(url).pipeline(transaction=True)
            pipe.incrby(key, delta)
            pipe.expire(key, window, nx=True)
            count, _set = pipe.execute()
            return int(count)
        except RedisError as error:
            _redis_failed(error)
    cache.add(key, 0, window)
    try:
        return cache.incr(key, delta)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, max(delta, 0), window)
        return max(delta, 0)


# Several limits counted in one round trip, in order, stopping at the first one
# reached (later ones are then not counted), as one atomic script: the same numbers
# 1, 2, 3 … per key as separate increments would hand out.
_HIT_ALL = """
local n = #KEYS
for i = 1, n do
  local count = redis.call('INCRBY', KEYS[i], 1)
  redis.call('EXPIRE', KEYS[i], ARGV[i], 'NX')
  if count > tonumber(ARGV[n + i]) then return 0 end
end
return 1
"""


@lru_cache(maxsize=2)
def _hit_all_script(url: str) -> Any:
    return _redis(url).register_script(_HIT_ALL)


def _read(key: str) -> int:
    if url := _redis_url():
        try:
            value = _redis(url).get(key)
            return int(value) if value is not None else 0
        except RedisError as error:
            _redis_failed(error)
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


def hit_all(counted: list[tuple[Limit, str]]) -> bool:
    """Count one attempt against each (limit, identity) in order, stopping at the
    first limit reached; True when all are within. One round trip to Redis."""
    if url := _redis_url():
        keys = [limit._key(identity) for limit, identity in counted]
        windows = [limit.window for limit, _identity in counted]
        counts = [limit.count for limit, _identity in counted]
        try:
            return bool(_hit_all_script(url)(keys=keys, args=[*windows, *counts]))
        except RedisError as error:
            _redis_failed(error)
    return all(limit.hit(identity) for limit, identity in counted)


def give_back_all(
    counted: list[tuple[Limit, str]], *, read: tuple[Limit, str] | None = None
) -> int:
    """Uncount one attempt of each; returns the count of `read` as it was before
    (0 when not asked). One round trip to Redis."""
    if url := _redis_url():
        pipe = _redis(url).pipeline(transaction=True)
        if read:
            pipe.get(read[0]._key(read[1]))
        for limit, identity in counted:
            pipe.incrby(limit._key(identity), -1)
        try:
            results = pipe.execute()
            return int(results[0] or 0) if read else 0
        except RedisError as error:
            _redis_failed(error)
    before = read[0].used(read[1]) if read else 0
    for limit, identity in counted:
        limit.give_back(identity)
    return before


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
