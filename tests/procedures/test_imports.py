import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.forms import modelform_factory

from procedures import selectors
from procedures.admin import ComponentForm, ComponentInline
from procedures.imports import procedures_import
from procedures.models import FeeItem, Field, Procedure, RequiredComponent
from tests.accounts.factories import AgencyFactory
from tests.procedures.conftest import shared_data

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("import_procedures", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def record(**values):
    base = {
        "code": "1.000001.H36",
        "name": "Thủ tục thử",
        "field": "Hộ tịch",
        "levels": ["Cấp xã"],
        "online_level": "Một phần",
        "processing_time": "05 Ngày làm việc",
        "channels": [{"channel": "Trực tiếp", "time": "05 Ngày làm việc", "fee": None}],
        "documents": [{"name": "Tờ khai", "original": 1, "copy": 0}],
    }
    return {**base, **values}


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.slow
def test_real_file_imports_cleanly_and_twice_changes_nothing():
    procedures = shared_data("procedures.json")
    texts = shared_data("procedure_texts.json")

    output = run(procedures, "--texts", texts)

    assert "Rows: 2924. Created 2923, updated 0, unchanged 0, rejected 1." in output
    assert "row 2485 (2.000815): duplicate code, already in row 974" in output
    assert Procedure.objects.count() == 2923
    # 208 spellings in the file, three of them a second spelling of a field.
    assert Field.objects.count() == 205
    birth = Procedure.objects.get(code="1.001193.000.00.00.H36")
    assert birth.name == "Thủ tục đăng ký khai sinh"
    assert birth.field.name == "Hộ tịch"
    assert birth.levels == ["commune"]
    assert (birth.service_level, birth.online_mode) == (3, "partial")
    assert birth.processing_time_unit == "same_day"
    assert birth.steps.startswith("- Nếu lựa chọn hình thức nộp hồ sơ trực tiếp")
    assert birth.components.count() == 21
    assert (
        "Components: 5683 required, 6585 conditional (optional uploads), 1657 notes"
        in output
    )
    business = Procedure.objects.get(code="2.001610.000.00.00.H36")
    assert (business.processing_time, business.processing_time_unit) == (
        3,
        "working_days",
    )
    assert business.service_level == 4
    assert business.fee_items.get().amount == 100000
    border_pass = Procedure.objects.get(code="1.001200")
    assert sorted(border_pass.fee_items.values_list("amount", flat=True)) == [
        40000,
        50000,
    ]
    assert Procedure.objects.get(code="1.001193").fee_status == "free"

    again = run(procedures, "--texts", texts)

    assert "Created 0, updated 0, unchanged 2923, rejected 1." in again
    first, second = selectors.procedure_catalogue(query="dang ky khai sinh")[:2]
    assert first.code == "1.001193.000.00.00.H36"
    assert second.code != "1.001193"  # the national record is not public


def test_export_then_import_reports_every_row_unchanged(tmp_path):
    agency = AgencyFactory(identifier="000.00.04.H36")
    workflow = [{"name": "Thẩm định", "role": "officer", "hours": 40}]
    report = procedures_import(
        records=[
            record(agency_identifiers=[agency.identifier], workflow=workflow),
            record(code="1.000002.H36", fees="8.000 đồng/bản sao", fee_free=None),
        ]
    )
    assert report.created == 2
    for name in ("export.json", "export.csv"):
        path = tmp_path / name
        call_command("export_procedures", str(path), stderr=StringIO())
        assert "Created 0, updated 0, unchanged 2, rejected 0." in run(path)
    exported = json.loads((tmp_path / "export.json").read_text("utf-8"))
    assert exported[0]["agency_identifiers"] == ["000.00.04.H36"]
    assert exported[0]["workflow"][0]["hours"] == 40


def test_csv_layout_is_imported(tmp_path):
    path = write(
        tmp_path,
        "procedures.csv",
        "code,name,field,levels,online_level,processing_time,documents\n"
        "1.000009.H36,Cấp phép thử,Xây dựng,Cấp tỉnh; Cấp xã,Toàn trình,10 Ngày,"
        '"[{""name"": ""Đơn đề nghị"", ""original"": 1, ""copy"": 0}]"\n',
    )
    assert "Created 1" in run(path)
    procedure = Procedure.objects.get(code="1.000009.H36")
    assert procedure.levels == ["province", "commune"]
    assert (procedure.processing_time, procedure.processing_time_unit) == (10, "days")
    assert procedure.components.get().name == "Đơn đề nghị"


def test_rows_are_upserted_by_code_and_changes_reported():
    procedures_import(records=[record()])
    report = procedures_import(records=[record(name="Thủ tục đổi tên")])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert Procedure.objects.get().name == "Thủ tục đổi tên"


def test_bad_rows_are_rejected_with_their_reason_and_the_rest_imported(tmp_path):
    rows = [
        record(code=""),
        record(code="1.000002.H36", name=" "),
        record(code="1.000003.H36", field=None),
        record(code="1.000004.H36", levels=["Cấp trời"]),
        record(code="1.000005.H36", channels=[{"channel": "Bồ câu"}]),
        record(code="1.000006.H36", documents="giấy tờ"),
        "not an object",
        record(code="1.000007.H36"),
    ]
    output = run(write(tmp_path, "rows.json", json.dumps(rows, ensure_ascii=False)))
    assert "Created 1, updated 0, unchanged 0, rejected 7." in output
    for reason in (
        "row 1: the code is empty",
        "row 2 (1.000002.H36): the name is empty",
        "row 3 (1.000003.H36): the field (lĩnh vực) is empty",
        "row 4 (1.000004.H36): unknown level 'Cấp trời'",
        "row 5 (1.000005.H36): unknown channel 'Bồ câu'",
        "row 6 (1.000006.H36): documents must be a list",
        "row 7: not an object",
    ):
        assert reason in output
    assert list(Procedure.objects.values_list("code", flat=True)) == ["1.000007.H36"]


def test_strict_import_saves_nothing_when_a_row_is_rejected(tmp_path):
    rows = [record(), record(code="", name="x")]
    path = write(tmp_path, "rows.json", json.dumps(rows))
    with pytest.raises(CommandError, match="nothing was saved"):
        run(path, "--strict")
    assert not Procedure.objects.exists()


def test_dry_run_reports_without_saving(tmp_path):
    path = write(tmp_path, "rows.json", json.dumps([record()]))
    assert "Dry run" in run(path, "--dry-run")
    assert not Procedure.objects.exists()


def test_workflow_not_fitting_the_legal_time_is_rejected():
    report = procedures_import(
        records=[record(workflow=[{"name": "Xử lý", "role": "officer", "hours": 7}])]
    )
    assert "workflow: Tổng thời gian các bước là 7 giờ" in report.rejected[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"data": []}', "must hold a JSON list of procedure records"),
        ("42", "must hold a JSON list of procedure records"),
    ],
)
def test_unusable_json_files_raise_a_command_error(tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, "bad.json", content))


