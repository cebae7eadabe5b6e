import random
import re
import subprocess
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Agency, Role, User
from core.calendar import get_calendar
from demo.accounts import DEMO_PASSWORD
from demo.dossiers import Plan, seed_plans
from dossiers import services
from dossiers.forms import RatingForm
from dossiers.models import Dossier
from procedures.models import Procedure
from tests.dossiers.factories import PDF_BYTES

CODE = re.compile(r"\d{3}\.\d{2}\.\d{2}\.H36-\d{6}-\d{4}")
CERTIFIED_COPY = "2.000635.000.00.00.H36"  # Cấp bản sao Trích lục hộ tịch (level 4)
JUSTICE = "Sở Tư pháp tỉnh Lâm Đồng"


@pytest.fixture
def demo_base(transactional_db):
    """Agencies, accounts and procedures without the ~60 demo dossiers (faster)."""
    call_command("seed_demo", "--skip-demo-dossiers", verbosity=0)


def log_in(page, username):
    page.goto("/dang-nhap/")
    page.get_by_label("Số CCCD, mã số thuế, tên đăng nhập hoặc e-mail").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()
    expect(page).to_have_url(re.compile(r"/bang-dieu-khien/$"))


def log_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def pdf_file(name, content=PDF_BYTES):
    return {"name": name, "mimeType": "application/pdf", "buffer": content}


def open_dossier(page, code):
    page.get_by_role("link", name=code).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def test_citizen_files_online_from_the_procedure_page(page, demo_base):
    log_in(page, "068090001234")
    page.goto(f"/thu-tuc/{CERTIFIED_COPY}/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").click()
    expect(page.get_by_label("Họ tên người nộp")).to_have_value("Nguyễn Văn An")
    page.get_by_label("Cơ quan giải quyết").select_option(label=JUSTICE)
    page.get_by_role("button", name="Tiếp tục: tải lên giấy tờ").click()

    page.locator("input[name=component_1]").set_input_files(pdf_file("to-khai.pdf"))
    page.locator("input[name=component_3]").set_input_files(
        {"name": "cccd.txt", "mimeType": "text/plain", "buffer": b"not a scan"}
    )
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    expect(page.get_by_text("Tệp cccd.txt không đúng định dạng")).to_be_visible()
    expect(page.get_by_role("link", name="to-khai.pdf")).to_be_visible()
    page.locator("input[name=component_3]").set_input_files(pdf_file("cccd.pdf"))
    page.get_by_role("button", name="Tải lên và tiếp tục").click()

    expect(page.get_by_role("heading", name="Thông tin hồ sơ")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    expect(
        page.get_by_role("heading", name="Biên nhận nộp hồ sơ trực tuyến")
    ).to_be_visible()
    expect(page.locator("#ma-ho-so")).to_have_text(CODE)
    expect(page.get_by_text("Mới đăng ký trực tuyến").first).to_be_visible()


def test_clerk_takes_a_walk_in_dossier_and_its_receipt_leads_to_the_status(
    page, demo_base, tmp_path
):
    log_in(page, "motcua.tinh")
    page.get_by_role("link", name="Tiếp nhận", exact=True).click()
    page.get_by_role("link", name="Tiếp nhận hồ sơ nộp trực tiếp").first.click()
    page.get_by_label("Tên hoặc mã thủ tục").fill("trích lục hộ tịch")
    page.get_by_role("button", name="Tìm thủ tục").click()
    page.get_by_role("link", name="Cấp bản sao Trích lục hộ tịch").click()

    page.get_by_label("Họ tên người nộp").fill("Phạm Thị Hồng")
    page.get_by_label("Số định danh cá nhân (CCCD) hoặc mã số thuế").fill(
        "068190004567"
    )
    page.get_by_label("Số điện thoại di động").fill("0905 123 789")
    page.locator("#id_applicant_address").fill("8 Yersin, Đà Lạt")
    for position in (1, 3):
        page.locator(f"input[name=checked_{position}]").check()
        page.locator(f"input[name=scan_{position}]").set_input_files(
            pdf_file(f"scan-{position}.pdf")
        )
    page.get_by_label("Cơ quan giải quyết").select_option(label=JUSTICE)
    page.get_by_role("button", name="Tiếp nhận và cấp mã hồ sơ").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(CODE)
    code = CODE.search(heading.inner_text()).group(0)
    expect(page.get_by_text("Đã tiếp nhận, chờ phân công").first).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải Mẫu 01 (PDF)").click()
    receipt = tmp_path / "receipt.pdf"
    download.value.save_as(receipt)
    assert receipt.read_bytes().startswith(b"%PDF")
    link = _qr_link(receipt, tmp_path)
    assert link.endswith(f"/tra-cuu/?code={code}")

    log_out(page)
    page.goto(link[link.index("/tra-cuu/") :])  # the same path on the test server
    expect(page.get_by_label("Mã hồ sơ")).to_have_value(code)
    page.get_by_label(re.compile("4 số cuối")).fill("3789")
    page.get_by_role("button", name="Tra cứu").click()
    expect(page.get_by_text("Đã tiếp nhận, chờ phân công").first).to_be_visible()
    expect(page.get_by_text("Phạm T. H.")).to_be_visible()


def _qr_link(receipt, folder):
    """The URL in the receipt's QR code (poppler and zbar, as `make test` installs)."""
    subprocess.run(  # noqa: S603 (fixed tools, a file we wrote)
        ["/usr/bin/pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1",
         str(receipt), str(folder / "page")],
        check=True,
    )  # fmt: skip
    image = next(folder.glob("page*.png"))
    found = subprocess.run(  # noqa: S603
        ["/usr/bin/zbarimg", "--quiet", "--raw", str(image)],
        check=True,
        capture_output=True,
        text=True,
    )
    return found.stdout.strip()


def _online_dossier():
    citizen = User.objects.get(username="068090001234")
    procedure = Procedure.objects.get(code=CERTIFIED_COPY)
    dossier = services.dossier_create_online(
        owner=citizen,
        procedure=procedure,
        processing_agency=Agency.objects.get(name=JUSTICE),
        applicant=services.Applicant.of_user(citizen),
    )
    for component in procedure.components.filter(is_mandatory=True):
        if not component.is_note:
            services.dossier_file_add(
                dossier=dossier,
                actor=citizen,
                upload=_upload(),
                component=component,
            )
    return services.dossier_apply_action(
        code=dossier.reference, action="submit", actor=citizen
    )


def _upload():
    return SimpleUploadedFile("giay-to.pdf", PDF_BYTES, "application/pdf")


def test_online_dossier_from_reception_to_rating(page, demo_base):
    dossier = _online_dossier()
    code = dossier.code
    clerk = User.objects.get(agency=dossier.receiving_agency, roles__role=Role.CLERK)

    log_in(page, clerk.username)
    page.get_by_role("link", name="Tiếp nhận", exact=True).click()
    open_dossier(page, code)
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    expect(page.get_by_text("Đã thực hiện: Tiếp nhận")).to_be_visible()
    log_out(page)

    log_in(page, "lanhdao.tuphap")
    page.get_by_role("link", name="Xử lý hồ sơ").click()
    page.get_by_role("link", name=re.compile("Hồ sơ chờ phân công")).click()
    open_dossier(page, code)
    page.get_by_label("Giao cho chuyên viên").select_option(label="Nguyễn Minh Tuấn")
    page.get_by_role("button", name="Phân công xử lý").click()
    expect(page.get_by_text("Trạng thái hồ sơ: Đang xử lý")).to_be_visible()
    log_out(page)

    log_in(page, "chuyenvien.tuphap")
    page.get_by_role("link", name="Xử lý hồ sơ").click()
    open_dossier(page, code)
    page.get_by_label(re.compile("Tệp kết quả giải quyết")).set_input_files(
        pdf_file("trich-luc.pdf")
    )
    page.get_by_role("button", name="Đính kèm kết quả").click()
    expect(page.get_by_text("Đã đính kèm tệp kết quả.")).to_be_visible()
    page.get_by_role("button", name="Trình lãnh đạo ký duyệt").click()
    expect(page.get_by_text("Trạng thái hồ sơ: Chờ ký duyệt")).to_be_visible()
    log_out(page)

    log_in(page, "lanhdao.tuphap")
    page.get_by_role("link", name="Xử lý hồ sơ").click()
    page.get_by_role("link", name=re.compile("Hồ sơ chờ ký duyệt")).click()
    open_dossier(page, code)
    page.get_by_role("button", name="Ký duyệt").click()
    expect(page.get_by_text("Đã có kết quả, chờ trả").first).to_be_visible()
    log_out(page)

    log_in(page, clerk.username)
    page.goto("/tiep-nhan/tra-ket-qua/")
    open_dossier(page, code)
    page.get_by_role("button", name="Trả kết quả").click()
    expect(page.get_by_text("Trạng thái hồ sơ: Đã trả kết quả")).to_be_visible()
    log_out(page)

    log_in(page, "068090001234")
    page.get_by_role("link", name="Hồ sơ của tôi").first.click()
    open_dossier(page, code)
    expect(page.get_by_role("link", name="trich-luc.pdf")).to_be_visible()
    for name in RatingForm.scores:
        page.locator(f"input[name={name}][value='5']").check()
    page.locator("input[name=one_stop][value='true']").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.get_by_text("Cảm ơn bạn đã đánh giá.")).to_be_visible()
    assert Dossier.objects.get(code=code).rating.overall == 5


