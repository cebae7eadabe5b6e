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
    assert 'data-idle-seconds="90"' in start
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
    # procedure, components, channels, fee items, workflow, agencies
    with django_assert_num_queries(6):
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


def test_imported_case_sentences_are_captions_not_headings(client):
    procedure = ProcedureFactory(code="1.000001.H36")
    case = "Trường hợp người yêu cầu là người được ủy quyền thì nộp thêm:"
    ComponentFactory(procedure=procedure, case=case, name="Văn bản ủy quyền")
    html = page(client, "/thu-tuc/1.000001.H36/")
    assert f'<caption class="case">{case}</caption>' in html
    assert f">{case}</h" not in html
