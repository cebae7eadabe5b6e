"""Lookup pages kept in the shared cache, per dossier code.

A public lookup is a busy, private request: the limits, the dossier with its
history, a QR code and a page (bench/load.py). Its answer changes only when the
dossier's history does, so the rendered page is kept under the dossier's code and
served again to the same request (the same code, the same digits, the same
language), after the limits were counted as always.

Every history line appended drops the code's version (`forget`, after the
commit); the next reader makes a new one. A page is kept with the version read
before its dossier was, so a page rendered from data read before a change can never
be served after it: the two are read together in one round trip and must agree.
Pages also expire, before the due mark ("due soon", "overdue") could change with
the clock.
"""

from __future__ import annotations

import functools
import hashlib
import time
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction

# Seconds a page is kept at most; a changed procedure or agency name shows after it.
LIFETIME = 600
# Different digits or languages for one code: a handful at most, within the limits.
PAGES_PER_CODE = 8


@dataclass
class Kept:
    """What the cache holds for one code, read in one round trip."""

    code: str
    version: str
    pages: dict[str, tuple[float, bytes]] = field(default_factory=dict)

    def page(self, key: str) -> bytes | None:
        expires, content = self.pages.get(key, (0.0, b""))
        return content if expires > time.time() else None


def read(code: str) -> Kept:
    """The code's version and pages; a version is made for a code that has none
    (never seen, dropped by a change, or expired: any of them only costs a miss)."""
    version_key, pages_key = _keys(code)
    found = cache.get_many([version_key, pages_key])
    version = found.get(version_key)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(version_key, version, timeout=LIFETIME):
            version = cache.get(version_key) or version
    stored = found.get(pages_key)
    if stored is None or stored[0] != version:
        return Kept(code, version)
    return Kept(code, version, stored[1])


def keep(kept: Kept, key: str, content: bytes, lifetime: int) -> None:
    """Keep `content` under the version read before the dossier was."""
    now = time.time()
    live = {
        name: page for name, page in kept.pages.items() if page[0] > now and name != key
    }
    newest = sorted(live.items(), key=lambda item: item[1][0])[-(PAGES_PER_CODE - 1) :]
    pages = {**dict(newest), key: (now + lifetime, content)}
    cache.set(_keys(kept.code)[1], (kept.version, pages), timeout=LIFETIME)


def forget(code: str | None) -> None:
    """The dossier's history changed: its kept pages are stale. Dropped now and
    again after the commit, when a reader may have kept the old page meanwhile."""
    if code:
        cache.delete(_keys(code)[0])
        transaction.on_commit(functools.partial(cache.delete, _keys(code)[0]))


def page_key(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _keys(code: str) -> tuple[str, str]:
    return f"lookup-version:{code}", f"lookup-pages:{code}"
