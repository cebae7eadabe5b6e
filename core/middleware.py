"""The portal's middleware.

- PortalLocaleMiddleware: Vietnamese unless the visitor chose English.
- RequestSizeLimitMiddleware: request bodies over the limit are refused before
  anything reads them. Django limits the non-file part of a body
  (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams uploaded files to disk whatever their
  size; the view would refuse a 5 GB file only after it had been written. The
  declared Content-Length is checked first, so the body is never read.
- PublicGZipMiddleware: gzip for public pages and static files only (BREACH).
- ApiMethodNotAllowedMiddleware: a method an API view does not have is a 405,
  before the view reads credentials (a bad token would otherwise make it a 401).
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.views import APIView

from core.exceptions import ErrorCode, error_body


class PortalLocaleMiddleware:
    """Activate the language stored in the language cookie, else Vietnamese.

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language header
    on pages: a Vietnamese public portal speaks Vietnamese first, whatever the
    browser says. API clients choose with Accept-Language (`en` for English
    messages); their answers vary on it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        api = request.path.startswith("/api/")
        if api and chosen not in self.supported:
            chosen = self._accepted(request)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if api:
            patch_vary_headers(response, ["Accept-Language"])
        translation.deactivate()
        return response

    def _accepted(self, request: HttpRequest) -> str:
        header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
        for code, _quality in parse_accept_lang_header(header):
            if code.split("-")[0] in self.supported:
                return code.split("-")[0]
        return ""


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return too_large(request)
        return self.get_response(request)


def too_large(request: HttpRequest) -> HttpResponse:
    limit = settings.MAX_REQUEST_BYTES // 2**20
    message = _("Dữ liệu gửi lên vượt quá %(limit)s MB.") % {"limit": limit}
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "too_large"}, status=413)
    else:
        # Without the request: sessions and users are not loaded yet.
        page = render_to_string("413.html", {"message": message})
        response = HttpResponse(page, status=413)
    # The body was not read: the connection cannot carry another request.
    response["Connection"] = "close"
    return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compress only what is shared between anonymous visitors.

    Pages marked `Cache-Control: public` (core.public_cache) and static files carry
    no session, no CSRF token and no personal data, so compressing them cannot leak
    a secret through the compressed length (BREACH). Pages of a session are sent
    uncompressed: they are small, and a reverse proxy may compress them only if it
    follows the same rule (docs/accessibility.md).
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if "public" not in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)


class ApiMethodNotAllowedMiddleware:
    """DRF authenticates before it looks for the method's handler, so a TRACE with
    a bad token answered 401 on an operation open to all; the schema (and RFC 9110)
    say 405 with `Allow`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        view_class = getattr(view_func, "cls", None)
        if not (isinstance(view_class, type) and issubclass(view_class, APIView)):
            return None
        allowed = [
            method.upper()
            for method in view_class.http_method_names
            if hasattr(view_class, method)
        ]
        if "GET" in allowed and "HEAD" not in allowed:
            allowed.append("HEAD")  # Django's View.setup answers HEAD with GET
        if request.method in allowed:
            return None
        detail = str(MethodNotAllowed(request.method or "").detail)
        response = JsonResponse(
            error_body(ErrorCode.METHOD_NOT_ALLOWED, detail),
            status=405,
            json_dumps_params={"ensure_ascii": False},
        )
        response["Allow"] = ", ".join(allowed)
        return response
