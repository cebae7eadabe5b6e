import pytest

from accounts.models import Agency
from core.exceptions import DomainError
from demo.accounts import seed_accounts
from demo.procedures import CURATED, seed_procedures
from procedures import selectors, services
from procedures.models import Procedure
from tests.procedures.factories import FieldFactory, ProcedureFactory

pytestmark = pytest.mark.django_db


def test_field_rename_refreshes_the_search_text_of_its_procedures():
    field = FieldFactory(name="Hộ tịch")
    ProcedureFactory(code="1.000001.H36", field=field)
    services.field_rename(field=field, name="Đăng ký, quản lý hộ tịch")
    assert "quan ly ho tich" in Procedure.objects.get().search_text
    assert [p.code for p in selectors.procedure_catalogue(query="quan ly ho tich")] == [
        "1.000001.H36"
    ]


def test_field_slugs_are_ascii_and_unique():
    first = services.field_get_or_create(name="Đất đai")
    assert first.slug == "dat-dai"
    assert services.field_get_or_create(name="Đất đai") == first
    assert services.field_slug_for("Đất đai") == "dat-dai-2"


def test_workflow_steps_replace_checks_the_budget():
    procedure = ProcedureFactory(processing_time=2, processing_time_unit="working_days")
    with pytest.raises(DomainError) as error:
        services.workflow_steps_replace(
            procedure=procedure,
            steps=[{"name": "Xử lý", "role": "officer", "hours": 8}],
        )
    assert error.value.code == "workflow_budget"
    services.workflow_steps_replace(
        procedure=procedure,
        steps=[
            {"name": "Tiếp nhận", "role": "clerk", "hours": 4},
            {"name": "Xử lý", "role": "officer", "hours": 12},
        ],
    )
    template = selectors.workflow_template_for(procedure)
    assert template.fits
    assert (template.budget_hours, template.legal_hours) == (16, 16)


def test_demo_catalogue_covers_levels_fields_and_agencies(media_root):
    seed_accounts()
    seed_procedures()
    demo = Procedure.objects.filter(code__in=[r["code"] for r in CURATED])
    assert demo.count() == len(CURATED)
    assert set(demo.values_list("service_level", flat=True)) == {1, 2, 3, 4}
    fields = set(demo.values_list("field__name", flat=True))
    assert {"Hộ tịch", "Đất đai", "Hoạt động xây dựng"} <= fields
    assert "Thành lập và hoạt động của doanh nghiệp" in fields
    assert demo.filter(level_province=True).exists()
    assert demo.filter(level_commune=True).exists()
    for identifier in (
        "000.00.04.H36",
        "000.01.07.H36",
        "000.00.08.H36",
        "000.00.05.H36",
    ):
        assert Agency.objects.get(identifier=identifier).procedures.exists(), identifier
    birth = selectors.procedure_catalogue(query="dang ky khai sinh").first()
    assert birth.code == "1.001193.000.00.00.H36"
    form = birth.components.exclude(form_template="").get()
    assert form.form_template.read()[:2] == b"PK"  # a .docx (zip) file
    for procedure in demo:
        template = selectors.workflow_template_for(procedure)
        assert template.error is None, procedure.code


def test_seeding_twice_changes_nothing(media_root):
    seed_accounts()
    seed_procedures()
    lines = seed_procedures()
    assert f"không đổi {len(CURATED)}" in lines[0]


def test_seeding_reports_no_rejected_curated_record(media_root):
    seed_accounts()
    assert len(seed_procedures()) == 1
