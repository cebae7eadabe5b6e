from django.urls import path

from national.api import views

urlpatterns = [
    path("national/syncs/", views.NationalSyncListApi.as_view(), name="national-syncs"),
    path(
        "national/syncs/<uuid:uuid>/retry/",
        views.NationalSyncRetryApi.as_view(),
        name="national-sync-retry",
    ),
    path(
        "national/summary/", views.NationalSummaryApi.as_view(), name="national-summary"
    ),
    path(
        "national/catalogue-runs/",
        views.CatalogueRunListApi.as_view(),
        name="national-catalogue-runs",
    ),
    path(
        "national/catalogue-runs/<uuid:uuid>/",
        views.CatalogueRunDetailApi.as_view(),
        name="national-catalogue-run",
    ),
]
