from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client

from payments import sandbox, services
from payments.exports import cell
from payments.models import PaymentReceipt
from tests.payments.conftest import draft, owing

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank_calls(monkeypatch):
    """The sandbox bank's server-to-server call, delivered through Django's test
    client to the same IPN view (the network is the only thing replaced)."""
    answers = []

    def deliver(url, params):
        response = Client().get(urlsplit(url).path, params)
        answers.append(response.json()["RspCode"])
        return answers[-1]

    monkeypatch.setattr(sandbox, "deliver_ipn", deliver)
    return answers


def pay_online(client, world, outcome="pay"):
    request = owing(world)
    client.force_login(world.citizen)
    page = client.get(f"/ho-so/{request.dossier.code}/")
    assert "Thanh toán trực tuyến" in page.content.decode()
    redirect = client.post(f"/ho-so/{request.dossier.code}/thanh-toan/")
    assert redirect.status_code == 302
    bank = client.get(redirect.url)
    assert bank.status_code == 200 and "50.000 đồng" in bank.content.decode()
    order = dict(parse_qsl(urlsplit(redirect.url).query))
    back = client.post(urlsplit(redirect.url).path, {**order, "outcome": outcome})
    assert back.status_code == 302
    request.refresh_from_db()
    return request, client.get(back.url)


def test_citizen_pays_through_the_sandbox_bank(paying, client, bank_calls):
    request, result = pay_online(client, paying)
    assert bank_calls == ["00"]
    assert request.status == "paid"
    assert "Thanh toán thành công" in result.content.decode()
    receipt = PaymentReceipt.objects.get(request=request)
    download = client.get(f"/bien-lai/{receipt.number}/tai-ve/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_cancelling_at_the_bank_leaves_the_fee_owed(paying, client, bank_calls):
    request, result = pay_online(client, paying, outcome="cancel")
    assert bank_calls == ["00"]  # the cancellation itself is confirmed
    assert request.status == "failed"
    assert "hủy giao dịch" in result.content.decode()


def test_the_bank_page_refuses_an_unsigned_order(paying, client):
    response = client.get(
        "/thanh-toan/ngan-hang-thu-nghiem/",
        {"vnp_TxnRef": "X", "vnp_Amount": "100", "vnp_SecureHash": "00"},
    )
    assert response.status_code == 400


def test_someone_else_cannot_download_the_receipt(paying, client, other_citizen):
    request = owing(paying)
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    client.force_login(other_citizen)
    number = request.receipt.number
    assert client.get(f"/bien-lai/{number}/tai-ve/").status_code == 404
    # The verification page is public and shows no full name.
    page = client.get(f"/bien-lai/{number}/").content.decode()
    assert number in page and request.dossier.applicant_name not in page


def test_the_fee_is_shown_before_submitting(paying, client):
    dossier = draft(paying)
    client.force_login(paying.citizen)
    page = client.get(f"/ho-so/{dossier.reference}/xem-lai/").content.decode()
    assert "Phí, lệ phí phải nộp" in page
    assert "50.000 đồng" in page
    assert "20.000" not in page  # the counter-only fee


def test_clerk_records_a_counter_payment_on_the_dossier_page(paying, client):
    request = owing(paying)
    client.force_login(paying.clerk)
    page = client.get(f"/ho-so/{request.dossier.code}/").content.decode()
    assert "Ghi nhận nộp tại quầy" in page
    response = client.post(f"/thanh-toan/{request.uuid}/tai-quay/", {"method": "card"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.method) == ("paid", "card")


def test_a_citizen_cannot_record_a_counter_payment(paying, client):
    request = owing(paying)
    client.force_login(paying.citizen)
    response = client.post(f"/thanh-toan/{request.uuid}/tai-quay/", {"method": "cash"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_reconciliation_page_and_csv(paying, client):
    request = owing(paying)
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    client.force_login(paying.clerk)
    page = client.get("/doi-soat/").content.decode()
    assert 'id="balanced"' in page
    csv_text = client.get("/doi-soat/csv/").content.decode("utf-8-sig")
    header, row = csv_text.splitlines()[:2]
    assert header.startswith("ngay,co_quan,cong_thanh_toan")
    assert ",counter,0,0,0,1,50000," in row


def test_reconciliation_is_not_for_citizens(paying, client):
    client.force_login(paying.citizen)
    assert client.get("/doi-soat/").status_code == 404


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Sở Tư pháp", "Sở Tư pháp"),
        (-500, "-500"),
    ],
)
def test_csv_cells_cannot_start_a_formula(value, written):
    assert cell(value) == written


def test_clerk_issues_the_fees_of_a_procedure_without_online_payment(world, client):
    from tests.payments.conftest import received
    from tests.payments.factories import FeeItemFactory

    FeeItemFactory(procedure=world.procedure, amount=15000)
    dossier = received(world)
    assert not dossier.payment_requests.exists()  # not issued by itself
    client.force_login(world.clerk)
    page = client.get(f"/ho-so/{dossier.code}/").content.decode()
    assert "Lập yêu cầu thu phí, lệ phí" in page
    client.post(f"/ho-so/{dossier.code}/thu-phi/")
    assert dossier.payment_requests.get().total == 15000
    client.force_login(world.citizen)
    client.post(f"/ho-so/{dossier.code}/thu-phi/")
    assert dossier.payment_requests.count() == 1
