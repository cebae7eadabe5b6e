import hashlib
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.calendar import get_calendar
from dossiers.forms import RatingForm
from dossiers.models import Dossier, DossierFile, SatisfactionRating
from procedures.models import OnlineMode, ServiceLevel
from procedures.services import procedure_refresh_search
from tests.accounts.factories import AgencyFactory, CitizenFactory, StaffFactory
from tests.dossiers.conftest import act, advance, draft, wrong_digits
from tests.dossiers.factories import PDF_BYTES, PNG_BYTES, ProcedureFactory, pdf

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"dossiers:{name}", args=args)


def submitted(world):
    return act(draft(world), "submit", world.citizen)


def logged_in(client, user):
    client.force_login(user)
    return client


def filing_data(world, **overrides):
    data = {
        "processing_agency": world.department.pk,
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": world.citizen.national_id,
        "applicant_phone": "0912 345 678",
        "applicant_email": "an@example.vn",
        "applicant_address": "12 Phan Đình Phùng, Đà Lạt",
        "delivery_method": "counter",
        "note": "",
    }
    return {**data, **overrides}


# --- Online filing ---


def test_filing_form_is_prefilled_from_the_profile(client, world):
    logged_in(client, world.citizen)
    response = client.get(url("file_online", world.procedure.code))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["applicant_id_number"].value() == world.citizen.national_id
    assert form["applicant_name"].value() == world.citizen.full_name
    assert form["processing_agency"].value() == world.department.pk


def test_online_filing_runs_from_details_to_code(client, world):
    logged_in(client, world.citizen)
    response = client.post(url("file_online", world.procedure.code), filing_data(world))
    dossier = Dossier.objects.get(owner=world.citizen)
    assert dossier.status == "draft" and dossier.applicant_phone == "0912345678"
    assert response["Location"] == url("draft_files", dossier.reference)

    first, second = world.procedure.components.order_by("position")
    response = client.post(
        url("draft_files", dossier.reference),
        {
            f"component_{first.position}": pdf("to-khai.pdf"),
            f"component_{second.position}": pdf("cccd.exe", b"MZ\x90\x00 not a pdf"),
        },
    )
    # The refused file says why on its own field; the good one is kept.
    assert response.status_code == 200
    form = response.context["form"]
    assert "cccd.exe" in form.errors[f"component_{second.position}"][0]
    assert f"component_{first.position}" not in form.errors
    assert dossier.files.count() == 1

    response = client.post(
        url("draft_files", dossier.reference),
        {f"component_{second.position}": pdf("cccd.pdf")},
    )
    assert response["Location"] == url("draft_review", dossier.reference)
    assert client.get(url("draft_review", dossier.reference)).status_code == 200

    response = client.post(url("act", dossier.reference, "submit"))
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and dossier.code
    assert response["Location"] == url("submitted", dossier.code)
    page = client.get(url("submitted", dossier.code))
    assert dossier.code in page.content.decode()
    assert "<svg" in page.content.decode()  # the QR code of the public lookup


def test_submit_with_missing_papers_is_a_form_error(client, world):
    dossier = draft(world)
    dossier.files.all().delete()
    logged_in(client, world.citizen)
    response = client.post(url("act", dossier.reference, "submit"))
    assert response.status_code == 200
    assert "Còn thiếu thành phần" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == "draft"


def test_staff_and_offline_procedures_cannot_file_online(client, world):
    logged_in(client, world.clerk)
    response = client.get(url("file_online", world.procedure.code))
    assert response.templates[0].name == "dossiers/file_online_unavailable.html"
    offline = ProcedureFactory(
        agencies=[world.department],
        service_level=ServiceLevel.FORMS,
        online_mode=OnlineMode.NONE,
    )
    logged_in(client, world.citizen)
    response = client.get(url("file_online", offline.code))
    assert response.templates[0].name == "dossiers/file_online_unavailable.html"
    assert not Dossier.objects.exists()


def test_draft_pages_belong_to_their_owner(client, world):
    dossier = draft(world)
    logged_in(client, CitizenFactory())
    assert client.get(url("draft_files", dossier.reference)).status_code == 404
    logged_in(client, world.citizen)
    assert client.get(url("draft_files", dossier.reference)).status_code == 200


# --- The dossier page ---


def test_someone_else_gets_a_404_for_a_dossier(client, world):
    dossier = submitted(world)
    logged_in(client, CitizenFactory())
    assert client.get(url("detail", dossier.code)).status_code == 404
    logged_in(client, world.citizen)
    assert client.get(url("detail", dossier.code)).status_code == 200