def test_csv_without_required_columns_raises_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="missing column"):
        run(write(tmp_path, "bad.csv", "ma,ten\n1,2\n"))


def test_missing_and_binary_files_raise_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        run(tmp_path / "absent.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(binary)


def test_departments_named_in_the_published_agency_text_are_linked():
    justice = AgencyFactory(name="Sở Tư pháp tỉnh Lâm Đồng", short_name="Sở Tư pháp")
    AgencyFactory(name="Sở Y tế tỉnh Lâm Đồng", short_name="Sở Y tế")
    procedures_import(records=[record(agency="Sở Tư pháp - Tỉnh Lâm Đồng")])
    assert list(Procedure.objects.get().agencies.all()) == [justice]


def test_reimport_keeps_uploaded_form_files_and_admin_choices(media_root):
    procedures_import(records=[record()])
    procedure = Procedure.objects.get()
    component = procedure.components.get()
    component.form_template.name = "procedures/forms/to-khai.docx"
    component.save()
    Procedure.objects.filter(pk=procedure.pk).update(is_published=False)

    procedures_import(
        records=[record(documents=[{"name": "Tờ khai", "original": 2, "copy": 0}])]
    )

    component = Procedure.objects.get().components.get()
    assert component.originals == 2
    assert component.form_template.name == "procedures/forms/to-khai.docx"
    assert Procedure.objects.get().is_published is False
    assert FeeItem.objects.count() == 0


def test_reimport_updates_components_in_place_so_dossier_references_survive():
    papers = [{"name": n, "original": 1, "copy": 0} for n in ("Tờ khai", "CCCD", "Ảnh")]
    procedures_import(records=[record(documents=papers)])
    before = dict(RequiredComponent.objects.values_list("name", "pk"))

    reordered = [papers[2], {"name": "Tờ khai", "original": 2, "copy": 1}, papers[1]]
    report = procedures_import(records=[record(documents=reordered)])

    assert report.updated == 1
    after = {c.name: c for c in RequiredComponent.objects.all()}
    assert {name: c.pk for name, c in after.items()} == before
    assert [c.name for c in RequiredComponent.objects.order_by("position")] == [
        "Ảnh",
        "Tờ khai",
        "CCCD",
    ]
    assert (after["Tờ khai"].originals, after["Tờ khai"].copies) == (2, 1)

    renamed = [{"name": "Tờ khai (mẫu mới)", "original": 1, "copy": 0}]
    procedures_import(records=[record(documents=renamed)])
    assert RequiredComponent.objects.get().pk in before.values()  # kept, renamed


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"service_level": 4, "online_mode": "none"}, "does not match service_level"),
        ({"service_level": 7}, "service_level 7 is not 1–4"),
        (
            {"effective_from": "2026-02-01", "effective_until": "2026-01-01"},
            "effective_from is after effective_until",
        ),
        ({"effective_from": "mai"}, "is not a date"),
        ({"workflow": [{"name": "X", "role": "officer", "hours": -8}]}, "hours ≥ 0"),
        ({"workflow": [{"name": "X", "role": "chef", "hours": 40}]}, "unknown role"),
        ({"documents": [{"name": "Tờ khai", "original": -1}]}, "whole number ≥ 0"),
        ({"fee_items": [{"name": "Phí", "amount": "nhiều"}]}, "whole đồng ≥ 0"),
        ({"agency_identifiers": ["000.99.99.H99"]}, "unknown agency identifier"),
        ({"processing_time_unit": "weeks"}, "unknown processing_time_unit"),
    ],
)
def test_values_the_database_would_refuse_are_rejected_with_a_reason(values, reason):
    report = procedures_import(records=[record(**values)])
    assert report.created == 0
    assert reason in report.rejected[0]


