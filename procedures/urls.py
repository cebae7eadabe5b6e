from django.urls import path

from procedures import views

app_name = "procedures"

urlpatterns = [
    path("thu-tuc/", views.catalogue, name="catalogue"),
    path("thu-tuc/<str:code>/", views.procedure_detail, name="detail"),
    path(
        "thu-tuc/<str:code>/bieu-mau/<int:position>/",
        views.form_download,
        name="form_download",
    ),
    path("ki-ot/", views.kiosk, name="kiosk"),
    path("ki-ot/<str:code>/", views.kiosk_detail, name="kiosk_detail"),
]
