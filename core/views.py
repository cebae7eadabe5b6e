import logging

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView

from core.cache import FallbackRedisCache
from core.client import client_address
from core.public_cache import public_page

logger = logging.getLogger(__name__)


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for the monitoring server's addresses only."""
    if (
        not settings.METRICS_ENABLED
        or client_address(request) not in settings.METRICS_ALLOWED_ADDRESSES
    ):
        raise Http404
    return ExportToDjangoView(request)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Status per dependency. 503 only when the database is down: without Redis
    (cache and broker) the portal still serves and acts, messages wait, so a load
    balancer must keep sending requests; "degraded" tells monitoring."""
    checks = {"database": _check_database(), "cache": _check_cache()}
    if checks["database"] != "ok":
        status, code = "error", 503
    elif checks["cache"] != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, **checks}, status=code)


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # a health check reports every failure instead of raising
        logger.exception("Health check: database unavailable")
        return "error"
    return "ok"


def _check_cache() -> str:
    """Redis itself: the cache's memory fallback would always answer."""
    backend = caches["default"]
    if isinstance(backend, FallbackRedisCache):
        return "ok" if backend.redis_reachable() else "error"
    try:
        cache.set("healthz", "ok", 5)
        ok = cache.get("healthz") == "ok"
    except Exception:  # a health check reports every failure instead of raising
        logger.exception("Health check: cache unavailable")
        return "error"
    return "ok" if ok else "error"
