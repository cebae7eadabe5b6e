import re

import pytest
from django.core import mail

from accounts.models import Role, User
from tests.accounts.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

REGISTRATION = {
    "account_type": "citizen",
    "full_name": "Lê Văn Cường",
    "national_id": "068090005555",
    "phone": "+84 912 345 678",
    "email": "cuong@example.vn",
    "address": "Đà Lạt",
    "password1": "Hoa-Mai-2026",
    "password2": "Hoa-Mai-2026",
}


def test_pages_speak_vietnamese_by_default(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US")
    assert response["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_english_is_chosen_with_the_language_switch(client):
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.get("/")["Content-Language"] == "en"


def test_registration_shows_field_errors(client):
    data = {
        **REGISTRATION,
        "national_id": "123",
        "phone": "12",
        "password2": "khac",
    }
    response = client.post("/dang-ky/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"national_id", "phone", "password2"}
    assert not User.objects.exists()


def test_business_needs_tax_code(client):
    data = {**REGISTRATION, "account_type": "business", "national_id": ""}
    response = client.post("/dang-ky/", data)
    assert "tax_code" in response.context["form"].errors


def test_weak_password_is_a_form_error(client):
    data = {**REGISTRATION, "password1": "12345678", "password2": "12345678"}
    response = client.post("/dang-ky/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]


def test_login_with_national_id_or_email(client, citizen):
    for login in (citizen.national_id, citizen.email.upper()):
        response = client.post("/dang-nhap/", {"username": login, "password": PASSWORD})
        assert response.status_code == 302, login
        client.logout()


def test_wrong_password_is_a_form_error(client, citizen):
    response = client.post(
        "/dang-nhap/", {"username": citizen.username, "password": "sai"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_dashboard_requires_login(client):
    response = client.get("/bang-dieu-khien/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        (Role.CLERK, "Tiếp nhận và trả kết quả"),
        (Role.OFFICER, "Hồ sơ cần xử lý"),
        (Role.LEADER, "Phân công và ký duyệt"),
        (Role.AGENCY_ADMIN, "Quản trị đơn vị"),
        (Role.SYSTEM_ADMIN, "Quản trị hệ thống"),
    ],
)
def test_each_role_sees_its_dashboard_panel(client, role, heading):
    staff = StaffFactory(roles=[role])
    client.force_login(staff)
    content = client.get("/bang-dieu-khien/").content.decode()
    assert heading in content
    assert "Hồ sơ của tôi" not in content


def test_staff_without_role_is_told_so(client, agency):
    client.force_login(StaffFactory(agency=agency))
    assert "chưa được giao vai trò" in client.get("/bang-dieu-khien/").content.decode()


def test_profile_update_validates_phone(client, citizen):
    client.force_login(citizen)
    data = {
        "full_name": "Tên Mới",
        "email": citizen.email,
        "phone": "123",
        "address": "",
    }
    response = client.post("/tai-khoan/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    data["phone"] = "0987 654 321"
    assert client.post("/tai-khoan/", data).status_code == 302
    citizen.refresh_from_db()
    assert (citizen.full_name, citizen.phone) == ("Tên Mới", "0987654321")


def test_password_reset_by_email(client, citizen):
    client.post("/quen-mat-khau/", {"email": citizen.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert citizen.username in message.body
    link = re.search(r"http://testserver(/dat-lai-mat-khau/\S+/)", message.body)[1]
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Moi-Mat-Khau-9", "new_password2": "Moi-Mat-Khau-9"},
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("Moi-Mat-Khau-9")


def test_logout_is_a_post(client, citizen):
    client.force_login(citizen)
    assert client.get("/dang-xuat/").status_code == 405
    assert client.post("/dang-xuat/").status_code == 302
    assert client.get("/bang-dieu-khien/").status_code == 302
