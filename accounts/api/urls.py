from django.urls import path

from accounts.api import views

urlpatterns = [
    path("agencies/", views.AgencyListApi.as_view(), name="agency-list"),
    path("agencies/<uuid:id>/", views.AgencyDetailApi.as_view(), name="agency-detail"),
    path("auth/token/", views.TokenObtainApi.as_view(), name="auth-token"),
    path("me/", views.MeApi.as_view(), name="me"),
]
