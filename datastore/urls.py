from django.urls import path

from datastore import views

app_name = "datastore"

urlpatterns = [
    path("kho-du-lieu/", views.document_list, name="list"),
    path("kho-du-lieu/<uuid:key>/", views.document_detail, name="detail"),
    path("kho-du-lieu/<uuid:key>/tai-ve/", views.document_download, name="download"),
    path("kho-du-lieu/<uuid:key>/xoa/", views.document_delete, name="delete"),
]
