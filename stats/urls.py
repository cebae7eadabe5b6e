from django.urls import path

from stats import views

app_name = "stats"

urlpatterns = [
    path("thong-ke/", views.dashboard, name="dashboard"),
    path("thong-ke/toan-tinh/", views.province, name="province"),
    path("thong-ke/bao-cao/", views.report, name="report"),
    path("thong-ke/bao-cao.pdf", views.report_pdf, name="report_pdf"),
    path(
        "thong-ke/cong-khai/",
        views.public,
        name="public",
    ),
    path("thong-ke/xuat/<slug:slug>.<str:fmt>", views.export, name="export"),
    path(
        "thong-ke/don-vi/xuat/<slug:slug>.<str:fmt>",
        views.unit_export,
        name="unit_export",
    ),
]
