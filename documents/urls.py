from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    # Public
    path("xac-thuc-van-ban/", views.verify, name="verify"),
    path("xac-thuc-van-ban/<str:key>/", views.verify_stored, name="verify-file"),
    path("ket-qua-dien-tu/<str:code>/", views.result_download, name="result"),
    # Staff
    path("van-ban/den/", views.inbox, name="inbox"),
    path("van-ban/den/nhap/", views.incoming_new, name="incoming_new"),
    path("van-ban/den/<str:key>/", views.incoming_detail, name="incoming"),
    path("van-ban/den/<str:key>/y-kien/", views.opinion, name="opinion"),
    path(
        "van-ban/den/<str:key>/<slug:action>/",
        views.incoming_act,
        name="incoming_act",
    ),
    path("van-ban/di/", views.outbox, name="outbox"),
    path("van-ban/di/soan/", views.outgoing_new, name="outgoing_new"),
    path("van-ban/di/<str:key>/", views.outgoing_detail, name="outgoing"),
    path(
        "van-ban/di/<str:key>/<slug:action>/",
        views.outgoing_act,
        name="outgoing_act",
    ),
    path("van-ban/can-xu-ly/", views.worklist, name="worklist"),
    path("van-ban/thong-ke/", views.statistics, name="statistics"),
    path("van-ban/tep/<str:key>/", views.file_download, name="file"),
    path("van-ban/so/<slug:kind>/", views.register_print, name="register"),
]
