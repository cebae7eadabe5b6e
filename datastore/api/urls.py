from django.urls import path

from datastore.api import views

urlpatterns = [
    path(
        "datastore/",
        views.StoredDocumentListApi.as_view(),
        name="api-datastore-list",
    ),
    path(
        "datastore/<uuid:key>/",
        views.StoredDocumentDetailApi.as_view(),
        name="api-datastore-detail",
    ),
    path(
        "datastore/<uuid:key>/download/",
        views.StoredDocumentDownloadApi.as_view(),
        name="api-datastore-download",
    ),
]