def test_detail_shows_buttons_of_the_allowed_actions_only(client, world):
    dossier = submitted(world)
    logged_in(client, world.clerk)
    page = client.get(url("detail", dossier.code))
    actions = [panel.transition.action for panel in page.context["panels"]]
    assert actions == ["receive", "return_for_supplement", "refuse"]
    logged_in(client, world.citizen)
    page = client.get(url("detail", dossier.code))
    assert [p.transition.action for p in page.context["panels"]] == ["withdraw"]


def test_refusal_without_a_reason_is_a_form_error_not_a_500(client, world):
    dossier = submitted(world)
    logged_in(client, world.clerk)
    response = client.post(url("act", dossier.code, "refuse"), {"refuse-note": " "})
    assert response.status_code == 200
    assert response.context["panels"][2].form.errors
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


def test_guard_refusal_shows_the_domain_message(client, world):
    dossier = advance(world, submitted(world), "processing")
    logged_in(client, world.officer)
    response = client.post(url("act", dossier.code, "forward"), {"forward-note": ""})
    assert response.status_code == 200
    assert "Cần đính kèm tệp kết quả" in response.content.decode()


def test_action_not_allowed_for_the_user_is_refused_politely(client, world):
    dossier = submitted(world)
    logged_in(client, world.citizen)
    response = client.post(url("act", dossier.code, "receive"), follow=True)
    assert response.status_code == 200
    assert "không còn thực hiện được" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


def test_assignee_choices_are_officers_of_the_processing_agency(client, world):
    dossier = advance(world, submitted(world), "received")
    stranger = StaffFactory(agency=AgencyFactory(), roles=[Role.OFFICER])
    logged_in(client, world.leader)
    page = client.get(url("detail", dossier.code))
    form = next(
        p.form for p in page.context["panels"] if p.transition.action == "assign"
    )
    assert list(form.fields["assignee"].queryset) == [world.officer]
    response = client.post(
        url("act", dossier.code, "assign"), {"assign-assignee": stranger.pk}
    )
    assert response.status_code == 200
    dossier.refresh_from_db()
    assert dossier.status == "received"


def test_staff_journey_through_the_pages(client, world):
    dossier = submitted(world)
    logged_in(client, world.clerk)
    client.post(url("act", dossier.code, "receive"), {"receive-note": ""})
    logged_in(client, world.leader)
    client.post(
        url("act", dossier.code, "assign"), {"assign-assignee": world.officer.pk}
    )
    logged_in(client, world.officer)
    client.post(url("result_upload", dossier.code), {"result": pdf("ket-qua.pdf")})
    client.post(url("act", dossier.code, "forward"), {"forward-note": "Đủ điều kiện"})
    logged_in(client, world.leader)
    client.post(url("act", dossier.code, "approve"), {"approve-note": ""})
    logged_in(client, world.clerk)
    response = client.post(url("act", dossier.code, "return_result"), {})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "returned"

    logged_in(client, world.citizen)
    scores = dict.fromkeys(RatingForm.scores, 5)
    response = client.post(
        url("rate", dossier.code),
        {**scores, "contacts": 1, "agencies_contacted": 1, "one_stop": "true",
         "comment": "Nhanh"},
    )  # fmt: skip
    assert response.status_code == 302
    rating = SatisfactionRating.objects.get(dossier=dossier)
    assert rating.overall == 5
    assert (rating.points, rating.band) == (18, "Xuất sắc")  # 9 criteria × 2
    page = client.get(url("detail", dossier.code))
    assert page.context["rating_form"] is None
    assert "18/18 (Xuất sắc)" in page.content.decode()


def test_result_upload_refuses_a_bad_file_on_its_field(client, world):
    dossier = advance(world, submitted(world), "processing")
    logged_in(client, world.officer)
    response = client.post(
        url("result_upload", dossier.code),
        {"result": pdf("ket-qua.pdf", b"just text")},
    )
    assert response.status_code == 200
    assert response.context["result_form"].errors["result"]


