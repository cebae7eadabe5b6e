"""Public pages served to anonymous visitors from the shared cache.

Every visitor without a session sees the same bytes on a public page, so the first
one's page is kept and served to the others. A page names the sources it is built
from ("catalogue", "statistics"); `source_changed(name)` gives the source a new
version, and since the versions are part of each page's key, every page built from
the old data is left behind at once. Entries also expire after `timeout` seconds, so
figures that move with the clock (overdue dossiers) are never older than that.

Visitors with a session (logged in, or holding a message) get their own rendering,
marked private. Shared responses carry `Cache-Control: public` so that a proxy in
front may keep them too.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

CATALOGUE = "catalogue"
STATISTICS = "statistics"

View = Callable[..., HttpResponse]


def public_page(
    *sources: str, timeout: int = 300, max_age: int = 60
) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not shareable(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True)
                return response
            key = _key(request, sources)
            kept = cache.get(key)
            if kept is not None:
                content_type, content = kept
                response = HttpResponse(content, content_type=content_type)
            else:
                response = _rendered(view(request, *args, **kwargs))
                if response.status_code != 200 or response.cookies:
                    return response
                cache.set(key, (response["Content-Type"], response.content), timeout)
            patch_cache_control(response, public=True, max_age=max_age)
            patch_vary_headers(response, ["Cookie"])
            return response

        return wrapper

    return decorator


def source_changed(name: str) -> None:
    """Every page built from `name` is built again on its next request; again after
    the commit, so that no page read before the change was visible is kept."""
    _bump(name)
    transaction.on_commit(functools.partial(_bump, name))


def _bump(name: str) -> None:
    cache.set(f"source:{name}", uuid.uuid4().hex, timeout=None)


def shareable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request: HttpRequest, sources: tuple[str, ...]) -> str:
    names = [f"source:{name}" for name in sources]
    versions = cache.get_many(names)
    parts = [request.get_full_path(), getattr(request, "LANGUAGE_CODE", "")]
    parts += [str(versions.get(name, "")) for name in names]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def _rendered(response: HttpResponse) -> HttpResponse:
    """DRF and template responses render after the view; the content is needed now."""
    render = getattr(response, "render", None)
    if callable(render):
        render()
    return response
