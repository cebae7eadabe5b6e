from django.urls import path

from national import views

app_name = "national"

urlpatterns = [
    path("dong-bo-quoc-gia/", views.reconciliation, name="reconciliation"),
    path("dong-bo-quoc-gia/<uuid:uuid>/gui-lai/", views.retry, name="retry"),
]
