"""Hot reference data kept in each process's memory, refreshed through a version key.

The working-day calendar is read in every transition and the catalogue's filter lists
on every search page; they change a few times a year. Each process keeps its copy and
compares a small version key in the shared cache: `invalidate()` changes the key and
every process reloads on its next read. Without a version in the cache (Redis flushed
or unreachable) a new one is written, so a copy is never trusted on an unknown
version, and every copy is reloaded after `ttl` seconds at the latest.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


@dataclass(frozen=True)
class _Copy(Generic[T]):
    version: str
    value: T
    expires: float
    checked: float  # when the version was last compared


class ProcessMemo(Generic[T]):
    """`recheck`: seconds during which a copy is used without asking the cache for
    the version (one round trip saved per read; a change shows within that time);
    MEMO_RECHECK_SECONDS unless given."""

    def __init__(
        self,
        key: str,
        load: Callable[[], T],
        *,
        ttl: float,
        recheck: float | None = None,
    ) -> None:
        self.key = f"memo:{key}"
        self.load = load
        self.ttl = ttl
        self.recheck = recheck
        self._copy: _Copy[T] | None = None

    def get(self) -> T:
        now, copy = monotonic(), self._copy
        recheck = (
            settings.MEMO_RECHECK_SECONDS if self.recheck is None else self.recheck
        )
        if copy and now < min(copy.checked + recheck, copy.expires):
            return copy.value
        version = cache.get(self.key)
        if copy and copy.version == version and now < copy.expires:
            self._copy = _Copy(version, copy.value, copy.expires, now)
            return copy.value
        if version is None:
            version = self._new_version()
        value = self.load()
        self._copy = _Copy(version, value, now + self.ttl, now)
        return value

    def invalidate(self) -> None:
        """Every process reloads on its next read; again after the commit, so that
        no process keeps a copy read before the change was visible."""
        self._bump()
        transaction.on_commit(self._bump)

    def _bump(self) -> None:
        self._copy = None
        cache.set(self.key, uuid.uuid4().hex, timeout=None)

    def _new_version(self) -> str:
        version = uuid.uuid4().hex
        if cache.add(self.key, version, timeout=None):
            return version
        return str(cache.get(self.key, version))
