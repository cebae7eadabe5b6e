import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import inlineformset_factory
from django.http import HttpRequest

from accounts.models import Role
from procedures.admin import WorkflowStepFormSet
from procedures.models import Procedure, WorkflowStep
from tests.accounts.factories import PASSWORD, AgencyFactory, StaffFactory
from tests.procedures.factories import FieldFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/procedures/procedure/"


def login(client, user):
    # django-axes counts attempts per request: login() must pass one.
    request = HttpRequest()
    assert client.login(request=request, username=user.username, password=PASSWORD)


def change_form(procedure, steps, agencies):
    """The admin change form's POST data, with `steps` as (name, role, hours)."""
    data = {
        "code": procedure.code,
        "base_code": procedure.base_code,
        "name": procedure.name,
        "field": procedure.field_id,
        "is_published": "on",
        "level_province": "on",
        "agencies": [agency.pk for agency in agencies],
        "service_level": procedure.service_level,
        "online_mode": procedure.online_mode,
        "processing_time": procedure.processing_time,
        "processing_time_unit": procedure.processing_time_unit,
        "fee_status": procedure.fee_status,
        "payment_gate": procedure.payment_gate,
        "legal_documents": "",
    }
    for prefix in ("components", "fee_items", "channel_options", "legal_references"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    data |= {
        "workflow_steps-TOTAL_FORMS": len(steps),
        "workflow_steps-INITIAL_FORMS": 0,
    }
    for index, (name, role, hours) in enumerate(steps):
        data |= {
            f"workflow_steps-{index}-position": index + 1,
            f"workflow_steps-{index}-name": name,
            f"workflow_steps-{index}-role": role,
            f"workflow_steps-{index}-hours": hours,
        }
    return data


@pytest.fixture
def justice():
    return AgencyFactory(name="Sở Tư pháp")


@pytest.fixture
def justice_admin(justice):
    return StaffFactory(agency=justice, roles=[Role.AGENCY_ADMIN])


def test_agency_admin_sees_only_their_agencies_procedures(
    client, justice, justice_admin
):
    own = ProcedureFactory(name="Thủ tục của Sở Tư pháp", agencies=[justice])
    shared = ProcedureFactory(
        name="Thủ tục liên thông", agencies=[justice, AgencyFactory()]
    )
    other = ProcedureFactory(name="Thủ tục của Sở khác", agencies=[AgencyFactory()])
    login(client, justice_admin)
    html = client.get(CHANGELIST).content.decode()
    assert own.code in html and shared.code in html
    assert other.code not in html
    assert client.get(f"{CHANGELIST}{other.pk}/change/").status_code in (302, 403, 404)


def test_system_admin_sees_every_procedure(client, system_admin):
    procedures = ProcedureFactory.create_batch(2, agencies=[AgencyFactory()])
    login(client, system_admin)
    html = client.get(CHANGELIST).content.decode()
    assert all(procedure.code in html for procedure in procedures)


def test_admin_search_is_accent_insensitive(client, system_admin):
    ProcedureFactory(code="1.001193.H36", name="Thủ tục đăng ký khai sinh")
    ProcedureFactory(code="1.000002.H36", name="Cấp phép")
    login(client, system_admin)
    html = client.get(CHANGELIST, {"q": "khai sinh"}).content.decode()
    assert "1.001193.H36" in html and "1.000002.H36" not in html


def test_workflow_budget_must_add_up_to_the_legal_time(client, justice, justice_admin):
    procedure = ProcedureFactory(agencies=[justice])  # 5 working days = 40 hours
    login(client, justice_admin)
    url = f"{CHANGELIST}{procedure.pk}/change/"

    bad = change_form(
        procedure, [("Tiếp nhận", "clerk", 4), ("Thẩm định", "officer", 20)], [justice]
    )
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "Tổng thời gian các bước là 24 giờ làm việc" in response.content.decode()
    assert not WorkflowStep.objects.exists()

    good = change_form(
        procedure,
        [("Tiếp nhận", "clerk", 4), ("Thẩm định", "officer", 28), ("Ký", "leader", 8)],
        [justice],
    )
    assert client.post(url, good).status_code == 302
    assert list(procedure.workflow_steps.values_list("hours", flat=True)) == [4, 28, 8]


def test_admin_shows_the_legal_basis_read_into_documents(
    client, justice, justice_admin
):
    procedure = ProcedureFactory(
        agencies=[justice],
        legal_basis="Nghị định số 23/2015/NĐ-CP ngày 16/02/2015 của Chính phủ về …",
    )
    login(client, justice_admin)
    page = client.get(f"{CHANGELIST}{procedure.pk}/change/").content.decode()
    cells = re.findall(r'<td class="field-(\w+)">\s*<p>([^<]*)</p>', page)
    assert ("kind", "Nghị định") in cells
    assert ("number", "23/2015/NĐ-CP") in cells
    assert ("title", "của Chính phủ về …") in cells


def test_agency_admin_cannot_edit_a_procedure_shared_with_other_agencies(
    client, justice, justice_admin
):
    """The reproduction of issue 9: an agency admin unpublished and renamed a
    procedure shared by other agencies."""
    outside = AgencyFactory(name="Sở khác")
    procedure = ProcedureFactory(agencies=[justice, outside])
    login(client, justice_admin)
    url = f"{CHANGELIST}{procedure.pk}/change/"
    assert client.get(url).status_code == 200  # shown, read only
    data = change_form(procedure, [], [justice]) | {"name": "Tên khác"}
    del data["is_published"]
    assert client.post(url, data).status_code == 403
    procedure.refresh_from_db()
    assert procedure.is_published and procedure.name != "Tên khác"
    assert set(procedure.agencies.all()) == {justice, outside}


def test_system_admin_edits_a_shared_procedure_and_search_follows(
    client, justice, system_admin
):
    procedure = ProcedureFactory(agencies=[justice, AgencyFactory()])
    login(client, system_admin)
    data = change_form(procedure, [], [justice]) | {"name": "Chứng thực di chúc"}
    assert client.post(f"{CHANGELIST}{procedure.pk}/change/", data).status_code == 302
    procedure.refresh_from_db()
    assert procedure.search_name == "chung thuc di chuc"


def test_form_template_passes_the_upload_content_checks(
    client, justice, justice_admin, settings, tmp_path
):
    """The reproduction of issue 9: an .hta uploaded as the official form template
    was served to the public."""
    settings.MEDIA_ROOT = tmp_path
    procedure = ProcedureFactory(agencies=[justice])
    login(client, justice_admin)
    data = change_form(procedure, [], [justice]) | {
        "components-TOTAL_FORMS": 1,
        "components-0-position": 1,
        "components-0-name": "Tờ khai",
        "components-0-is_mandatory": "on",
        "components-0-form_template": SimpleUploadedFile(
            "to-khai.hta", b"<script>alert(1)</script>", "application/hta"
        ),
    }
    response = client.post(f"{CHANGELIST}{procedure.pk}/change/", data)
    assert response.status_code == 200
    assert "không đúng định dạng" in response.content.decode()
    assert not procedure.components.exists()
    data["components-0-form_template"] = SimpleUploadedFile(
        "to-khai.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"
    )
    assert client.post(f"{CHANGELIST}{procedure.pk}/change/", data).status_code == 302
    assert procedure.components.get().form_template


def test_agency_admin_must_keep_an_agency_of_their_own(client, justice, justice_admin):
    procedure = ProcedureFactory(agencies=[justice])
    login(client, justice_admin)
    response = client.post(
        f"{CHANGELIST}{procedure.pk}/change/", change_form(procedure, [], [])
    )
    assert (
        "Chọn ít nhất một cơ quan thuộc phạm vi quản lý của bạn."
        in response.content.decode()
    )


def test_workflow_formset_accepts_same_day_budget_of_eight_hours():
    procedure = ProcedureFactory(processing_time=None, processing_time_unit="same_day")
    FormSet = inlineformset_factory(
        Procedure,
        WorkflowStep,
        formset=WorkflowStepFormSet,
        fields=["position", "name", "role", "hours"],
        extra=0,
    )
    data = {"workflow_steps-TOTAL_FORMS": 2, "workflow_steps-INITIAL_FORMS": 0}
    for index, hours in enumerate((2, 6)):
        data |= {
            f"workflow_steps-{index}-position": index + 1,
            f"workflow_steps-{index}-name": "Bước",
            f"workflow_steps-{index}-role": "officer",
            f"workflow_steps-{index}-hours": hours,
        }
    assert FormSet(data, instance=procedure).is_valid()


def test_field_admin_is_for_system_admins(client, justice_admin, system_admin):
    field = FieldFactory(name="Hộ tịch")
    login(client, justice_admin)
    assert client.get(f"/admin/procedures/field/{field.pk}/change/").status_code == 200
    response = client.post(f"/admin/procedures/field/{field.pk}/change/", {"name": "X"})
    assert response.status_code == 403


def test_admin_add_and_change_pages_render_with_inlines(client, system_admin):
    procedure = ProcedureFactory()
    WorkflowStep.objects.create(
        procedure=procedure, position=1, name="Thẩm định", role="officer", hours=40
    )
    login(client, system_admin)
    change = client.get(f"{CHANGELIST}{procedure.pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    for prefix in ("components", "fee_items", "channel_options", "workflow_steps"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    assert client.get(f"{CHANGELIST}add/").status_code == 200


def test_legal_documents_are_edited_one_per_line(client, justice, system_admin):
    procedure = ProcedureFactory(
        agencies=[justice], legal_documents=["87/2015/NĐ-CP", "23/2015/NĐ-CP"]
    )
    login(client, system_admin)
    page = client.get(f"{CHANGELIST}{procedure.pk}/change/").content.decode()
    assert ">\n87/2015/NĐ-CP\n23/2015/NĐ-CP</textarea>" in page
    assert "[&quot;87/2015" not in page  # no raw JSON
    data = change_form(procedure, [], [justice]) | {
        "legal_documents": " 60/2014/QH13\r\n\r\n87/2015/NĐ-CP \r\n"
    }
    assert client.post(f"{CHANGELIST}{procedure.pk}/change/", data).status_code == 302
    procedure.refresh_from_db()
    assert procedure.legal_documents == ["60/2014/QH13", "87/2015/NĐ-CP"]
