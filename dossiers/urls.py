from django.urls import path

from dossiers import views

app_name = "dossiers"

urlpatterns = [
    # Public
    path("tra-cuu/", views.lookup, name="lookup"),
    path("ki-ot/tra-cuu-ho-so/", views.kiosk_lookup, name="kiosk_lookup"),
    # Applicants
    path("nop-ho-so/<str:procedure_code>/", views.file_online, name="file_online"),
    path("ho-so-cua-toi/", views.my_dossiers, name="my_dossiers"),
    # The counter
    path("tiep-nhan/", views.section_home, {"section": "counter"}, name="counter"),
    path("tiep-nhan/nop-truc-tiep/", views.intake_search, name="intake_search"),
    path(
        "tiep-nhan/nop-truc-tiep/<str:procedure_code>/",
        views.intake,
        name="intake",
    ),
    path("tiep-nhan/<slug:slug>/", views.queue_page, name="counter_queue"),
    path("so-theo-doi/", views.logbook, name="logbook"),
    path("so-theo-doi/<int:pk>/", views.logbook_export, name="logbook_export"),
    path(
        "so-theo-doi/<int:pk>/tai-ve/",
        views.logbook_download,
        name="logbook_download",
    ),
    # Processing
    path("xu-ly/", views.section_home, {"section": "processing"}, name="processing"),
    path("xu-ly/<slug:slug>/", views.queue_page, name="processing_queue"),
    path("ho-so/", views.staff_search, name="staff_search"),
    # One dossier (by code, or by uuid while a draft)
    path("ho-so/<str:reference>/", views.detail, name="detail"),
    path("ho-so/<str:reference>/thanh-phan/", views.draft_files, name="draft_files"),
    path("ho-so/<str:reference>/xem-lai/", views.draft_review, name="draft_review"),
    path("ho-so/<str:reference>/da-nop/", views.submitted, name="submitted"),
    path("ho-so/<str:reference>/thao-tac/<slug:action>/", views.act, name="act"),
    path("ho-so/<str:reference>/ket-qua/", views.result_upload, name="result_upload"),
    path("ho-so/<str:reference>/danh-gia/", views.rate, name="rate"),
    path(
        "ho-so/<str:reference>/tep/<str:name>/",
        views.file_download,
        name="file_download",
    ),
    path(
        "ho-so/<str:reference>/bieu-mau/<int:position>/",
        views.form_download,
        name="form_download",
    ),
    path(
        "ho-so/<str:reference>/phieu-kiem-soat/",
        views.control_sheet,
        name="control_sheet",
    ),
]
