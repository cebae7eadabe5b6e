from django.urls import path

from dossiers.api import views

urlpatterns = [
    path("dossiers/", views.DossierListCreateApi.as_view(), name="dossier-list"),
    path(
        "dossiers/<str:code>/", views.DossierDetailApi.as_view(), name="dossier-detail"
    ),
    path(
        "dossiers/<str:code>/transitions/",
        views.DossierTransitionApi.as_view(),
        name="dossier-transitions",
    ),
    path(
        "dossiers/<str:code>/files/",
        views.DossierFilesApi.as_view(),
        name="dossier-files",
    ),
    path(
        "dossiers/<str:code>/files/reuse/",
        views.DossierFileReuseApi.as_view(),
        name="dossier-file-reuse",
    ),
    path("lookup/", views.DossierLookupApi.as_view(), name="dossier-lookup"),
]
