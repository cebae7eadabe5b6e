from django.urls import path

from payments.api import views

app_name = "payments-api"

urlpatterns = [
    path(
        "dossiers/<str:code>/payment/",
        views.DossierPaymentApi.as_view(),
        name="dossier-payment",
    ),
    path(
        "dossiers/<str:code>/payment/start/",
        views.DossierPaymentStartApi.as_view(),
        name="dossier-payment-start",
    ),
    path(
        "payments/<uuid:uuid>/refunds/",
        views.RefundCreateApi.as_view(),
        name="refund-create",
    ),
    path("payments/ipn/<slug:gateway>/", views.PaymentIpnApi.as_view(), name="ipn"),
    path(
        "payments/reconciliation/",
        views.ReconciliationApi.as_view(),
        name="reconciliation",
    ),
    path("receipts/<str:number>/", views.ReceiptVerifyApi.as_view(), name="receipt"),
]
