"""The portal's URLs and two bare views served the same way, the yardsticks of
bench/load.py: one primary-key query, and no query at all."""

import os

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from accounts.models import Agency

AGENCY_PK = int(os.environ.get("BENCH_AGENCY_PK", "1"))


def bare_query(request: HttpRequest) -> HttpResponse:
    return HttpResponse(Agency.objects.only("name").get(pk=AGENCY_PK).name)


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare-query/", bare_query),
    path("bench/bare/", bare),
    path("", include("egov.urls")),
]
