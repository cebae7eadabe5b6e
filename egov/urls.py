from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import views

admin.site.site_header = _("Quản trị Cổng dịch vụ công")
admin.site.site_title = _("Quản trị một cửa điện tử")
admin.site.index_title = _("Quản trị hệ thống")

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("procedures.api.urls")),
    path("", include("dossiers.api.urls")),
    path("", include("identity.api.urls")),
    path("", include("stats.api.urls")),
    path("", include("payments.api.urls")),
    path("", include("documents.api.urls")),
    path("", include("feedback.api.urls")),
    path("", include("national.api.urls")),
    path("", include("datastore.api.urls")),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", views.metrics, name="metrics"),
    # No CSRF token: public pages are shared between anonymous visitors
    # (core/public_cache.py), and a forged request can only change the language.
    path("ngon-ngu/", csrf_exempt(set_language), name="set_language"),
    path("", include("accounts.urls")),
    path("", include("procedures.urls")),
    path("", include("notifications.urls")),
    # Before dossiers: its counter section has a catch-all queue path.
    path("", include("identity.urls")),
    path("", include("dossiers.urls")),
    path("", include("stats.urls")),
    path("", include("payments.urls")),
    path("", include("documents.urls")),
    path("", include("feedback.urls")),
    path("", include("national.urls")),
    path("", include("datastore.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The split view serves its script as a file: no inline script (CSP).
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

if settings.NATIONAL_STUB:
    urlpatterns.append(path("national-stub/api/", include("national.stub")))
