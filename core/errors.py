"""Error pages: the portal's layout in the visitor's language for people, the JSON
envelope for API clients (docs/accessibility.md, issue #15).

Django's default handlers give 400/403/404/500 pages; these wrap them so that API
paths answer JSON, and so that a 500 never depends on what may have failed (the
database behind the session and the navigation).
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.exceptions import ErrorCode

logger = logging.getLogger(__name__)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _api_error(status: int, code: ErrorCode, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code.value}, status=status)


def _bare_page(template: str, status: int) -> HttpResponse:
    """The page without the request: no session, user or navigation is read, so it
    shows even when the database failed or the request was refused before the
    middleware loaded the user (a bad Host header is a 400 from CommonMiddleware)."""
    try:
        page = render_to_string(template, {"province_name": settings.PROVINCE_NAME})
    except Exception:  # the last resort must answer whatever broke the templates
        logger.exception("The error page %s could not be rendered", template)
        return HttpResponse(
            "Hệ thống đang gặp sự cố. / Something went wrong.",
            status=status,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(page, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _api_error(400, ErrorCode.ERROR, _("Yêu cầu không hợp lệ."))
    return _bare_page("400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _api_error(
            403, ErrorCode.PERMISSION_DENIED, _("Không có quyền truy cập.")
        )
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _api_error(404, ErrorCode.NOT_FOUND, _("Không tìm thấy."))
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _api_error(
            500, ErrorCode.SERVER_ERROR, _("Lỗi hệ thống, vui lòng thử lại sau.")
        )
    return _bare_page("500.html", 500)


def method_not_allowed(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Django's 405 (require_POST, class views) has an empty body: give people the
    page, and keep the Allow header that names the methods that work."""
    page = render(request, "405.html", status=405)
    page["Allow"] = response.get("Allow", "")
    return page


class ErrorPageMiddleware:
    """Fills empty 405 answers of HTML pages with the portal's page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not _is_api(request)
            and not getattr(response, "streaming", False)
            and not response.content
        ):
            return method_not_allowed(request, response)
        return response