def test_officer_sees_due_marks_and_apologises_with_a_new_date(page, demo_base):
    # Three of the demo's stories (the whole demo takes seconds to seed).
    seed_plans(
        random.Random(1),  # noqa: S311 (demo data)
        [
            Plan("justice", "processing", due="overdue"),
            Plan("justice", "processing", online=False, due="soon"),
            Plan("justice", "processing", online=False),
        ],
    )
    log_in(page, "chuyenvien.tuphap")
    page.get_by_role("link", name="Xử lý hồ sơ").click()
    rows = page.locator("table.dossiers tbody tr")
    expect(rows.filter(has_text="Quá hạn").first).to_be_visible()
    expect(rows.filter(has_text="Sắp đến hạn").first).to_be_visible()

    overdue = Dossier.objects.filter(
        assignee__username="chuyenvien.tuphap",
        status="processing",
        apologized_at__isnull=True,
        due_at__lt=timezone.now(),
    ).first()
    open_dossier(page, overdue.code)
    page.get_by_text("Xin lỗi và hẹn lại ngày trả").first.click()
    # A working day (the guard refuses a day off), later than the overdue date.
    new_day = get_calendar().next_working_day(timezone.localdate() + timedelta(days=4))
    page.get_by_label("Lý do chậm trễ").fill(
        "Phải xác minh thông tin tại cơ quan khác."
    )
    page.get_by_label("Ngày hẹn trả kết quả mới").fill(new_day.isoformat())
    page.get_by_role("button", name="Xin lỗi và hẹn lại ngày trả").click()
    expect(
        page.get_by_text("Đã thực hiện: Xin lỗi và hẹn lại ngày trả")
    ).to_be_visible()
    expect(page.get_by_text(f"17:00 {new_day:%d/%m/%Y}").first).to_be_visible()
    expect(page.get_by_text("đã hẹn lại")).to_be_visible()
