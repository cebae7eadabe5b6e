"""Registration tells nobody whether an ID number or e-mail has an account."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.accounts.factories import PASSWORD, CitizenFactory

pytestmark = pytest.mark.django_db

FORM = {
    "account_type": "citizen",
    "full_name": "Lê Văn Cường",
    "national_id": "068090005555",
    "phone": "0912345678",
    "email": "cuong@example.vn",
    "address": "Đà Lạt",
    "password1": "Hoa-Mai-2026",
    "password2": "Hoa-Mai-2026",
}


def page_text(response):
    """The page without the per-response CSRF token."""
    text = re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode()
    )
    return re.sub(r"\s+", " ", text)


def test_new_registration_mails_an_activation_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dang-ky/", FORM)
    assert response.status_code == 200
    user = User.objects.get(username="068090005555")
    assert not user.is_active and not user.is_verified
    assert (
        client.post(
            "/dang-nhap/", {"username": user.username, "password": FORM["password1"]}
        ).status_code
        == 200
    )  # not active yet
    link = re.search(r"http://\S+/dang-ky/kich-hoat/\S+/", mail.outbox[0].body)[0]
    assert client.get(link.replace("http://127.0.0.1:8000", "")).status_code == 302
    user.refresh_from_db()
    assert user.is_active
    again = client.get(link.replace("http://127.0.0.1:8000", ""))
    assert again.status_code == 400


@pytest.mark.parametrize(
    "existing",
    [
        {"national_id": "068090005555"},
        {"email": "CUONG@example.vn"},
    ],
)
def test_existing_id_or_email_gets_the_same_answer_and_the_owner_a_mail(
    client, existing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fresh = client.post(
            "/dang-ky/",
            {**FORM, "national_id": "068090006666", "email": "moi@example.vn"},
        )
    owner = CitizenFactory(**existing)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dang-ky/", FORM)

    assert response.status_code == fresh.status_code == 200
    assert page_text(response).replace("cuong@example.vn", "X") == page_text(
        fresh
    ).replace("moi@example.vn", "X")
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "không có tài khoản mới nào được tạo" in mail.outbox[0].body.lower()
    assert User.objects.filter(username="068090005555").count() == (
        1 if "national_id" in existing else 0
    )
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
