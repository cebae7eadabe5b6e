import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from tests.accounts.factories import AgencyFactory
from tests.procedures.factories import (
    ComponentFactory,
    FeeItemFactory,
    FieldFactory,
    ProcedureFactory,
    WorkflowStepFactory,
)

pytestmark = pytest.mark.django_db


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_catalogue_lists_procedures_with_code_level_time_and_fee(client):
    procedure = ProcedureFactory(
        code="1.001193.H36", name="Thủ tục đăng ký khai sinh", fee_status="charged"
    )
    FeeItemFactory(procedure=procedure, amount=8000)
    html = page(client, "/thu-tuc/")
    assert "Thủ tục đăng ký khai sinh" in html
    assert "1.001193.H36" in html
    assert "Mức độ 3" in html
    assert "5 ngày làm việc" in html
    assert "8.000 đồng" in html


def test_newcomer_finds_birth_registration_without_diacritics(client):
    ProcedureFactory(code="1.001193.H36", name="Thủ tục đăng ký khai sinh")
    ProcedureFactory(name="Cấp giấy phép xây dựng")
    html = page(client, "/thu-tuc/", q="dang ky khai sinh")
    assert 'href="/thu-tuc/1.001193.H36/"' in html
    assert "Cấp giấy phép xây dựng" not in html
    assert "Tìm thấy 1 thủ tục" in html


def test_bad_query_parameters_become_form_errors_not_500(client):
    html = page(
        client,
        "/thu-tuc/",
        service_level="9",
        online_payment="maybe",
        field="khong-co",
        agency="abc",
        page="x",
    )
    assert html.count('class="error"') >= 5
    assert "Chưa tìm được vì điều kiện tìm kiếm chưa hợp lệ" in html


def test_catalogue_paginates_and_keeps_the_query(client):
    field = FieldFactory(slug="ho-tich", name="Hộ tịch")
    ProcedureFactory.create_batch(25, field=field, name="Đăng ký hộ tịch")
    html = page(client, "/thu-tuc/", q="ho tich", field="ho-tich")
    assert "Trang 1 / 2" in html
    assert "page=2" in html and "field=ho-tich" in html
    assert "Trang 2 / 2" in page(client, "/thu-tuc/", q="ho tich", page="2")
    assert "Trang 2 / 2" in page(client, "/thu-tuc/", q="ho tich", page="99")


def test_procedure_page_has_what_a_citizen_needs(client, media_root):
    agency = AgencyFactory(name="Sở Tư pháp tỉnh Lâm Đồng", address="36 Trần Phú")
    procedure = ProcedureFactory(
        code="1.001193.H36",
        agencies=[agency],
        steps="Bước 1: nộp hồ sơ.",
        legal_basis="Luật Hộ tịch",
        legal_documents=["60/2014/QH13"],
        result="Giấy khai sinh",
    )
    form = ComponentFactory(
        procedure=procedure, position=1, name="Tờ khai", form_name="to-khai.docx"
    )
    form.form_template.save("to-khai.docx", ContentFile(b"docx"), save=True)
    FeeItemFactory(procedure=procedure, amount=8000, exemptions="Miễn cho hộ nghèo")
    WorkflowStepFactory(procedure=procedure, hours=40)

    html = page(client, "/thu-tuc/1.001193.H36/")

    for text in (
        "Tờ khai",
        "/thu-tuc/1.001193.H36/bieu-mau/1/",
        "8.000 đồng",
        "Miễn cho hộ nghèo",
        "5 ngày làm việc",
        "Sở Tư pháp tỉnh Lâm Đồng",
        "36 Trần Phú",
        "Bước 1: nộp hồ sơ.",
        "60/2014/QH13",
        "Giấy khai sinh",
        "Quy trình nội bộ",
    ):
        assert text in html, text


