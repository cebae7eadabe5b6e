from django.urls import path, register_converter

from procedures import views


class KioskCodeConverter:
    """A procedure code (it starts with a digit), so that the kiosk's other pages
    (/ki-ot/su-kien/…, /ki-ot/tra-cuu-ho-so/) are not taken for one."""

    regex = r"[0-9][0-9A-Za-z.\-_]{2,39}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KioskCodeConverter, "procedure_code")

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
    path("ki-ot/su-kien/<slug:slug>/", views.kiosk_event, name="kiosk_event"),
    path("ki-ot/<procedure_code:code>/", views.kiosk_detail, name="kiosk_detail"),
]
