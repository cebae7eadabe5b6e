"""A Redis cache that never takes the portal down with it.

The cache holds throttles, counters and version keys: worth having, never worth a 500.
When Redis cannot be reached, each process falls back to a cache in its own memory
for a few seconds before it tries Redis again, so a request pays at most one failed
round trip per pause. Counters then count per process (a limit is multiplied by the
number of processes, not lifted) and cached values start again from a miss.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
OPERATIONS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class FallbackRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self.local = LocMemCache(f"redis-fallback-{id(self)}", params)
        self.redis_down_until = 0.0

    def redis_reachable(self) -> bool:
        """Ask Redis itself (the health check), whatever the pause says."""
        try:
            client = self._cache.get_client(write=False)  # type: ignore[attr-defined]
            return bool(client.ping())
        except RedisError:
            return False


def _guarded(name: str) -> Callable[..., Any]:
    redis_operation = getattr(RedisCache, name)

    @functools.wraps(redis_operation)
    def operation(self: FallbackRedisCache, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() >= self.redis_down_until:
            try:
                return redis_operation(self, *args, **kwargs)
            except RedisError as error:
                logger.warning("Cache: Redis unreachable, using memory (%s).", error)
                self.redis_down_until = time.monotonic() + RETRY_AFTER_SECONDS
        return getattr(self.local, name)(*args, **kwargs)

    return operation


for _name in OPERATIONS:
    setattr(FallbackRedisCache, _name, _guarded(_name))
