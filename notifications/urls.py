from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("thong-bao/", views.notices, name="notices"),
    path("tai-khoan/nhan-thong-bao/", views.preferences, name="preferences"),
    path(
        "hooks/sms/delivery-report/",
        views.sms_delivery_report,
        name="sms_delivery_report",
    ),
]
