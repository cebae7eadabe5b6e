"""The stub checks what the national portal would check."""

import base64
import hashlib

import pytest
from django.test import Client

from national import stub
from national.models import StubDossier, StubRequest

pytestmark = pytest.mark.django_db
API = "/national-stub/api/"
CODE = "000.00.02.H36-261202-0001"


@pytest.fixture
def portal(settings):
    settings.NATIONAL_PORTAL_CLIENT_ID = "stub-client"
    settings.NATIONAL_PORTAL_CLIENT_SECRET = "stub-secret"
    stub.set_mode("up")
    client = Client()
    answer = client.post(
        API + "token",
        {"client_id": "stub-client", "client_secret": "stub-secret"},
        content_type="application/json",
    )
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {answer.json()['access_token']}"
    return client


def post(client, path, body, key):
    return client.post(
        API + path, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
    )


def created(client):
    post(client, "dossier-code", {"MaHoSo": CODE, "MaDonViTiepNhan": CODE[:13]}, "k1")
    StubDossier.objects.filter(code=CODE).update(created=True)


def test_wrong_credentials_and_tokens_are_refused(portal):
    refused = Client().post(
        API + "token",
        {"client_id": "stub-client", "client_secret": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    anonymous = Client().post(API + "status", {}, content_type="application/json")
    assert anonymous.status_code == 401
    forged = Client(HTTP_AUTHORIZATION="Bearer forged").post(
        API + "status", {}, content_type="application/json"
    )
    assert forged.status_code == 401


def test_every_step_needs_an_idempotency_key(portal):
    answer = portal.post(API + "dossier-code", {}, content_type="application/json")
    assert answer.json()["code"] == "idempotency_key"


@pytest.mark.parametrize(
    ("code", "agency", "error"),
    [
        ("000.00.02.H36-261202-001", "000.00.02.H36", "code_format"),
        ("H36-261202-0001", "000.00.02.H36", "code_format"),
        ("000.00.02.H36-261202-0001", "000.00.04.H36", "code_agency"),
    ],
)
def test_a_dossier_code_must_have_the_national_format(portal, code, agency, error):
    answer = post(
        portal, "dossier-code", {"MaHoSo": code, "MaDonViTiepNhan": agency}, "k"
    )
    assert (answer.status_code, answer.json()["code"]) == (400, error)


def test_a_file_must_match_its_hash(portal):
    created(portal)
    content = b"%PDF-1.4 test"
    body = {
        "MaHoSo": CODE,
        "TenTepTin": "a.pdf",
        "NoiDung": base64.b64encode(content).decode(),
        "HashTepTin": hashlib.sha256(b"something else").hexdigest(),
    }
    assert post(portal, "files", body, "f1").json()["code"] == "hash"
    body["HashTepTin"] = hashlib.sha256(content).hexdigest()
    answer = post(portal, "files", body, "f2")
    assert answer.status_code == 200
    assert answer.json()["HashTepTin"] == body["HashTepTin"]


@pytest.mark.parametrize("status", [0, 11, "4", None])
def test_status_codes_are_one_to_ten(portal, status):
    created(portal)
    body = {"MaHoSo": CODE, "SoThuTu": 1, "TrangThaiHoSo": status, "ThoiDiem": "x"}
    answer = post(portal, "status", body, "s1")
    assert (answer.status_code, answer.json()["code"]) == (400, "code_value")


def test_events_must_come_in_order_and_a_key_applies_once(portal):
    created(portal)
    body = {"MaHoSo": CODE, "TrangThaiHoSo": 2, "ThoiDiem": "2026-12-02T08:00:00+07:00"}
    assert post(portal, "status", {**body, "SoThuTu": 2}, "s2").status_code == 409
    assert post(portal, "status", {**body, "SoThuTu": 1}, "s1").status_code == 200
    replay = post(portal, "status", {**body, "SoThuTu": 1}, "s1")
    assert (replay.status_code, replay.headers["Idempotent-Replay"]) == (200, "true")
    again = post(portal, "status", {**body, "SoThuTu": 1}, "s1-other-key")
    assert (again.status_code, again.json()["code"]) == (409, "order")
    assert StubRequest.objects.filter(operation="status").count() == 1


def test_creation_needs_the_required_fields_and_uploaded_files(portal):
    post(portal, "dossier-code", {"MaHoSo": CODE, "MaDonViTiepNhan": CODE[:13]}, "k1")
    body = {
        "MaHoSo": CODE, "MaTTHC": "1.000253", "ChuHoSo": "Nguyễn Văn A",
        "MaDonViTiepNhan": CODE[:13], "NgayNop": "2026-12-02T08:00:00+07:00",
        "LoaiDoiTuong": 0, "KenhThucHien": 2, "TrangThaiHoSo": 1,
        "ThongTinNguoiNop": {"SoDinhDanh": "068185004321"},
        "ThanhPhanHoSo": [{"GiayToDinhKem": [{"IdTepTin": "x", "HashTepTin": "y"}]}],
    }  # fmt: skip
    assert post(portal, "dossiers", body, "c1").json()["code"] == "file"
    missing = post(portal, "dossiers", {**body, "ChuHoSo": ""}, "c2")
    assert missing.json() == {"code": "required", "detail": "missing: ChuHoSo"}
    assert (
        post(portal, "dossiers", {**body, "KenhThucHien": 4}, "c3").status_code == 400
    )
    assert (
        post(portal, "dossiers", {**body, "ThanhPhanHoSo": []}, "c4").status_code == 200
    )
    assert (
        post(portal, "dossiers", {**body, "ThanhPhanHoSo": []}, "c5").json()["code"]
        == "exists"
    )


@pytest.mark.parametrize(
    ("codes", "status"),
    [
        ({}, 200),  # not known: left out
        ({"MaTinh": "68", "MaXa": "24781"}, 200),
        ({"MaTinh": "68"}, 400),  # one without the other
        ({"MaXa": "24781"}, 400),
        ({"MaTinh": "6", "MaXa": "24781"}, 400),
        ({"MaTinh": "68", "MaXa": "2478"}, 400),
        ({"MaTinh": 68, "MaXa": 24781}, 400),  # codes are strings: "01" keeps its 0
        ({"MaTinh": "", "MaXa": ""}, 400),
    ],
)
def test_the_applicants_province_and_commune_codes_are_checked(portal, codes, status):
    post(portal, "dossier-code", {"MaHoSo": CODE, "MaDonViTiepNhan": CODE[:13]}, "k1")
    body = {
        "MaHoSo": CODE, "MaTTHC": "1.000253", "ChuHoSo": "Nguyễn Văn A",
        "MaDonViTiepNhan": CODE[:13], "NgayNop": "2026-12-02T08:00:00+07:00",
        "LoaiDoiTuong": 0, "KenhThucHien": 2, "TrangThaiHoSo": 1,
        "ThongTinNguoiNop": {"SoDinhDanh": "068185004321", **codes},
        "ThanhPhanHoSo": [],
    }  # fmt: skip
    answer = post(portal, "dossiers", body, "c1")
    assert answer.status_code == status
    if status == 400:
        assert answer.json()["code"] == "unit_code"


def test_the_stub_can_be_told_to_fail(portal):
    assert Client().post(
        API + "control", {"mode": "down"}, content_type="application/json"
    ).json() == {"mode": "down"}
    assert post(portal, "dossier-code", {}, "k").status_code == 503
    assert (
        Client()
        .post(API + "control", {"mode": "sideways"}, content_type="application/json")
        .status_code
        == 400
    )


def test_the_deployment_check_refuses_the_stub_in_production(settings):
    from national.checks import stub_off_in_production

    settings.DEBUG, settings.NATIONAL_STUB = False, True
    assert [error.id for error in stub_off_in_production(None)] == ["national.E001"]
    settings.NATIONAL_STUB = False
    assert stub_off_in_production(None) == []
