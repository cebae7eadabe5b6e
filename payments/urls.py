from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("ho-so/<str:reference>/thanh-toan/", views.pay, name="pay"),
    path("ho-so/<str:reference>/thu-phi/", views.issue, name="issue"),
    path("thanh-toan/ket-qua/", views.payment_return, name="return"),
    path("thanh-toan/ngan-hang-thu-nghiem/", views.sandbox_bank, name="sandbox_bank"),
    path(
        "thanh-toan/ngan-hang-thu-nghiem/hoan-tien/",
        views.sandbox_refund,
        name="sandbox_refund",
    ),
    path(
        "thanh-toan/<uuid:uuid>/tai-quay/",
        views.counter_payment,
        name="counter_payment",
    ),
    path("thanh-toan/<uuid:uuid>/muc-thu/", views.settle_item, name="settle_item"),
    path("thanh-toan/<uuid:uuid>/hoan-tien/", views.refund, name="refund"),
    path("doi-soat/", views.reconciliation, name="reconciliation"),
    path("doi-soat/csv/", views.reconciliation_csv, name="reconciliation_csv"),
    path("bien-lai/<str:number>/", views.receipt_verify, name="receipt_verify"),
    path(
        "bien-lai/<str:number>/tai-ve/",
        views.receipt_download,
        name="receipt_download",
    ),
]
