from django.urls import path

from documents.api import views

urlpatterns = [
    path(
        "documents/incoming/",
        views.IncomingListCreateApi.as_view(),
        name="document-incoming-list",
    ),
    path(
        "documents/incoming/<str:key>/",
        views.IncomingDetailApi.as_view(),
        name="document-incoming-detail",
    ),
    path(
        "documents/incoming/<str:key>/actions/",
        views.IncomingActionApi.as_view(),
        name="document-incoming-actions",
    ),
    path(
        "documents/incoming/<str:key>/opinions/",
        views.IncomingOpinionApi.as_view(),
        name="document-incoming-opinions",
    ),
    path(
        "documents/outgoing/",
        views.OutgoingListCreateApi.as_view(),
        name="document-outgoing-list",
    ),
    path(
        "documents/outgoing/<str:key>/",
        views.OutgoingDetailApi.as_view(),
        name="document-outgoing-detail",
    ),
    path(
        "documents/outgoing/<str:key>/actions/",
        views.OutgoingActionApi.as_view(),
        name="document-outgoing-actions",
    ),
    path(
        "documents/files/<str:key>/",
        views.DocumentFileApi.as_view(),
        name="document-file",
    ),
    path(
        "documents/results/<str:code>/",
        views.ElectronicResultApi.as_view(),
        name="document-result",
    ),
    path(
        "documents/exchange/",
        views.ExchangeInboxApi.as_view(),
        name="document-exchange",
    ),
]
