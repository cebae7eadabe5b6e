import shutil
import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from dossiers import form_data, pdf, services
from dossiers.form_data import lookup_url
from dossiers.models import DossierEvent, DossierFile
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import act, advance, draft
from tests.dossiers.factories import pdf as upload

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Wednesday 25 November 2026, 09:00: a working day of the 2025 rules.
RECEIVED = datetime(2026, 11, 25, 9, 0, tzinfo=TZ)
# Wednesday 14 May 2025: before the reform, under Circular 01/2018.
RECEIVED_2018 = datetime(2025, 5, 14, 9, 0, tzinfo=TZ)
NEXT_DAY = RECEIVED + timedelta(days=1)


def _tool(name):
    path = shutil.which(name)
    assert path, f"{name} is missing: apt-get install poppler-utils zbar-tools"
    return path


def text_of(content, tmp_path):
    """The PDF's text as pdftotext reads it, with whitespace collapsed."""
    assert content.startswith(b"%PDF-")
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    # Trusted arguments: a tool found on PATH and a file of this test.
    result = subprocess.run(  # noqa: S603
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode().split())


def qr_codes_of(content, tmp_path):
    """Every QR code zbarimg finds on the first page rendered at 150 dpi."""
    path = tmp_path / "qr.pdf"
    path.write_bytes(content)
    subprocess.run(  # noqa: S603
        [_tool("pdftoppm"), "-png", "-r", "150", "-f", "1", "-l", "1", str(path),
         str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    (image,) = tmp_path.glob("page*.png")
    result = subprocess.run(  # noqa: S603
        [_tool("zbarimg"), "--quiet", "--raw", str(image)],
        capture_output=True,
        check=False,
    )
    return result.stdout.decode().split()


def received(world, moment=RECEIVED):
    with time_machine.travel(moment, tick=False):
        dossier = act(draft(world), "submit", world.citizen)
        return act(dossier, "receive", world.clerk)


def event_of(dossier, action):
    return DossierEvent.objects.filter(dossier=dossier, action=action).latest("pk")


def local_day(moment):
    return f"{timezone.localtime(moment):%d/%m/%Y}"


def test_receipt_prints_the_dossier_in_vietnamese(world, tmp_path):
    dossier = received(world)
    text = text_of(pdf.render_event_form(event_of(dossier, "receive")), tmp_path)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Lâm Đồng, ngày 25 tháng 11 năm 2026" in text
    assert dossier.code in text
    assert dossier.applicant_name in text
    assert "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 25/11/2026" in text
    # Five working days from Wednesday 09:00 end the next Wednesday at 09:00.
    assert local_day(dossier.due_at) == "02/12/2026"
    assert "kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 02/12/2026" in text
    assert "Thời gian giải quyết hồ sơ theo quy định là: 5 ngày làm việc" in text
    assert "Tờ khai" in text and "Giấy tờ tùy thân" in text
    assert "Vào Sổ theo dõi hồ sơ, Quyển số: 2026, Số thứ tự: 1" in text
    assert "Mẫu số 01 – Thông tư số 03/2025/TT-VPCP" in text
    assert world.clerk.full_name in text


def test_forms_print_in_liberation_serif_only(world, tmp_path):
    """Times New Roman maps to Liberation Serif 2, which has every Vietnamese letter;
    a font missing letters would show up as a second, fallback font."""
    dossier = received(world)
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf.render_event_form(event_of(dossier, "receive")))
    result = subprocess.run(  # noqa: S603
        [_tool("pdffonts"), str(path)], capture_output=True, check=True
    )
    lines = result.stdout.decode().splitlines()[2:]  # after the two header lines
    fonts = {line.split()[0].split("+")[-1] for line in lines}
    assert fonts and all(font.startswith("Liberation-Serif") for font in fonts)


def test_receipt_qr_opens_the_public_lookup(world, tmp_path):
    dossier = received(world)
    content = pdf.render_event_form(event_of(dossier, "receive"))
    url = lookup_url(dossier.code)
    assert url == f"http://127.0.0.1:8000/tra-cuu/?code={dossier.code}"
    assert qr_codes_of(content, tmp_path) == [url]


def test_lookup_url_follows_the_site_url(settings):
    settings.SITE_URL = "https://dichvucong.lamdong.gov.vn/"
    assert lookup_url("X-1") == "https://dichvucong.lamdong.gov.vn/tra-cuu/?code=X-1"


def test_supplement_request_at_reception_lists_what_to_complete(world, tmp_path):
    with time_machine.travel(RECEIVED, tick=False):
        dossier = act(draft(world), "submit", world.citizen)
        dossier = act(
            dossier, "return_for_supplement", world.clerk, note="Thiếu bản sao sổ đỏ"
        )
    content = pdf.render_event_form(event_of(dossier, "return_for_supplement"))
    text = text_of(content, tmp_path)
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Thiếu bản sao sổ đỏ" in text
    assert "NGƯỜI HƯỚNG DẪN" in text and world.clerk.full_name in text
    assert "Mẫu số 02" in text
    assert qr_codes_of(content, tmp_path) == [lookup_url(dossier.code)]


def test_supplement_request_during_processing_says_the_clock_stops(world, tmp_path):
    dossier = received(world)
    with time_machine.travel(NEXT_DAY, tick=False):
        dossier = advance(world, dossier, "processing")
        dossier = act(
            dossier, "request_supplement", world.officer, note="Bản sao hộ khẩu"
        )
    text = text_of(
        pdf.render_event_form(event_of(dossier, "request_supplement")), tmp_path
    )
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "không tính vào thời gian giải quyết" in text
    assert world.department.name.upper() in text  # the officer's agency issues it


def test_refusal_gives_the_reason(world, tmp_path):
    with time_machine.travel(RECEIVED, tick=False):
        dossier = act(draft(world), "submit", world.citizen)
        dossier = act(dossier, "refuse", world.clerk, note="Không thuộc thẩm quyền")
    text = text_of(pdf.render_event_form(event_of(dossier, "refuse")), tmp_path)
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "lý do cụ thể như sau: Không thuộc thẩm quyền" in text
    assert dossier.code in text


def test_notes_are_printed_as_text_not_markup(world, tmp_path):
    note = '<img src="file:///etc/passwd"> Sai mẫu tờ khai'
    with time_machine.travel(RECEIVED, tick=False):
        dossier = act(draft(world), "submit", world.citizen)
        dossier = act(dossier, "refuse", world.clerk, note=note)
    text = text_of(pdf.render_event_form(event_of(dossier, "refuse")), tmp_path)
    assert note in text


def test_apology_gives_the_old_and_the_new_appointment(world, tmp_path):
    dossier = received(world)
    old_due = dossier.due_at
    new_due = old_due + timedelta(days=5)
    with time_machine.travel(NEXT_DAY, tick=False):
        dossier = advance(world, dossier, "processing")
        dossier = act(
            dossier, "apologize", world.officer, note="Chờ xác minh", new_due_at=new_due
        )
    text = text_of(pdf.render_event_form(event_of(dossier, "apologize")), tmp_path)
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert f"Kính gửi: {dossier.applicant_name}" in text
    assert f"ngày {local_day(old_due)}" in text
    assert f"ngày {local_day(new_due)}" in text
    assert "Chờ xác minh" in text


def test_stop_notice_after_a_withdrawal_request(world, tmp_path):
    dossier = received(world)
    with time_machine.travel(NEXT_DAY, tick=False):
        dossier = advance(world, dossier, "processing")
        dossier = act(dossier, "request_withdrawal", world.citizen)
        dossier = act(dossier, "stop", world.clerk, note="Công dân rút hồ sơ")
    text = text_of(pdf.render_event_form(event_of(dossier, "stop")), tmp_path)
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "theo đề nghị của ông/bà" in text
    assert "Mẫu số 05 – Thông tư số 03/2025/TT-VPCP" in text


def test_control_sheet_marks_each_hand_over(world, tmp_path):
    dossier = received(world)
    # The leader assigns on Saturday, when half a day was allowed: late.
    with time_machine.travel(RECEIVED + timedelta(days=3), tick=False):
        dossier = act(dossier, "assign", world.leader, assignee=world.officer)
    # The officer, the leader and the counter finish on Monday: early.
    with time_machine.travel(RECEIVED + timedelta(days=5), tick=False):
        dossier = advance(world, dossier, "returned")
    content = pdf.render_control_sheet(dossier)
    text = text_of(content, tmp_path)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Mẫu số 06 – Thông tư số 03/2025/TT-VPCP" in text
    assert "Quá hạn" in text
    assert "Trước hạn" in text or "Đúng hạn" in text
    assert f"1. Giao: {world.centre.name}" in text
    assert f"2. Nhận: {world.department.name}" in text
    assert "Trả kết quả cho tổ chức, cá nhân" in text
    assert qr_codes_of(content, tmp_path) == [lookup_url(dossier.code)]


def test_dossier_received_before_the_reform_gets_the_2018_forms(world, tmp_path):
    dossier = received(world, RECEIVED_2018)
    receipt = text_of(pdf.render_event_form(event_of(dossier, "receive")), tmp_path)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in receipt
    assert "Mẫu số 01 – Thông tư số 01/2018/TT-VPCP" in receipt
    assert "Phí, lệ phí" not in receipt  # a 2025 addition
    sheet = text_of(pdf.render_control_sheet(dossier), tmp_path)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in sheet
    assert "Mẫu số 05 – Thông tư số 01/2018/TT-VPCP" in sheet


def test_stop_of_a_2018_dossier_uses_the_2025_notice(world, tmp_path):
    dossier = received(world, RECEIVED_2018)
    with time_machine.travel(RECEIVED_2018 + timedelta(days=1), tick=False):
        dossier = advance(world, dossier, "processing")
        dossier = act(dossier, "request_withdrawal", world.citizen)
        dossier = act(dossier, "stop", world.officer, note="Công dân rút hồ sơ")
    text = text_of(pdf.render_event_form(event_of(dossier, "stop")), tmp_path)
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "Mẫu số 05 – Thông tư số 03/2025/TT-VPCP" in text


def test_stop_for_ineligibility_returns_the_dossier_with_its_notice(world, tmp_path):
    dossier = received(world)
    with time_machine.travel(NEXT_DAY, tick=False):
        dossier = advance(world, dossier, "processing")
        dossier = act(dossier, "stop", world.officer, note="Không đủ điều kiện")
    event = event_of(dossier, "stop")
    assert event.form_code == "TB"
    text = text_of(pdf.render_event_form(event), tmp_path)
    assert "THÔNG BÁO TRẢ LẠI HỒ SƠ KHÔNG ĐỦ ĐIỀU KIỆN GIẢI QUYẾT" in text
    assert "DỪNG GIẢI QUYẾT HỒ SƠ" not in text
    assert "Mẫu số 05" not in text
    assert "Không đủ điều kiện" in text


def test_form_store_renders_once(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = event_of(received(world), "receive")
    first = services.dossier_form_store(event_id=event.pk)
    second = services.dossier_form_store(event_id=event.pk)
    assert first is not None and second == first
    assert DossierFile.objects.filter(event=event).count() == 1
    assert (first.kind, first.form_code) == (DossierFile.Kind.FORM, "01")
    with first.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_logbook_lists_the_periods_dossiers_only(world, tmp_path):
    before = received(world, RECEIVED - timedelta(days=7))
    inside = received(world)
    other_centre = AgencyFactory(identifier="000.00.21.H36", parent=world.province)
    other_clerk = StaffFactory(agency=other_centre, roles=[Role.CLERK])
    with time_machine.travel(RECEIVED, tick=False):
        elsewhere = services.dossier_intake(
            clerk=other_clerk,
            procedure=world.procedure,
            processing_agency=world.department,
            applicant=services.Applicant.of_user(world.citizen),
            components=[(c, upload()) for c in world.procedure.components.all()],
        )
    content = pdf.render_logbook(
        agency=world.centre, start=date(2026, 11, 23), end=date(2026, 11, 29)
    )
    text = text_of(content, tmp_path)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "Từ ngày 23/11/2026 đến ngày 29/11/2026" in text
    assert "Mẫu số 07 – Thông tư số 03/2025/TT-VPCP" in text
    assert inside.code in text
    assert before.code not in text
    assert elsewhere.code not in text
    rows = form_data.logbook_rows(
        agency=world.centre, start=date(2026, 11, 23), end=date(2026, 11, 29)
    )
    # Numbered in the year's book, after `before`, as its receipt says.
    assert [(row.code, row.book, row.number) for row in rows] == [
        (inside.code, 2026, 2)
    ]
    assert form_data.book_number(inside) == (2026, 2)


def test_logbook_of_a_period_before_the_reform_is_the_2018_book(world, tmp_path):
    dossier = received(world, RECEIVED_2018)
    content = pdf.render_logbook(
        agency=world.centre, start=date(2025, 5, 1), end=date(2025, 5, 31)
    )
    text = text_of(content, tmp_path)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "Mẫu số 06 – Thông tư số 01/2018/TT-VPCP" in text
    assert dossier.code in text


def test_an_event_without_a_form_is_refused(world):
    with time_machine.travel(RECEIVED, tick=False):
        dossier = act(draft(world), "submit", world.citizen)
    with pytest.raises(ValueError, match="No official form"):
        pdf.render_event_form(event_of(dossier, "submit"))
