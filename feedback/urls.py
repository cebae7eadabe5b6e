from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    # Senders
    path("phan-anh/gui/", views.new, name="new"),
    path("phan-anh/da-gui/", views.sent, name="sent"),
    path("phan-anh/cua-toi/", views.mine, name="mine"),
    path("phan-anh/cua-toi/<str:code>/", views.own_detail, name="own_detail"),
    path("phan-anh/tra-cuu/", views.lookup, name="lookup"),
    path(
        "phan-anh/tra-cuu/<str:code>/<slug:action>/",
        views.sender_act,
        name="sender_act",
    ),
    # Staff
    path("phan-anh/tiep-nhan/", views.counter, name="counter"),
    path("phan-anh/xu-ly/", views.worklist, name="worklist"),
    path("phan-anh/duyet/", views.approvals, name="approvals"),
    path("phan-anh/xu-ly/<str:code>/", views.staff_detail, name="staff_detail"),
    path(
        "phan-anh/xu-ly/<str:code>/thao-tac/<slug:action>/",
        views.staff_act,
        name="staff_act",
    ),
    path("phan-anh/<str:code>/tep/<uuid:uuid>/", views.file_download, name="file"),
    # Public
    path("phan-anh/cong-khai/", views.public_list, name="public_list"),
    path("phan-anh/cong-khai/<str:code>/", views.public_detail, name="public_detail"),
]
