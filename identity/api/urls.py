from django.urls import path

from identity.api import views

urlpatterns = [
    path("claims/", views.ClaimStartApi.as_view(), name="claim-start"),
    path(
        "claims/<uuid:id>/confirm/",
        views.ClaimConfirmApi.as_view(),
        name="claim-confirm",
    ),
    path(
        "verifications/counter/",
        views.CounterCheckApi.as_view(),
        name="verification-counter",
    ),
]
