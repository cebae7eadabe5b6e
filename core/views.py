import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """JSON for API clients, the portal's page for people."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Không tìm thấy."), "code": "not_found"}, status=404
        )
    return render(request, "404.html", status=404)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and cache (Redis when configured) status; 503 when one is down."""
    checks = {"database": _check_database(), "cache": _check_cache()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks},
        status=200 if healthy else 503,
    )


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # a health check reports every failure instead of raising
        logger.exception("Health check: database unavailable")
        return "error"
    return "ok"


def _check_cache() -> str:
    try:
        cache.set("healthz", "ok", 5)
        ok = cache.get("healthz") == "ok"
    except Exception:  # a health check reports every failure instead of raising
        logger.exception("Health check: cache unavailable")
        return "error"
    return "ok" if ok else "error"
