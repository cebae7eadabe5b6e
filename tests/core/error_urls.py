"""The portal's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from egov.urls import handler400, handler403, handler404, handler500, urlpatterns


def refuse(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def malformed(request: HttpRequest) -> HttpResponse:
    raise BadRequest


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [
    path("loi/403/", refuse),
    path("loi/400/", malformed),
    path("loi/500/", crash),
    path("api/v1/loi/403/", refuse),
    path("api/v1/loi/500/", crash),
    *urlpatterns,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
