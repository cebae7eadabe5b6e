import pytest

from payments import services
from tests.payments.conftest import callback, owing, signed_query

pytestmark = pytest.mark.django_db


def test_applicant_reads_what_the_dossier_owes(paying, api_client):
    request = owing(paying)
    api_client.force_authenticate(paying.citizen)
    response = api_client.get(f"/api/v1/dossiers/{request.dossier.code}/payment/")
    assert response.status_code == 200
    body = response.json()
    assert (body["owed"], body["can_pay_online"]) == (50000, True)
    [only] = body["requests"]
    assert (only["status"], only["total"], only["receipt_number"]) == (
        "pending",
        50000,
        None,
    )
    assert [item["amount"] for item in only["items"]] == [50000]


def test_someone_elses_payment_is_a_404(paying, api_client, other_citizen):
    request = owing(paying)
    api_client.force_authenticate(other_citizen)
    code = request.dossier.code
    assert api_client.get(f"/api/v1/dossiers/{code}/payment/").status_code == 404
    response = api_client.post(f"/api/v1/dossiers/{code}/payment/start/")
    assert response.status_code == 404


def test_staff_of_the_agency_read_it_but_cannot_pay_for_the_citizen(
    paying, api_client, outsider_officer
):
    request = owing(paying)
    code = request.dossier.code
    api_client.force_authenticate(paying.clerk)
    response = api_client.get(f"/api/v1/dossiers/{code}/payment/")
    assert response.status_code == 200
    assert response.json()["can_pay_online"] is False
    response = api_client.post(f"/api/v1/dossiers/{code}/payment/start/")
    assert (response.status_code, response.json()["code"]) == (409, "not_applicant")
    api_client.force_authenticate(outsider_officer)
    assert api_client.get(f"/api/v1/dossiers/{code}/payment/").status_code == 404


def test_start_returns_the_gateway_url(paying, api_client):
    request = owing(paying)
    api_client.force_authenticate(paying.citizen)
    response = api_client.post(
        f"/api/v1/dossiers/{request.dossier.code}/payment/start/"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["amount"] == 50000
    assert body["redirect_url"].startswith("/thanh-toan/ngan-hang-thu-nghiem/?")
    assert "vnp_Amount=5000000" in body["redirect_url"]


def test_start_without_anything_owed_is_a_409(world, api_client):
    from tests.payments.conftest import received

    dossier = received(world)
    api_client.force_authenticate(world.citizen)
    response = api_client.post(f"/api/v1/dossiers/{dossier.code}/payment/start/")
    assert (response.status_code, response.json()["code"]) == (409, "nothing_owed")


def test_anonymous_reader_gets_a_401(paying, api_client):
    request = owing(paying)
    response = api_client.get(f"/api/v1/dossiers/{request.dossier.code}/payment/")
    assert response.status_code == 401


def test_receipt_verification_masks_the_payer(paying, api_client):
    request = owing(paying)
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    number = request.receipt.number
    response = api_client.get(f"/api/v1/receipts/{number}/")
    assert response.status_code == 200
    body = response.json()
    assert (body["amount"], body["valid"], body["dossier_code"]) == (
        50000,
        True,
        request.dossier.code,
    )
    assert body["payer"] != request.dossier.applicant_name
    assert api_client.get("/api/v1/receipts/NOPE-2026-000001/").status_code == 404


def test_reconciliation_api_is_for_staff_of_the_agency(
    paying, api_client, outsider_officer
):
    request = owing(paying)
    services.payment_record_counter(
        request_uuid=request.uuid, actor=paying.clerk, method="cash"
    )
    api_client.force_authenticate(paying.citizen)
    assert api_client.get("/api/v1/payments/reconciliation/").status_code == 403
    api_client.force_authenticate(paying.clerk)  # the collecting centre's clerk
    body = api_client.get("/api/v1/payments/reconciliation/").json()
    assert [(r["gateway"], r["receipts_total"]) for r in body["rows"]] == [
        ("counter", 50000)
    ]
    api_client.force_authenticate(paying.leader)  # the processing department's
    assert api_client.get("/api/v1/payments/reconciliation/").json()["rows"] == []
    api_client.force_authenticate(outsider_officer)
    assert api_client.get("/api/v1/payments/reconciliation/").status_code == 403
    response = api_client.get("/api/v1/payments/reconciliation/?day=2026-13-01")
    assert response.status_code == 403  # the role is checked before the input


def test_reconciliation_rejects_a_bad_day(paying, api_client):
    api_client.force_authenticate(paying.clerk)
    response = api_client.get("/api/v1/payments/reconciliation/?day=yesterday")
    assert response.status_code == 400
    assert "day" in response.json()["fields"]


def test_schema_describes_the_payment_endpoints(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    start = paths["/api/v1/dossiers/{code}/payment/start/"]["post"]["responses"]
    assert {"201", "401", "403", "404", "409"} <= set(start)
    ipn = paths["/api/v1/payments/ipn/{gateway}/"]
    assert {"get", "post"} <= set(ipn)
    assert "404" in ipn["get"]["responses"]
    assert "404" in paths["/api/v1/receipts/{number}/"]["get"]["responses"]


def test_ipn_through_the_api_answers_in_the_protocol(paying, api_client):
    request = owing(paying)
    api_client.force_authenticate(paying.citizen)
    reference = api_client.post(
        f"/api/v1/dossiers/{request.dossier.code}/payment/start/"
    ).json()["reference"]
    api_client.force_authenticate(None)
    params = signed_query(callback(reference, 50000))
    response = api_client.get("/api/v1/payments/ipn/sandbox/", params)
    assert response.json() == {"RspCode": "00", "Message": "Confirm Success"}


def test_an_ipn_body_that_is_not_an_object_is_an_unsigned_callback(api_client):
    response = api_client.post(
        "/api/v1/payments/ipn/sandbox/", [None, None], format="json"
    )
    assert response.status_code == 200
    assert response.json()["RspCode"] == "97"
