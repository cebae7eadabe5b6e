"""The logbook (form 07): asked for on a page, built by a task with its progress,
bounded in period and size, downloaded by the one who asked only."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.exceptions import InvalidInput
from dossiers import services, tasks
from dossiers.models import LogbookExport
from dossiers.services import logbook
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import act, draft
from tests.dossiers.test_pdf import text_of

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED = datetime(2026, 11, 25, 9, 0, tzinfo=TZ)
# The week of RECEIVED, as the form posts it.
WEEK = {"start": "2026-11-23", "end": "2026-11-29"}


def url(name, *args):
    return reverse(f"dossiers:{name}", args=args)


def received(world, moment=RECEIVED):
    with time_machine.travel(moment, tick=False):
        return act(act(draft(world), "submit", world.citizen), "receive", world.clerk)


def ask(client, world, queued=None, **fields):
    data = {"agency": world.centre.pk, "format": "csv", **WEEK, **fields}
    if queued is None:
        return client.post(url("logbook"), data)
    with queued(execute=False) as callbacks:
        response = client.post(url("logbook"), data)
    assert len(callbacks) == 1  # the build is queued once, on commit
    return response


def test_a_csv_book_is_built_by_the_task_and_downloaded(
    client, world, django_capture_on_commit_callbacks
):
    dossier = received(world)
    dossier.applicant_name = "=HYPERLINK(1)"
    dossier.save(update_fields=["applicant_name"])
    received(world, RECEIVED - timedelta(days=7))  # the week before: not in it
    client.force_login(world.clerk)

    response = ask(client, world, django_capture_on_commit_callbacks)
    export = LogbookExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("logbook_export", export.pk)
    page = client.get(response["Location"])
    assert page.status_code == 200 and page["Refresh"] == "2"
    assert "Đang chờ" in page.content.decode()
    assert client.get(url("logbook_download", export.pk)).status_code == 404

    tasks.logbook_export_build(export.pk)

    export.refresh_from_db()
    assert (export.state, export.rows_total, export.rows_done) == ("done", 1, 1)
    page = client.get(url("logbook_export", export.pk))
    assert "Refresh" not in page
    assert url("logbook_download", export.pk) in page.content.decode()
    download = client.get(url("logbook_download", export.pk))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="so-theo-doi-20261123-20261129.csv"'
        in (download["Content-Disposition"])
    )
    lines = b"".join(download.streaming_content).decode().splitlines()
    assert lines[0].startswith("\ufeffSổ năm,Số thứ tự,Mã hồ sơ")
    assert len(lines) == 2
    # The second dossier of the year's book; a formula is neutralised.
    assert lines[1].startswith(f"2026,2,{dossier.code},")
    assert "'=HYPERLINK(1)" in lines[1]


def test_the_task_reports_its_progress_in_steps(world, monkeypatch):
    for day in range(5):
        received(world, RECEIVED + timedelta(hours=day))
    export = LogbookExport.objects.create(
        requested_by=world.clerk,
        agency=world.centre,
        start=date(2026, 11, 23),
        end=date(2026, 11, 29),
        format="csv",
    )
    seen = []
    save = logbook._save_progress

    def recording(export, **fields):
        seen.append(fields)
        save(export, **fields)
        # What the status page reads from the database meanwhile.
        stored = LogbookExport.objects.get(pk=export.pk)
        assert stored.state == "running"
        assert {name: getattr(stored, name) for name in fields} == fields

    monkeypatch.setattr(logbook, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(logbook, "_save_progress", recording)

    services.logbook_export_build(export_id=export.pk)

    assert seen == [{"rows_total": 5}, {"rows_done": 2}, {"rows_done": 4}]
    export.refresh_from_db()
    assert (export.state, export.rows_done, export.percent) == ("done", 5, 100)


def test_a_pdf_book_is_built_once_even_when_the_task_comes_twice(world, tmp_path):
    dossier = received(world)
    export = services.logbook_export_request(
        user=world.clerk,
        agency=world.centre,
        start=date(2026, 11, 23),
        end=date(2026, 11, 29),
        format="pdf",
    )
    built = services.logbook_export_build(export_id=export.pk)
    assert built is not None and built.state == "done" and built.rows_done == 1
    with built.file.open("rb") as handle:
        content = handle.read()
    text = text_of(content, tmp_path)
    assert "SỔ THEO DÕI HỒ SƠ" in text and dossier.code in text
    assert services.logbook_export_build(export_id=export.pk) is None
    export.refresh_from_db()
    assert export.file.name == built.file.name


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"format": "pdf", "start": "2026-10-01", "end": "2026-11-01"}, "31 ngày"),
        ({"format": "csv", "start": "2025-11-01", "end": "2026-11-02"}, "một năm"),
        ({"start": "2026-11-29", "end": "2026-11-23"}, "sau ngày bắt đầu"),
        ({"start": "31/02/2026"}, "Ngày chưa đúng"),
        ({"format": "xlsx"}, "không có trong danh sách"),
    ],
)
def test_a_period_or_input_the_book_refuses_is_a_form_error(
    client, world, fields, message
):
    client.force_login(world.clerk)
    response = ask(client, world, **fields)
    assert response.status_code == 400
    assert message in str(response.context["form"].errors)
    assert not LogbookExport.objects.exists()


def test_31_days_print_as_pdf_and_a_year_as_csv(world):
    clerk, centre = world.clerk, world.centre
    pdf = services.logbook_export_request(
        user=clerk,
        agency=centre,
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
        format="pdf",
    )
    csv = services.logbook_export_request(
        user=clerk,
        agency=centre,
        start=date(2025, 11, 2),
        end=date(2026, 11, 1),
        format="csv",
    )
    assert (pdf.state, csv.state) == ("queued", "queued")


def test_a_pdf_of_more_rows_than_its_limit_is_refused(client, world, monkeypatch):
    received(world)
    received(world, RECEIVED + timedelta(hours=1))
    monkeypatch.setattr(logbook, "LOGBOOK_PDF_MAX_ROWS", 1)
    client.force_login(world.clerk)
    response = ask(client, world, format="pdf")
    assert response.status_code == 400
    assert "có 2 hồ sơ, quá 1 dòng" in str(response.context["form"].errors["end"])
    assert ask(client, world, format="csv").status_code == 302


def test_only_staff_of_the_agency_may_ask_and_only_the_asker_may_download(
    client, world
):
    other_centre = AgencyFactory(identifier="000.00.21.H36", parent=world.province)
    client.force_login(world.clerk)
    response = ask(client, world, agency=other_centre.pk)
    assert response.status_code == 400 and "agency" in response.context["form"].errors
    with pytest.raises(InvalidInput) as error:
        services.logbook_export_request(
            user=world.clerk,
            agency=other_centre,
            start=date(2026, 11, 23),
            end=date(2026, 11, 29),
            format="csv",
        )
    assert (error.value.code, error.value.field) == ("agency_out_of_scope", "agency")

    export = services.logbook_export_request(
        user=world.clerk,
        agency=world.centre,
        start=date(2026, 11, 23),
        end=date(2026, 11, 29),
        format="csv",
    )
    services.logbook_export_build(export_id=export.pk)
    colleague = StaffFactory(agency=world.centre, roles=[Role.CLERK])
    client.force_login(colleague)
    assert client.get(url("logbook_export", export.pk)).status_code == 404
    assert client.get(url("logbook_download", export.pk)).status_code == 404
    client.force_login(world.citizen)
    for name, args in [
        ("logbook", ()),
        ("logbook_export", (export.pk,)),
        ("logbook_download", (export.pk,)),
    ]:
        assert client.get(url(name, *args)).status_code == 403


def test_a_failed_build_says_so(world, monkeypatch):
    from dossiers import pdf

    def broken(**kwargs):
        raise RuntimeError("pango")

    monkeypatch.setattr(pdf, "render_logbook", broken)
    export = services.logbook_export_request(
        user=world.clerk,
        agency=world.centre,
        start=date(2026, 11, 23),
        end=date(2026, 11, 29),
        format="pdf",
    )
    with pytest.raises(RuntimeError):
        services.logbook_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.state == "failed" and "Lỗi khi lập sổ" in export.error
    assert services.logbook_export_build(export_id=export.pk) is None


def test_the_sweep_queues_lost_books_again_and_removes_old_ones(world, monkeypatch):
    queued = []
    monkeypatch.setattr(
        tasks.broker, "publish", lambda task, *args, **kw: queued.append(args) or True
    )
    now = timezone.now()
    fields = {
        "requested_by": world.clerk,
        "agency": world.centre,
        "start": date(2026, 11, 23),
        "end": date(2026, 11, 29),
        "format": "csv",
    }
    lost = LogbookExport.objects.create(**fields, created_at=now - timedelta(minutes=6))
    LogbookExport.objects.create(**fields, created_at=now - timedelta(minutes=1))
    old = LogbookExport.objects.create(**fields, created_at=now - timedelta(days=8))
    services.logbook_export_build(export_id=old.pk)
    old.refresh_from_db()
    stored = old.file.storage
    name = old.file.name
    assert stored.exists(name)

    assert tasks.logbook_exports_sweep() == (1, 1)

    assert queued == [(lost.pk,)]
    assert not LogbookExport.objects.filter(pk=old.pk).exists()
    assert not stored.exists(name)
