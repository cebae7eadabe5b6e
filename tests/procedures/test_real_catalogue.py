"""The real national and provincial catalogue, imported from ../shared/data, is fit
for filing: expectations written by reading the published texts."""

from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from dossiers.forms import IntakeForm
from procedures import selectors
from procedures.models import Field, Procedure
from tests.accounts.factories import AgencyFactory
from tests.dossiers.factories import PDF_BYTES
from tests.procedures.conftest import shared_data

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MARITAL = "1.004873.000.00.00.H36"


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker):
    """The real catalogue, imported once for the module inside a transaction that
    is rolled back at its end (each test runs in a savepoint within it)."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command(
            "import_procedures",
            str(shared_data("procedures.json")),
            "--texts",
            str(shared_data("procedure_texts.json")),
            stdout=out,
        )
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def catalogue(imported, db):
    return imported


def kinds(procedure):
    return {
        kind: [c.position for c in procedure.components.all() if c.kind == kind]
        for kind in ("required", "conditional", "note")
    }


def test_marital_status_certificate_asks_one_paper_and_shows_the_cases(catalogue):
    procedure = Procedure.objects.get(code=MARITAL)

    # Read from the 21 published lines: the identity paper (20) is the one paper
    # always brought; 1-4, 6, 19 and 21 are needed only in their case (divorced
    # abroad, re-issue, previously married, by proxy, paper declaration at the
    # counter, residence not found in the database, filing by post); the e-form
    # (5), the "Lưu ý" lines (7-16) and the staff instructions (17, 18) are notes.
    # The import used to ask all 21, all but the "Lưu ý" ones as mandatory.
    assert kinds(procedure) == {
        "required": [20],
        "conditional": [1, 2, 3, 4, 6, 19, 21],
        "note": [5, *range(7, 19)],
    }
    conditions = {c.position: c.condition for c in procedure.components.all()}
    assert conditions[21] == "Trường hợp gửi hồ sơ qua hệ thống bưu chính"
    assert conditions[4] == (
        "Trong trường hợp ủy quyền thực hiện việc cấp Giấy xác nhận tình trạng hôn nhân"
    )
    assert conditions[6] == (
        "Nếu người có yêu cầu lựa chọn nộp hồ sơ theo hình thức trực tiếp"
    )


def test_birth_registration_needs_the_birth_certificate_and_an_identity_paper(
    catalogue,
):
    birth = Procedure.objects.get(code="1.001193.000.00.00.H36")

    # 1: the birth certificate (Giấy chứng sinh); 8: the declarant's identity
    # paper. The paper declaration (5) is for counter and post filing only, the
    # parents' marriage certificate (6) "nếu cha, mẹ đã đăng ký kết hôn", and the
    # interactive e-form (4) is filled on the portal, not uploaded.
    assert kinds(birth)["required"] == [1, 8]
    assert birth.components.get(position=6).condition == (
        "Nếu cha, mẹ đã đăng ký kết hôn"
    )
    assert birth.components.get(position=4).is_note


def test_the_provincial_copy_is_the_one_public_entry_and_the_national_code_finds_it(
    catalogue,
):
    national = Procedure.objects.get(code="1.004873")
    provincial = Procedure.objects.get(code=MARITAL)

    assert national.replaced_by == provincial
    public = Procedure.objects.public()
    assert not public.filter(code="1.004873").exists()
    # The province's fee and time, not the national record's "free" and "3".
    assert provincial.fee_status == "charged"
    assert {item.amount for item in provincial.fee_items.all()} == {15000, 12000}
    assert (provincial.processing_time, provincial.processing_time_unit) == (
        3,
        "working_days",
    )
    found = selectors.procedure_catalogue(query="1.004873")
    assert [p.code for p in found] == [MARITAL]
    assert selectors.procedure_get_public(code="1.004873") == provincial


def test_national_code_page_redirects_to_the_provincial_copy(catalogue, client):
    response = client.get("/thu-tuc/1.004873/")

    assert response.status_code == 302
    assert response["Location"] == f"/thu-tuc/{MARITAL}/"
    api = client.get("/api/v1/procedures/1.004873/")
    assert api.status_code == 200
    assert api.json()["code"] == MARITAL


def test_district_procedures_move_to_communes_or_are_no_longer_in_force(catalogue):
    # Construction permits for grade III-IV works: a district procedure listed
    # without detail in Lâm Đồng; the national record (2026) places it at communes.
    permit = Procedure.objects.get(code="1.013225.H36")
    assert permit.level_commune and permit.level_district
    assert permit.level_labels == ["Cấp xã"]
    assert permit.components.count() == 50  # completed from the national record
    assert Procedure.objects.public().filter(code="1.013225.H36").exists()
    # A district procedure with no post-reform counterpart ends on 30 June 2025.
    gone = Procedure.objects.get(code="1.010832.000.00.00.H36")
    assert gone.levels == ["district"]
    assert str(gone.effective_until) == "2025-06-30"
    assert not Procedure.objects.public().filter(pk=gone.pk).exists()
    assert "re-assigned to the commune level: 59." in catalogue
    assert "not applicable after 1 July 2025 (hidden" in catalogue
    assert "1.010832.000.00.00.H36" in catalogue


def test_papers_grouped_by_situation_are_needed_only_in_that_situation(catalogue):
    residence = Procedure.objects.get(code="1.004222")

    # Permanent residence: the papers are listed per situation (rented home,
    # religious establishment, care facility, vehicle, army or police unit...);
    # an applicant brings those of their own situation.
    assert kinds(residence)["required"] == []
    rented = residence.components.get(position=14)
    assert rented.condition.startswith("Đăng ký thường trú vào chỗ ở hợp pháp")


def test_field_spellings_are_one_field(catalogue):
    names = [f.name for f in Field.objects.all() if "khen thưởng" in f.name]

    assert names == ["Thi đua - khen thưởng"] or names == ["Thi đua, khen thưởng"]


def test_counter_checklist_of_the_marital_status_certificate_asks_one_tick(
    catalogue,
):
    ward = AgencyFactory(level="commune", kind="peoples_committee")
    procedure = selectors.procedure_get_public(code=MARITAL)
    form = IntakeForm(
        {
            "applicant_kind": "person",
            "processing_agency": ward.pk,
            "applicant_name": "Trần Thị Bình",
            "applicant_id_number": "068185004321",
            "applicant_phone": "0905123789",
            "applicant_address": "8 Yersin, Đà Lạt",
            "delivery_method": "counter",
            "checked_20": "on",
        },
        {"scan_20": SimpleUploadedFile("cccd.pdf", PDF_BYTES, "application/pdf")},
        procedure=procedure,
    )

    # Only the identity paper must be ticked; the seven conditional papers and
    # the notes do not block the intake (the notes are not on the checklist).
    assert form.is_valid(), form.errors
    assert [c.position for c in form.components] == [1, 2, 3, 4, 6, 19, 20, 21]


def test_legal_basis_reads_as_documents_with_their_titles_and_dates(catalogue, client):
    # The national record's legal basis: five table cells glued together, each a
    # summary followed by the document's number.
    procedure = Procedure.objects.get(code="1.008916")
    documents = [
        (d.kind, d.number, d.issued_on, d.title)
        for d in procedure.legal_references.all()
    ]
    assert [number for _kind, number, _on, _title in documents] == [
        "22/2017/NĐ-CP",
        "03/2024/TT-BTP",
        "112/2025/NĐ-CP",
        "11/2025/TT-BTP",
        "02/2018/TT-BTP",
    ]
    assert documents[0] == (
        "Nghị định",
        "22/2017/NĐ-CP",
        date(2017, 2, 24),
        "của Chính phủ về hoà giải thương mại",
    )
    assert documents[-1] == (
        "Thông tư",
        "02/2018/TT-BTP",
        None,
        "ban hành và hướng dẫn sử dụng một số biểu mẫu về tổ chức và hoạt động "
        "hòa giải thương mại",
    )
    # The published text is kept as it was.
    assert procedure.legal_basis.startswith("Nghị định số 22/2017/NĐ-CP ngày 24/02")
    page = client.get(f"/thu-tuc/{procedure.code}/").content.decode()
    assert (
        "<strong>Nghị định số 22/2017/NĐ-CP</strong> ngày 24/02/2017 "
        "của Chính phủ về hoà giải thương mại"
    ) in page


def test_legal_basis_of_the_provinces_catalogue_one_document_a_line(catalogue):
    procedure = Procedure.objects.get(code=MARITAL)
    documents = [(d.kind, d.number, d.title) for d in procedure.legal_references.all()]
    assert documents[:2] == [
        ("Luật", "60/2014/QH13", ""),
        ("Nghị định", "123/2015/NĐ-CP", ""),
    ]
    assert (
        "Thông tư",
        "04/2020/TT-BTP",
        "hướng dẫn thi hành Luật Hộ tịch và Nghị định 123/2015/NĐ-CP",
    ) in documents
    # Numbers the catalogue lists but the (truncated) text does not name come last.
    assert [number for _kind, number, _title in documents[-3:]] == [
        "03/2023/TT-BTP",
        "01/2022/TT-BTP",
        "02/2020/TT-BTP",
    ]
