from django.urls import path

from identity import views

app_name = "identity"

urlpatterns = [
    path("tai-khoan/xac-thuc/", views.verification, name="verification"),
    path("tai-khoan/xac-thuc/lien-ket/", views.link_dossiers, name="link_dossiers"),
    path(
        "tai-khoan/nhan-ho-so/<uuid:claim_id>/",
        views.claim_confirm,
        name="claim_confirm",
    ),
    path("tiep-nhan/xac-thuc-tai-khoan/", views.counter_check, name="counter_check"),
]