def test_an_administrators_correction_survives_a_reimport():
    papers = [
        {"name": "Tờ khai", "original": 1, "copy": 0},
        {"name": "Giấy chứng sinh (nếu có)", "original": 1, "copy": 0},
    ]
    procedures_import(records=[record(documents=papers)])
    declaration = RequiredComponent.objects.get(name="Tờ khai")
    assert (declaration.kind, declaration.is_corrected) == ("required", False)
    Form = modelform_factory(
        RequiredComponent, form=ComponentForm, fields=ComponentInline.fields
    )
    form = Form(
        {"position": 1, "name": "Tờ khai", "originals": 1, "copies": 0,
         "condition": "Nếu nộp trực tiếp"},  # is_mandatory unticked
        instance=declaration,
    )  # fmt: skip
    assert form.is_valid(), form.errors
    form.save()

    report = procedures_import(records=[record(documents=papers)])

    declaration.refresh_from_db()
    assert declaration.is_corrected
    assert (declaration.kind, declaration.condition) == (
        "conditional",
        "Nếu nộp trực tiếp",
    )
    assert (report.unchanged, report.corrections_kept) == (1, 1)
    birth = RequiredComponent.objects.get(position=2)
    assert (birth.kind, birth.condition, birth.is_corrected) == (
        "conditional",
        "Nếu có",
        False,
    )


def test_a_paper_stated_mandatory_is_kept_even_if_its_text_reads_as_a_note():
    # An export written before notes were read states only "mandatory".
    paper = {"name": "Mẫu điện tử tương tác đăng ký khai sinh", "original": 1,
             "copy": 0, "mandatory": True}  # fmt: skip

    report = procedures_import(records=[record(documents=[paper])])

    assert report.rejected == []
    assert RequiredComponent.objects.get().kind == "required"
