"""What the official forms say: Decree 30/2020 dates and place lines, the 2025
titles, the receipt's stored appointment and the fees of the dossier's channel."""

import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import AgencyKind, Role
from dossiers import form_data, pdf
from procedures.models import FeeItem, FeeStatus
from tests.accounts.factories import AgencyFactory, StaffFactory
from tests.dossiers.conftest import act, draft
from tests.dossiers.test_pdf import _tool, event_of, received, text_of

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 7, 4), "ngày 04 tháng 7 năm 2026"),
        (date(2026, 2, 15), "ngày 15 tháng 02 năm 2026"),
        (date(2026, 1, 1), "ngày 01 tháng 01 năm 2026"),
        (date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
        (date(2026, 10, 20), "ngày 20 tháng 10 năm 2026"),
    ],
)
def test_dates_are_written_as_decree_30_writes_them(day, words):
    assert form_data.date_words(day) == words


def test_a_receipt_of_july_has_no_zero_before_the_month(world, tmp_path):
    dossier = received(world, datetime(2026, 7, 6, 9, 0, tzinfo=TZ))
    text = text_of(pdf.render_event_form(event_of(dossier, "receive")), tmp_path)
    assert "Lâm Đồng, ngày 06 tháng 7 năm 2026" in text


def test_the_place_line_is_the_issuing_agencys_locality(world, tmp_path):
    ward = AgencyFactory(
        commune=True,
        kind=AgencyKind.PEOPLES_COMMITTEE,
        name="Ủy ban nhân dân phường Xuân Hương - Đà Lạt",
        unit_type="Phường",
        parent=world.province,
    )
    centre = AgencyFactory(
        commune=True,
        kind=AgencyKind.SERVICE_CENTRE,
        name="Trung tâm Phục vụ hành chính công phường Xuân Hương - Đà Lạt",
        parent=ward,
    )
    world.procedure.agencies.add(ward)
    clerk = StaffFactory(agency=centre, roles=[Role.CLERK])
    assert form_data.locality_of(centre) == "Xuân Hương - Đà Lạt"
    assert form_data.locality_of(world.department) == "Lâm Đồng"
    with time_machine.travel(datetime(2026, 11, 25, 9, 0, tzinfo=TZ), tick=False):
        dossier = act(draft(world), "submit", world.citizen)
        type(dossier).objects.filter(pk=dossier.pk).update(receiving_agency=centre)
        dossier = act(dossier, "receive", clerk)
    text = text_of(pdf.render_event_form(event_of(dossier, "receive")), tmp_path)
    assert "Xuân Hương - Đà Lạt, ngày 25 tháng 11 năm 2026" in text
    assert "Lâm Đồng, ngày" not in text


def test_proper_names_in_the_heading_are_not_broken(world, tmp_path):
    issuer = form_data.issuer_of(world.centre)
    assert issuer.governing == "ỦY BAN NHÂN DÂN TỈNH LÂM\u00a0ĐỒNG"
    dossier = received(world)
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf.render_event_form(event_of(dossier, "receive")))
    lines = subprocess.run(  # noqa: S603 (a tool on PATH, a file of this test)
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    lines = [" ".join(line.split()) for line in lines.splitlines()]
    assert not [line for line in lines if line.endswith("LÂM")]
    assert not [line for line in lines if line.startswith("ĐỒNG")]


def test_the_2025_apology_has_its_2025_title(world, tmp_path):
    assert pdf.form_spec("2025", "apology").title == (
        "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
    )
    assert pdf.form_spec("2018", "apology").title == (
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"
    )


def test_the_receipt_states_the_appointment_stored_at_reception(world, tmp_path):
    dossier = received(world)  # Wed 25/11/2026 09:00: due Wed 2/12/2026 09:00
    # The procedure's time changes afterwards and the dossier is apologised for:
    # the receipt still says what was promised at the counter.
    world.procedure.processing_time = 10
    world.procedure.save(update_fields=["processing_time"])
    with time_machine.travel(datetime(2026, 11, 26, 9, 0, tzinfo=TZ), tick=False):
        dossier = act(dossier, "assign", world.leader, assignee=world.officer)
        act(
            dossier,
            "apologize",
            world.officer,
            note="Chờ xác minh",
            new_due_at=datetime(2026, 12, 9, 17, 0, tzinfo=TZ),
        )
    text = text_of(pdf.render_event_form(event_of(dossier, "receive")), tmp_path)
    assert "kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 02/12/2026" in text


def test_the_receipt_lists_the_fees_of_the_dossiers_channel_only(world, tmp_path):
    procedure = world.procedure
    procedure.fee_status = FeeStatus.CHARGED
    procedure.save(update_fields=["fee_status"])
    for position, (name, amount, channel) in enumerate(
        [
            ("Lệ phí nộp trực tiếp", 8000, "counter"),
            ("Lệ phí nộp trực tuyến", 6000, "online"),
            ("Lệ phí qua bưu chính", 8000, "post"),
            ("Phí sao lục", 3000, ""),
        ],
        start=1,
    ):
        FeeItem.objects.create(
            procedure=procedure,
            position=position,
            name=name,
            amount=amount,
            channel=channel,
        )
    dossier = received(world)  # filed online
    text = text_of(pdf.render_event_form(event_of(dossier, "receive")), tmp_path)
    assert "Lệ phí nộp trực tuyến: 6.000 đồng; Phí sao lục: 3.000 đồng." in text
    assert "8.000" not in text


def test_the_receipt_fits_one_page(world, tmp_path):
    dossier = received(world)
    text = text_of(pdf.render_event_form(event_of(dossier, "receive")), tmp_path)
    assert "Trang 1/1" in text


def test_a_supplement_request_prints_the_documents_asked_for(world, tmp_path):
    dossier = received(world)
    second = world.procedure.components.get(position=2)
    with time_machine.travel(dossier.received_at + timedelta(hours=1), tick=False):
        dossier = act(dossier, "assign", world.leader, assignee=world.officer)
        dossier = act(
            dossier,
            "request_supplement",
            world.officer,
            note="Bản chụp rõ nét hơn",
            components=[second],
        )
    text = text_of(
        pdf.render_event_form(event_of(dossier, "request_supplement")), tmp_path
    )
    assert "Giấy tờ tùy thân" in text
    assert "Tờ khai" not in text
    assert "Bản chụp rõ nét hơn" in text