def test_online_levels_offer_the_filing_link_to_login_and_back(client):
    ProcedureFactory(code="1.000004.H36", full_online=True)
    html = page(client, "/thu-tuc/1.000004.H36/")
    login = reverse("accounts:login")
    assert f'href="{login}?next=%2Fthu-tuc%2F1.000004.H36%2F"' in html
    assert "Nộp hồ sơ trực tuyến" in html


def test_counter_levels_explain_filing_at_the_counter_without_online_link(client):
    ProcedureFactory(code="1.000002.H36", counter_only=True)
    html = page(client, "/thu-tuc/1.000002.H36/")
    assert "Nộp hồ sơ trực tuyến" not in html
    assert "Nộp trực tiếp tại Bộ phận Một cửa" in html
    assert "07:30–11:30" in html


def test_form_template_is_downloaded_as_an_attachment(client, media_root):
    component = ComponentFactory(procedure=ProcedureFactory(code="1.000001.H36"))
    component.form_template.save("to-khai.docx", ContentFile(b"DOCX"), save=True)
    response = client.get(f"/thu-tuc/1.000001.H36/bieu-mau/{component.position}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"DOCX"
    assert "attachment" in response["Content-Disposition"]
    assert "to-khai" in response["Content-Disposition"]


def test_missing_forms_and_unpublished_procedures_are_404(client, media_root):
    component = ComponentFactory(procedure=ProcedureFactory(code="1.000001.H36"))
    hidden = ProcedureFactory(code="1.000002.H36", unpublished=True)
    assert client.get("/thu-tuc/1.000001.H36/bieu-mau/99/").status_code == 404
    url = f"/thu-tuc/1.000001.H36/bieu-mau/{component.position}/"
    assert client.get(url).status_code == 404  # no file uploaded
    assert client.get(f"/thu-tuc/{hidden.code}/").status_code == 404
    assert client.get("/thu-tuc/1.000001.H36/").status_code == 200


def test_kiosk_searches_in_large_type_and_resets_itself(client):
    ProcedureFactory(code="1.001193.H36", name="Thủ tục đăng ký khai sinh")
    start = page(client, "/ki-ot/")
    assert 'data-kiosk-home="/ki-ot/"' in start
    assert 'data-idle-seconds="120"' in start
    assert 'data-warning-seconds="30"' in start  # WCAG 2.2.1: at least 20
    assert "js/kiosk.js" in start
    results = page(client, "/ki-ot/", q="khai sinh")
    assert 'href="/ki-ot/1.001193.H36/"' in results
    detail = page(client, "/ki-ot/1.001193.H36/")
    assert "Giấy tờ cần chuẩn bị" in detail
    assert "kiosk.js" in detail


def test_home_page_has_the_catalogue_search_box_and_nav_link(client):
    html = page(client, "/")
    assert 'action="/thu-tuc/"' in html
    assert 'name="q"' in html
    assert 'href="/thu-tuc/"' in html


def test_catalogue_and_procedure_page_use_a_constant_number_of_queries(
    client, django_assert_num_queries
):
    def load(count):
        field = FieldFactory()
        for _ in range(count):
            procedure = ProcedureFactory(field=field, name="Đăng ký thử")
            FeeItemFactory.create_batch(2, procedure=procedure)
            ComponentFactory.create_batch(3, procedure=procedure)
            procedure.agencies.add(AgencyFactory())
        return procedure

    load(2)
    # fields, agencies (filters), count, page, fee items
    with django_assert_num_queries(5):
        client.get("/thu-tuc/", {"q": "dang ky thu"})
    last = load(20)
    with django_assert_num_queries(5):
        client.get("/thu-tuc/", {"q": "dang ky thu"})
    # procedure, components, channels, fee items, workflow, legal documents,
    # agencies
    with django_assert_num_queries(7):
        client.get(f"/thu-tuc/{last.code}/")


def test_catalogue_offers_no_district_filter_and_shows_no_district_badge(client):
    ProcedureFactory(
        name="Đăng ký thành lập hộ kinh doanh",
        level_province=False,
        level_district=True,
        level_commune=True,
    )

    html = page(client, "/thu-tuc/")

    assert "Cấp xã" in html
    assert "Cấp huyện" not in html
    refused = page(client, "/thu-tuc/", level="district")
    assert 'class="error"' in refused


def test_the_page_of_a_replaced_national_code_redirects_to_the_copy(client):
    copy = ProcedureFactory(code="1.004873.000.00.00.H36", base_code="1.004873")
    ProcedureFactory(code="1.004873", base_code="1.004873", replaced_by=copy)

    response = client.get("/thu-tuc/1.004873/")

    assert response.status_code == 302
    assert response["Location"] == "/thu-tuc/1.004873.000.00.00.H36/"


def test_procedure_page_gives_each_agencys_address_hours_and_phone(client):
    department = AgencyFactory(
        name="Sở Tư pháp tỉnh Lâm Đồng",
        address="36 Trần Phú, Đà Lạt",
        phone="0263 3822 146",
        opening_hours="Thứ Hai – Thứ Sáu: 7:00–11:30, 13:30–17:00",
    )
    commune = AgencyFactory(name="UBND phường Lâm Viên", address="", phone="")
    ProcedureFactory(code="1.000010.H36", agencies=[department, commune])
    html = page(client, "/thu-tuc/1.000010.H36/")
    assert "36 Trần Phú, Đà Lạt" in html
    assert 'href="tel:02633822146"' in html
    assert "Thứ Hai – Thứ Sáu: 7:00–11:30, 13:30–17:00" in html
    # Without hours of its own, an agency keeps the province's working hours.
    assert "Thứ Hai – Thứ Sáu, 07:30–11:30, 13:00–17:00" in html


def test_fee_shown_is_the_chosen_channels(client):
    procedure = ProcedureFactory(code="1.000011.H36", full_online=True)
    procedure.fee_status = "charged"
    procedure.save(update_fields=["fee_status"])
    FeeItemFactory(procedure=procedure, name="Lệ phí cấp bản sao", amount=8000)
    FeeItemFactory(
        procedure=procedure, name="Lệ phí nộp tại quầy", amount=20000, channel="counter"
    )
    FeeItemFactory(
        procedure=procedure,
        name="Lệ phí nộp trực tuyến",
        amount=10000,
        channel="online",
    )

    counter = page(client, "/thu-tuc/1.000011.H36/")
    assert "Khi nộp trực tiếp:" in counter
    assert "Lệ phí cấp bản sao" in counter and "Lệ phí nộp tại quầy" in counter
    assert "Lệ phí nộp trực tuyến" not in counter
    # Items apply per case or per copy: several are listed, never added up.
    assert "28.000 đồng" not in counter

    online = page(client, "/thu-tuc/1.000011.H36/", kenh="truc-tuyen")
    assert "Khi nộp trực tuyến:" in online
    assert "Lệ phí nộp trực tuyến" in online and "10.000 đồng" in online
    assert "Lệ phí nộp tại quầy" not in online


def test_a_single_fee_reads_as_the_channels_amount(client):
    procedure = ProcedureFactory(code="1.000015.H36", full_online=True)
    FeeItemFactory(procedure=procedure, amount=50000, channel="online")
    html = page(client, "/thu-tuc/1.000015.H36/", kenh="truc-tuyen")
    assert "<strong>50.000 đồng</strong>" in html


def test_a_counter_only_procedure_shows_the_counter_fee_whatever_is_asked(client):
    procedure = ProcedureFactory(code="1.000012.H36", counter_only=True)
    FeeItemFactory(procedure=procedure, amount=30000, channel="counter")
    html = page(client, "/thu-tuc/1.000012.H36/", kenh="truc-tuyen")
    assert "Khi nộp trực tiếp:" in html and "30.000 đồng" in html
    assert 'href="?kenh=truc-tuyen' not in html


def test_procedure_page_prints(client):
    ProcedureFactory(code="1.000013.H36")
    html = page(client, "/thu-tuc/1.000013.H36/")
    assert 'href="/static/css/print.css" media="print"' in html
    assert "data-print hidden" in html  # shown by print.js only
    assert '<script src="/static/js/print.js" defer>' in html


def test_kiosk_start_screen_has_tiles_by_life_event_and_by_field(client):
    civil = FieldFactory(slug="ho-tich", name="Hộ tịch")
    land = FieldFactory(slug="dat-dai", name="Đất đai")
    ProcedureFactory(code="1.001193.000.00.00.H36", field=civil, name="Khai sinh")
    ProcedureFactory(code="1.000894.000.00.00.H36", field=civil, name="Kết hôn")
    ProcedureFactory(code="1.012786.H36", field=land, name="Cấp lại Giấy chứng nhận")
    start = page(client, "/ki-ot/")
    assert 'href="/ki-ot/su-kien/sinh-con/"' in start
    assert 'href="/ki-ot/su-kien/ket-hon/"' in start
    assert 'href="?field=ho-tich"' in start and "2 thủ tục" in start
    assert 'href="/ki-ot/tra-cuu-ho-so/"' in start
    # A field tile lists that field's procedures in the kiosk.
    by_field = page(client, "/ki-ot/", field="dat-dai")
    assert 'href="/ki-ot/1.012786.H36/"' in by_field
    assert "Khai sinh" not in by_field


def test_a_life_event_lists_its_procedures_by_master_code(client):
    ProcedureFactory(code="1.001193.000.00.00.H36", name="Thủ tục đăng ký khai sinh")
    ProcedureFactory(code="1.000894.000.00.00.H36", name="Thủ tục đăng ký kết hôn")
    html = page(client, "/ki-ot/su-kien/sinh-con/")
    assert "Thủ tục đăng ký khai sinh" in html
    assert "Thủ tục đăng ký kết hôn" not in html
    assert client.get("/ki-ot/su-kien/khong-co/").status_code == 404


def test_kiosk_procedure_has_a_qr_code_of_its_portal_page(client, settings):
    settings.SITE_URL = "https://dichvucong.lamdong.gov.vn"
    agency = AgencyFactory(address="36 Trần Phú", opening_hours="Thứ Hai – Thứ Sáu")
    procedure = ProcedureFactory(code="1.000014.H36", full_online=True)
    procedure.agencies.add(agency)
    FeeItemFactory(procedure=procedure, amount=20000, channel="counter")
    FeeItemFactory(procedure=procedure, amount=0, channel="online")
    html = page(client, "/ki-ot/1.000014.H36/")
    assert '<svg width="' in html and 'class="qr"' in html
    assert "https://dichvucong.lamdong.gov.vn/thu-tuc/1.000014.H36/" in html
    assert "36 Trần Phú" in html and "Thứ Hai – Thứ Sáu" in html
    assert "20.000 đồng" in html  # at the counter
    assert "Phí, lệ phí khi nộp trực tuyến</dt><dd>Miễn phí" in html


def test_an_agencys_new_opening_hours_show_at_once_on_the_cached_page(client):
    agency = AgencyFactory(opening_hours="Thứ Hai – Thứ Sáu")
    ProcedureFactory(code="1.000016.H36", agencies=[agency])
    assert "Thứ Hai – Thứ Sáu" in page(client, "/thu-tuc/1.000016.H36/")
    agency.opening_hours = "Thứ Hai – Thứ Bảy"
    agency.save(update_fields=["opening_hours"])
    assert "Thứ Hai – Thứ Bảy" in page(client, "/thu-tuc/1.000016.H36/")


def test_imported_case_sentences_are_captions_not_headings(client):
    procedure = ProcedureFactory(code="1.000001.H36")
    case = "Trường hợp người yêu cầu là người được ủy quyền thì nộp thêm:"
    ComponentFactory(procedure=procedure, case=case, name="Văn bản ủy quyền")
    html = page(client, "/thu-tuc/1.000001.H36/")
    assert f'<caption class="case">{case}</caption>' in html
    assert f">{case}</h" not in html