def test_apology_sets_the_new_appointment(client, world):
    dossier = advance(world, submitted(world), "processing")
    new_day = get_calendar().next_working_day(timezone.localdate(dossier.due_at))
    logged_in(client, world.officer)
    response = client.post(
        url("act", dossier.code, "apologize"),
        {"apologize-note": "Chờ xác minh", "apologize-new_due_at_date": new_day},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert timezone.localdate(dossier.due_at) == new_day
    assert dossier.apologized_at is not None


def test_supplement_is_uploaded_by_the_applicant(client, world):
    dossier = advance(world, submitted(world), "processing")
    component = world.procedure.components.first()
    act(
        dossier,
        "request_supplement",
        world.officer,
        note="Bản sao sổ hộ khẩu",
        components=[component],
    )
    logged_in(client, world.citizen)
    page = client.get(url("detail", dossier.code))
    assert "Bản sao sổ hộ khẩu" in page.content.decode()
    response = client.post(
        url("act", dossier.code, "supply"),
        {f"supply-component_{component.position}": pdf("bo-sung.pdf")},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "processing"
    assert dossier.files.filter(original_name="bo-sung.pdf").exists()


def test_withdrawal_of_a_submitted_dossier(client, world):
    dossier = submitted(world)
    logged_in(client, world.citizen)
    client.post(url("act", dossier.code, "withdraw"), {"withdraw-note": ""})
    dossier.refresh_from_db()
    assert dossier.status == "withdrawn"


# --- Files ---


def test_files_are_attachments_for_those_who_may_see_them(client, world):
    dossier = submitted(world)
    file = dossier.files.first()
    name = file.file.name.rsplit("/", 1)[1]
    logged_in(client, world.citizen)
    response = client.get(url("file_download", dossier.code, name))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES
    logged_in(client, CitizenFactory())
    assert client.get(url("file_download", dossier.code, name)).status_code == 404


def test_applicant_sees_the_result_only_once_signed(client, world):
    dossier = advance(world, submitted(world), "awaiting_approval")
    result = dossier.files.get(kind="result")
    name = result.file.name.rsplit("/", 1)[1]
    logged_in(client, world.citizen)
    assert client.get(url("file_download", dossier.code, name)).status_code == 404
    act(dossier, "approve", world.leader)
    assert client.get(url("file_download", dossier.code, name)).status_code == 200


def test_media_files_have_no_public_url(client, world):
    dossier = submitted(world)
    file = dossier.files.first()
    assert client.get(f"/media/{file.file.name}").status_code == 404


def test_stored_form_of_an_event_is_downloaded(client, world):
    dossier = advance(world, submitted(world), "received")
    event = dossier.events.get(action="receive")
    content = b"%PDF-1.7 receipt"
    DossierFile.objects.create(
        dossier=dossier,
        kind=DossierFile.Kind.FORM,
        event=event,
        form_code="01",
        file=ContentFile(content, name="mau-01.pdf"),
        original_name=f"mau-01-{dossier.code}.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    position = list(dossier.events.all()).index(event) + 1
    logged_in(client, world.citizen)
    response = client.get(url("form_download", dossier.code, position))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert f"mau-01-{dossier.code}.pdf" in response["Content-Disposition"]
    # The submit event carries no form.
    assert client.get(url("form_download", dossier.code, 2)).status_code == 404


def test_control_sheet_and_logbook_are_for_staff(client, world):
    dossier = advance(world, submitted(world), "received")
    logged_in(client, world.citizen)
    assert client.get(url("control_sheet", dossier.code)).status_code == 403
    assert client.get(url("logbook")).status_code == 403
    logged_in(client, world.clerk)
    page = client.get(url("logbook"))
    assert list(page.context["form"].fields["agency"].queryset) == [world.centre]
    response = client.post(
        url("logbook"),
        {"agency": world.centre.pk, "start": "2026-02-01", "end": "2026-01-01"},
    )
    assert response.status_code == 400 and response.context["form"].errors


# --- Public lookup ---


def test_lookup_link_of_the_qr_code_asks_for_the_digits(client, world):
    dossier = submitted(world)
    response = client.get(url("lookup"), {"code": dossier.code})
    assert response.status_code == 200
    assert response.context["form"]["code"].value() == dossier.code
    assert "dossier" not in response.context


def test_lookup_with_the_right_digits_shows_status_and_history(client, world):
    dossier = advance(world, submitted(world), "received")
    response = client.get(
        url("lookup"), {"code": dossier.code, "verify": dossier.applicant_phone[-4:]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đã tiếp nhận" in page and "đã tiếp nhận hồ sơ" in page
    assert dossier.applicant_name not in page  # only a masked name
    assert dossier.applicant_id_number not in page


def test_lookup_answers_alike_for_unknown_code_and_wrong_digits(client, world):
    dossier = submitted(world)
    wrong = client.get(
        url("lookup"), {"code": dossier.code, "verify": wrong_digits(dossier)}
    )
    unknown = client.get(url("lookup"), {"code": "XYZ-1", "verify": "5678"})
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.context["form"].non_field_errors() == (
        unknown.context["form"].non_field_errors()
    )


def test_lookup_is_throttled_per_address_and_code(client, world, settings):
    dossier = submitted(world)
    for _ in range(settings.LOOKUP_LIMIT_PER_CODE):
        client.get(
            url("lookup"), {"code": dossier.code, "verify": wrong_digits(dossier)}
        )
    blocked = client.get(
        url("lookup"), {"code": dossier.code, "verify": dossier.applicant_phone[-4:]}
    )
    assert blocked.status_code == 429
    assert "quá nhiều lần" in blocked.content.decode()


# --- Walk-in intake ---


def intake_data(world, **overrides):
    first, second = world.procedure.components.order_by("position")
    data = {
        "applicant_kind": "person",
        "applicant_name": "Lê Thị Cúc",
        "applicant_id_number": "068190001111",
        "applicant_phone": "0987000111",
        "applicant_address": "Đà Lạt",
        "processing_agency": world.department.pk,
        "delivery_method": "counter",
        f"checked_{first.position}": "on",
        f"scan_{first.position}": pdf("don.pdf"),
        f"checked_{second.position}": "on",
        f"scan_{second.position}": pdf("cccd.pdf"),
    }
    return {**data, **overrides}


def test_clerk_takes_a_walk_in_dossier(client, world):
    procedure_refresh_search(procedure=world.procedure)
    logged_in(client, world.clerk)
    search = client.get(url("intake_search"), {"q": world.procedure.name})
    assert world.procedure in search.context["results"]
    response = client.post(url("intake", world.procedure.code), intake_data(world))
    dossier = Dossier.objects.get(applicant_id_number="068190001111")
    assert dossier.status == "received" and dossier.channel == "counter"
    assert response["Location"] == url("detail", dossier.code)
    assert dossier.files.filter(is_digitized=True).count() == 2


def test_intake_checklist_errors_are_per_paper(client, world):
    first, second = world.procedure.components.order_by("position")
    logged_in(client, world.clerk)
    response = client.post(
        url("intake", world.procedure.code),
        intake_data(
            world,
            **{
                f"checked_{first.position}": "",
                f"scan_{second.position}": pdf("x.png", b"GIF89a"),
            },
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert f"checked_{first.position}" in errors
    assert "x.png" in errors[f"scan_{second.position}"][0]
    assert not Dossier.objects.exists()


def test_counter_pages_are_for_clerks(client, world):
    logged_in(client, world.officer)
    assert client.get(url("intake_search")).status_code == 403
    assert client.get(url("counter")).status_code == 403


# --- Lists ---


def make_dossiers(world, count):
    for _ in range(count):
        submitted(world)


def test_my_dossiers_runs_constant_queries(
    client, world, django_assert_max_num_queries
):
    logged_in(client, world.citizen)
    make_dossiers(world, 2)
    with django_assert_max_num_queries(8):
        small = client.get(url("my_dossiers"))
    make_dossiers(world, 10)
    with django_assert_max_num_queries(8):
        large = client.get(url("my_dossiers"))
    assert len(small.context["page"].object_list) == 2
    assert len(large.context["page"].object_list) == 12


@pytest.mark.parametrize(
    ("role", "slug", "status"),
    [
        ("clerk", "cho-tiep-nhan", "submitted"),
        ("leader", "cho-phan-cong", "received"),
        ("officer", "duoc-giao", "processing"),
        ("leader", "cho-ky-duyet", "awaiting_approval"),
        ("clerk", "tra-ket-qua", "result_ready"),
    ],
)
def test_queues_run_constant_queries(
    client, world, django_assert_max_num_queries, role, slug, status
):
    section = "counter" if role == "clerk" else "processing"
    logged_in(client, getattr(world, role))
    for _ in range(2):
        advance(world, submitted(world), status)
    with django_assert_max_num_queries(14):
        small = client.get(url(f"{section}_queue", slug))
    for _ in range(6):
        advance(world, submitted(world), status)
    with django_assert_max_num_queries(14):
        large = client.get(url(f"{section}_queue", slug))
    assert len(small.context["page"].object_list) == 2
    assert len(large.context["page"].object_list) == 8


def test_worklist_marks_overdue_and_due_soon(client, world):
    overdue, soon, later = (
        advance(world, submitted(world), "processing") for _ in range(3)
    )
    now = timezone.now()
    Dossier.objects.filter(pk=overdue.pk).update(due_at=now - timedelta(hours=2))
    Dossier.objects.filter(pk=soon.pk).update(due_at=now + timedelta(minutes=30))
    Dossier.objects.filter(pk=later.pk).update(due_at=now + timedelta(days=20))
    logged_in(client, world.officer)
    page = client.get(url("processing"))
    marks = {d.pk: d.mark for d in page.context["page"].object_list}
    assert marks == {overdue.pk: "overdue", soon.pk: "due_soon", later.pk: ""}
    assert [d.pk for d in page.context["page"].object_list] == [
        overdue.pk,
        soon.pk,
        later.pk,
    ]
    assert "Quá hạn" in page.content.decode()


def test_staff_search_finds_by_code(client, world):
    dossier = submitted(world)
    submitted(world)
    logged_in(client, world.clerk)
    page = client.get(url("staff_search"), {"q": dossier.code})
    assert [d.pk for d in page.context["page"].rows] == [dossier.pk]


def test_staff_search_pages_by_key_newest_first(client, world, monkeypatch):
    monkeypatch.setattr("dossiers.views.queues.PAGE_SIZE", 2)
    dossiers = [submitted(world) for _ in range(5)]
    logged_in(client, world.clerk)
    seen, query = [], {}
    while True:
        page = client.get(url("staff_search"), query).context["page"]
        seen += [d.pk for d in page.rows]
        if not page.next_key:
            break
        query = {"sau": page.next_key}
    assert seen == [d.pk for d in reversed(dossiers)]
    # A key that cannot be read starts again from the newest.
    page = client.get(url("staff_search"), {"sau": "not-a-key"}).context["page"]
    assert [d.pk for d in page.rows] == [dossiers[4].pk, dossiers[3].pk]


# --- Navigation and dashboard ---


def test_navigation_by_role(client, world):
    labels = {}
    for name in ("citizen", "clerk", "officer", "leader"):
        logged_in(client, getattr(world, name))
        page = client.get(reverse("home"))
        labels[name] = {str(item.label) for item in page.context["navigation"]}
    assert "Hồ sơ của tôi" in labels["citizen"]
    assert "Tiếp nhận" in labels["clerk"] and "Xử lý hồ sơ" not in labels["clerk"]
    assert "Xử lý hồ sơ" in labels["officer"] and "Xử lý hồ sơ" in labels["leader"]
    assert all("Tra cứu hồ sơ" in items for items in labels.values())


def test_dashboard_panels_show_queues(client, world):
    dossier = submitted(world)
    logged_in(client, world.clerk)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert dossier.code in page and url("counter_queue", "cho-tiep-nhan") in page
    logged_in(client, world.citizen)
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert dossier.code in page


def test_admin_shows_dossiers_read_only(client, world):
    dossier = submitted(world)
    admin = StaffFactory(agency=world.centre, roles=[Role.AGENCY_ADMIN], is_staff=True)
    logged_in(client, admin)
    listing = client.get(reverse("admin:dossiers_dossier_changelist"))
    assert listing.status_code == 200 and dossier.code in listing.content.decode()
    change = client.get(reverse("admin:dossiers_dossier_change", args=[dossier.pk]))
    assert change.status_code == 200
    assert 'name="status"' not in change.content.decode()


def test_png_components_are_accepted(client, world):
    dossier = draft(world)
    component = world.procedure.components.first()
    logged_in(client, world.citizen)
    client.post(
        url("draft_files", dossier.reference),
        {f"component_{component.position}": pdf("anh.png", PNG_BYTES)},
    )
    assert dossier.files.filter(content_type="image/png").exists()


def test_rating_points_follow_the_nine_criteria():
    rating = SatisfactionRating(
        overall=4,
        on_time=4,  # 2
        agencies_time=3,  # 1
        contacts=2,  # 1
        agencies_contacted=3,  # 0
        one_stop=False,  # 0
        publicity=5,  # 2
        staff_attitude=2,  # 0
        feedback_handling=3,  # 1
        online_quality=1,  # 0
    )

    assert (rating.points, rating.band) == (7, "Trung bình")
    assert SatisfactionRating(overall=3, on_time=3, staff_attitude=3, publicity=3,
                              online_quality=3, contacts=1).points is None  # fmt: skip
