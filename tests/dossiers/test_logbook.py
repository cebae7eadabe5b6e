"""The logbook (form 07): asked for on a page, built by a task with its progress,
bounded in period and size, downloaded by the one who asked only."""

import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from core.exceptions import InvalidInput
from dossiers import form_data, logbook_pdf, pdf, services, tasks
from dossiers.forms import LogbookForm
from dossiers.models import Dossier, LogbookExport
from dossiers.services import logbook
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import act, draft
from tests.dossiers.test_pdf import _tool, text_of

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


@pytest.mark.parametrize("format", ["csv", "pdf"])
def test_the_task_reports_its_progress_in_steps(world, monkeypatch, format):
    for day in range(5):
        received(world, RECEIVED + timedelta(hours=day))
    export = LogbookExport.objects.create(
        requested_by=world.clerk,
        agency=world.centre,
        start=date(2026, 11, 23),
        end=date(2026, 11, 29),
        format=format,
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
        ({"format": "pdf", "start": "2026-08-01", "end": "2026-11-01"}, "92 ngày"),
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


def test_a_quarter_prints_as_pdf_and_a_year_as_csv(world):
    clerk, centre = world.clerk, world.centre
    pdf = services.logbook_export_request(
        user=clerk,
        agency=centre,
        start=date(2026, 8, 1),
        end=date(2026, 10, 31),  # 31 + 30 + 31 days
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
    monkeypatch.setattr(logbook, "LOGBOOK_PDF_MAX_ROWS", 2)
    assert ask(client, world, format="pdf").status_code == 302


def test_the_pdf_limits_keep_a_busy_month_and_refuse_a_busy_year(db):
    """bench/logbook.py: a very busy centre receives 14,000 dossiers a month and
    166,000 a year; 20,000 rows are about 3,000 pages."""
    assert logbook.LOGBOOK_PDF_MAX_DAYS == 92
    assert logbook.LOGBOOK_PDF_MAX_ROWS == 20_000
    with translation.override("vi"):
        choices = dict(LogbookForm(user=StaffFactory()).fields["format"].choices)
    assert choices["pdf"] == "PDF (để in, tối đa 92 ngày)"


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
    def broken(*args, **kwargs):
        raise RuntimeError("fonts")

    monkeypatch.setattr(pdf, "write_logbook", broken)
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


# --- What the PDF prints ---


def pages_of(content, tmp_path):
    """The text of each page in the order it was drawn (pdftotext -raw: a cell's
    lines one after the other), whitespace collapsed."""
    path = tmp_path / "book.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603 (a tool found on PATH, a file of this test)
        [_tool("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return [" ".join(page.split()) for page in result.stdout.decode().split("\f")[:-1]]


def test_a_pdf_book_prints_its_rows_in_vietnamese(world, tmp_path):
    dossier = received(world)
    Dossier.objects.filter(pk=dossier.pk).update(
        applicant_name="Nguyễn Thị Ánh Tuyết",
        applicant_address="Số 7 Trần Hưng Đạo",
        applicant_phone="0912345678",
    )
    export = services.logbook_export_request(
        user=world.clerk,
        agency=world.centre,
        start=date(2026, 11, 23),
        end=date(2026, 11, 29),
        format="pdf",
    )
    with translation.override("en"):  # the person asking reads English pages
        services.logbook_export_build(export_id=export.pk)
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        (page,) = pages_of(handle.read(), tmp_path)

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc" in page
    assert "SỔ THEO DÕI HỒ SƠ Từ ngày 23/11/2026 đến ngày 29/11/2026" in page
    assert "Số TT Mã hồ sơ Tên thủ tục hành chính Số lượng hồ sơ (bộ)" in page
    # The first dossier of the centre's 2026 book, its cells in their order.
    assert f"1/2026 {dossier.code}" in page
    assert (
        "01 Nguyễn Thị Ánh Tuyết Số 7 Trần Hưng Đạo, 0912345678 "
        f"{world.department.name} 25/11/2026 09:00"
    ) in page
    assert "Đã tiếp nhận, chờ phân công" in page  # the status, in Vietnamese
    assert "Mẫu số 07 – Thông tư số 03/2025/TT-VPCP của Văn phòng Chính phủ" in page
    assert "Trang 1/1" in page


def book_row(number, **fields):
    """A row of one line: every value fits its column."""
    values = {
        "book": 2026,
        "number": number,
        "code": f"000.00.02.H36-261125-{number:04d}",
        "procedure": "Khai sinh",
        "applicant": "Lê An",
        "contact": "0912345678",
        "processing_agency": "Sở Tư pháp",
        "received": "25/11/2026",
        "due": "",
        "transferred": "",
        "resolved": "",
        "returned": "",
        "note": "Mới",
    }
    return form_data.LogbookRow(**(values | fields))


def render(world, rows):
    return pdf.render_logbook(
        agency=world.centre, start=date(2026, 11, 23), end=date(2026, 11, 29), rows=rows
    )


def test_the_header_row_is_repeated_on_every_page(world, tmp_path):
    pages = pages_of(render(world, [book_row(n) for n in range(1, 61)]), tmp_path)

    # A4 landscape less 2 cm margins is 481.9 pt high; the header row is four
    # lines of 12.825 pt and 4 pt of padding (55.3 pt), a one-line row 16.825 pt:
    # 25 rows a page, 18 under the first page's heading (its table starts at
    # 417.2 pt), 17 and the note on the third.
    assert len(pages) == 3
    header = "Số TT Mã hồ sơ Tên thủ tục hành chính Số lượng hồ sơ (bộ)"
    for page, numbers in zip(
        pages, [range(1, 19), range(19, 44), range(44, 61)], strict=True
    ):
        codes = [n for n in range(1, 61) if f"-261125-{n:04d} " in page]
        assert codes == list(numbers)
        assert header in page
    assert pages[1].startswith(header)
    assert "Trang 2/3" in pages[1]
    assert "Số TT: số thứ tự trong quyển sổ" in pages[2]


def test_the_note_goes_to_a_page_of_its_own_when_the_last_is_full(world, tmp_path):
    # 18 rows under the heading, 25 on the second page, 8 pt and a line of 11 pt for
    # the note leave 39.8 pt above the bottom margin of 56.7 pt.
    pages = pages_of(render(world, [book_row(n) for n in range(1, 44)]), tmp_path)
    assert len(pages) == 3
    assert "-261125-0043" in pages[1]
    assert pages[2].startswith("Số TT: số thứ tự trong quyển sổ")
    assert pages[2].endswith("Trang 3/3")


def test_a_row_taller_than_a_page_goes_on_over_the_next_pages(world, tmp_path):
    rows = [book_row(1), book_row(2, note="Hồ sơ " * 200), book_row(3)]
    pages = pages_of(render(world, rows), tmp_path)

    # "Hồ sơ" is a line of the note's column, 12.825 pt: 22 fit under the first
    # row of the first page, 32 under the header of the next ones.
    assert [page.count("Hồ sơ") for page in pages] == [22, 32, 32, 32, 32, 32, 18]
    assert all(page.startswith("Số TT Mã hồ sơ") for page in pages[1:])
    assert "-261125-0003" in pages[-1]


def test_a_period_without_dossiers_says_so(world, tmp_path):
    (page,) = pages_of(render(world, []), tmp_path)
    assert "Không có hồ sơ tiếp nhận trong kỳ." in page


@pytest.mark.parametrize(
    ("text", "size", "width", "lines"),
    [
        ("Hòa giải tranh chấp đất đai", 9.5, 60, ["Hòa giải tranh", "chấp đất đai"]),
        # After a hyphen when a code is wider than its column, then anywhere.
        (
            "000.00.02.H36-261125-00001234567",
            7.5,
            88,
            ["000.00.02.H36-261125-", "00001234567"],
        ),
        ("012345678901234567890123456789", 9.5, 40, ["01234567", "89012345"]),
    ],
)
def test_text_is_wrapped_inside_its_column(text, size, width, lines):
    logbook_pdf.fonts()
    wrapped = logbook_pdf.wrap(text, logbook_pdf.REGULAR, size, width)
    assert [line for line, _ in wrapped][: len(lines)] == lines
    assert all(line_width <= width for _, line_width in wrapped)
    assert "".join(line for line, _ in wrapped).replace(" ", "") == text.replace(
        " ", ""
    )
