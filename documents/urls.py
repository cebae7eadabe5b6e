from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    # Public
    path("xac-thuc-van-ban/", views.verify, name="verify"),
    path("xac-thuc-van-ban/<str:key>/", views.verify_stored, name="verify-file"),
]
