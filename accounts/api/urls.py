from django.urls import path

from accounts.api import views

urlpatterns = [
    path("agencies/", views.AgencyListApi.as_view(), name="agency-list"),
    path("agencies/<uuid:id>/", views.AgencyDetailApi.as_view(), name="agency-detail"),
    path("auth/token/", views.TokenObtainApi.as_view(), name="auth-token"),
    path(
        "auth/logout-everywhere/",
        views.LogoutEverywhereApi.as_view(),
        name="auth-logout-everywhere",
    ),
    path("me/", views.MeApi.as_view(), name="me"),
    path("me/tokens/", views.TokenListApi.as_view(), name="me-tokens"),
    path(
        "me/tokens/<uuid:id>/", views.TokenRevokeApi.as_view(), name="me-token-revoke"
    ),
    path(
        "staff/<str:username>/roles/", views.StaffRolesApi.as_view(), name="staff-roles"
    ),
]
