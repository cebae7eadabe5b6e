"""The national catalogue, imported from the real data of ../shared/data by path."""

import json
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from national import services
from national.models import CatalogueRun
from procedures.models import Procedure
from tests.conftest import SHARED_DATA

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (SHARED_DATA / "procedures.json").exists(),
        reason="../shared/data is not on this machine",
    ),
]
NATIONAL = "national_dvcqg_2026"


@pytest.fixture(scope="module")
def national_records():
    records = json.loads((SHARED_DATA / "procedures.json").read_text("utf-8"))
    return [r for r in records if r["catalog"] == NATIONAL][:41]


def write(tmp_path, records, name="catalogue.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    return str(path)


def test_first_import_creates_every_procedure(tmp_path, national_records):
    run = services.catalogue_sync(source=write(tmp_path, national_records[:40]))
    assert run.outcome == CatalogueRun.Outcome.DONE
    assert (run.rows, len(run.created_codes), run.changed, run.withdrawn_codes) == (
        40,
        40,
        {},
        [],
    )
    assert run.created_codes[:3] == ["1.000253", "1.000931", "1.001010"]
    assert Procedure.objects.public().count() == 40


def test_second_import_reports_new_changed_withdrawn_and_bad_records(
    tmp_path, national_records
):
    services.catalogue_sync(source=write(tmp_path, national_records[:40]))
    changed = {**national_records[0], "name": "Khai báo tạm trú (sửa đổi)"}
    feed = [
        changed,
        *national_records[2:41],  # 1.000931 is no longer listed; 1.004327 is new
        "not a record",
        {"code": ["1.000001"], "name": "x", "field": "y"},
        {"code": "1.000002", "field": "Hộ tịch"},
        {"code": "1.000003", "name": "X", "field": "Y", "documents": "oops"},
        {"code": "1.000004", "name": "X", "field": "Y", "levels": 7},
    ]
    run = services.catalogue_sync(source=write(tmp_path, feed))
    assert run.outcome == CatalogueRun.Outcome.DONE
    assert run.created_codes == ["1.004327"]
    assert list(run.changed) == ["1.000253"]
    assert "name" in run.changed["1.000253"]
    assert run.withdrawn_codes == ["1.000931"]
    assert run.unchanged == 38
    assert len(run.rejected) == 5
    assert run.rejected[0] == "row 41: not an object"
    assert "the name is empty" in run.rejected[2]
    assert "documents must be a list" in run.rejected[3]
    withdrawn = Procedure.objects.get(code="1.000931")
    assert withdrawn.effective_until == timezone.localdate() - timezone.timedelta(1)
    assert not Procedure.objects.public().filter(code="1.000931").exists()
    assert Procedure.objects.get(code="1.000253").name == "Khai báo tạm trú (sửa đổi)"


def test_a_truncated_export_withdraws_nothing(tmp_path, national_records):
    services.catalogue_sync(source=write(tmp_path, national_records[:40]))
    run = services.catalogue_sync(source=write(tmp_path, national_records[:10]))
    assert run.withdrawn_codes == []
    assert run.warnings == [
        f"{NATIONAL}: the source lists 10 of 40 procedures in force; nothing "
        "withdrawn (a truncated export?)"
    ]
    assert Procedure.objects.public().count() == 40


def test_an_unreadable_source_fails_the_run_and_changes_nothing(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("[{", "utf-8")
    run = services.catalogue_sync(source=str(path))
    assert run.outcome == CatalogueRun.Outcome.FAILED
    assert "is not valid JSON" in run.error
    missing = services.catalogue_sync(source=str(tmp_path / "absent.json"))
    assert missing.error.startswith("File not found")
    assert not Procedure.objects.exists()


def test_no_source_configured_means_no_run(settings):
    settings.NATIONAL_CATALOGUE_URL = ""
    assert services.catalogue_sync() is None
    assert not CatalogueRun.objects.exists()


def test_the_stub_serves_the_catalogue_to_the_task(
    tmp_path, national_records, settings, monkeypatch
):
    mixed = [*national_records[:5], {**national_records[5], "catalog": "other"}]
    settings.NATIONAL_STUB_CATALOGUE_FILE = write(tmp_path, mixed)
    settings.NATIONAL_CATALOGUE_URL = (
        f"http://national.test/national-stub/api/catalogue?catalog={NATIONAL}"
    )

    def get(url, timeout):
        answer = Client().get(url.removeprefix("http://national.test"))
        return SimpleNamespace(status_code=answer.status_code, content=answer.content)

    monkeypatch.setattr(services.catalogue.requests, "get", get)
    from national import tasks

    tasks.national_catalogue_sync()
    run = CatalogueRun.objects.get()
    assert (run.outcome, len(run.created_codes)) == (CatalogueRun.Outcome.DONE, 5)
