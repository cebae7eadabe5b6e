"""HTTP client of the National Public Service Portal's integration API.

Every request is a JSON POST under NATIONAL_PORTAL_URL with a bearer token (step 1,
kept in the cache until shortly before it expires) and an `Idempotency-Key`: the
portal answers a repeated key with its first answer and does nothing twice, which
makes a retried delivery exactly-once in effect.

Answers are sorted into two exceptions: PortalUnavailable (unreachable, 5xx, 429, a
token refused) is retried with backoff; PortalRejected (any other 4xx) carries the
portal's reason and is not.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.core.cache import cache

from national.exceptions import PortalRejected, PortalUnavailable

logger = logging.getLogger(__name__)

TOKEN_CACHE_KEY = "national:token"  # noqa: S105 (a cache key, not a secret)
# Renew the token this long before the portal says it expires.
TOKEN_MARGIN_SECONDS = 60


def is_configured() -> bool:
    return bool(settings.NATIONAL_PORTAL_URL)


def _url(path: str) -> str:
    return f"{settings.NATIONAL_PORTAL_URL.rstrip('/')}/{path.lstrip('/')}"


def token() -> str:
    """Step 1: an access token for the portal's API (cached)."""
    cached = cache.get(TOKEN_CACHE_KEY)
    if cached:
        return str(cached)
    answer = _post(
        "token",
        {
            "client_id": settings.NATIONAL_PORTAL_CLIENT_ID,
            "client_secret": settings.NATIONAL_PORTAL_CLIENT_SECRET,
        },
        headers={},
    )
    value = answer.get("access_token")
    if not isinstance(value, str) or not value:
        raise PortalUnavailable("the token answer holds no access_token")
    lifetime = answer.get("expires_in")
    seconds = lifetime if isinstance(lifetime, int) else 300
    cache.set(TOKEN_CACHE_KEY, value, max(seconds - TOKEN_MARGIN_SECONDS, 1))
    return value


def call(path: str, payload: dict[str, Any], *, key: str) -> dict[str, Any]:
    """One authenticated step; `key` is its idempotency key."""
    headers = {"Authorization": f"Bearer {token()}", "Idempotency-Key": key}
    try:
        return _post(path, payload, headers=headers)
    except _TokenRefused as error:
        cache.delete(TOKEN_CACHE_KEY)
        raise PortalUnavailable(
            "the portal refused the token; a new one is asked"
        ) from error


class _TokenRefused(PortalUnavailable):
    pass


def _post(
    path: str, payload: dict[str, Any], *, headers: dict[str, str]
) -> dict[str, Any]:
    try:
        response = requests.post(
            _url(path),
            json=payload,
            headers=headers,
            timeout=settings.NATIONAL_PORTAL_TIMEOUT,
        )
    except requests.RequestException as error:
        raise PortalUnavailable(f"{path}: {type(error).__name__}") from error
    if response.status_code == 401 and path != "token":
        raise _TokenRefused(f"{path}: 401")
    if response.status_code >= 500 or response.status_code in (401, 408, 429):
        raise PortalUnavailable(f"{path}: HTTP {response.status_code}")
    body = _json(response)
    if response.status_code >= 400:
        raise PortalRejected(
            str(body.get("code") or response.status_code),
            str(body.get("detail") or response.reason or "")[:1000],
        )
    return body


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        if response.status_code < 400:
            raise PortalUnavailable(f"HTTP {response.status_code}: not a JSON object")
        return {}
    return body
