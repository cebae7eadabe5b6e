"""Open data: the aggregated figures as JSON and CSV, parameters checked."""

import pytest
import time_machine

from tests.stats.worlds import at

pytestmark = pytest.mark.django_db

MAY = {"period": "month", "year": "2026", "month": "5"}


@pytest.fixture(autouse=True)
def _june_10():
    with time_machine.travel(at(6, 10, 10), tick=False):
        yield


def test_figures_of_the_department(api_client, may):
    params = MAY | {"agency": str(may.world.department.uuid)}
    response = api_client.get("/api/v1/stats/figures/", params)
    assert response.status_code == 200
    data = response.json()
    assert data["period"] == {
        "kind": "month", "start": "2026-05-01", "end": "2026-05-31",
        "label": "Tháng 5/2026",
    }  # fmt: skip
    figures = data["figures"]
    assert (figures["received"], figures["carried_over"], figures["resolved"]) == (
        11,
        2,
        7,
    )
    assert figures["on_time_rate"] == 71.43
    assert figures["online_payment_rate"] is None
    index = {item["code"]: item for item in figures["indicators"]}
    assert index["2.1"]["points"] == 12.73
    # The whole index, as on the report page: no feedback received (5.1).
    assert len(index) == 20
    assert index["5.1"]["rate"] is None
    assert index["5.1"]["denominator"] == 0


def test_figures_as_csv(api_client, may):
    params = MAY | {"agency": str(may.world.department.uuid)}
    # Its own operation: CSV whatever the Accept header asks for.
    response = api_client.get(
        "/api/v1/stats/figures/csv/", params, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("Tổng số hồ sơ tiếp nhận,11,")
    # The deprecated `format=csv` on the JSON operation answers the same.
    legacy = api_client.get("/api/v1/stats/figures/", params | {"format": "csv"})
    assert legacy.content == response.content


def test_a_bad_parameter_of_a_csv_operation_is_the_json_envelope(api_client, db):
    response = api_client.get("/api/v1/stats/report/csv/", {"period": "decade"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "validation"
    assert "period" in response.json()["fields"]


def test_breakdown_by_field_names_fields_by_slug(api_client, may):
    response = api_client.get("/api/v1/stats/breakdown/", MAY | {"by": "field"})
    groups = {g["key"]: g["figures"]["received_new"] for g in response.json()["groups"]}
    assert groups == {"ho-tich": 9, "chung-thuc": 1}


def test_breakdown_by_agency_uses_uuids(api_client, may):
    response = api_client.get("/api/v1/stats/breakdown/", MAY)
    keys = {g["key"] for g in response.json()["groups"]}
    assert keys == {str(may.world.department.uuid), str(may.commune.uuid)}


def test_months_and_report(api_client, may):
    months = api_client.get("/api/v1/stats/months/", MAY).json()["months"]
    assert months[-1]["month"] == "2026-05"
    assert months[-1]["figures"]["received_new"] == 10
    report = api_client.get("/api/v1/stats/report/", MAY).json()
    assert report["rows"][-1]["columns"][0] == 12  # 11 + the commune's 1
    assert report["rows"][-1]["total"] is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "week"}, "period"),
        ({"month": "13"}, "month"),
        ({"agency": "00000000-0000-0000-0000-000000000000"}, "agency"),
        ({"procedure": "không có"}, "procedure"),
        ({"period": "range", "start": "2026-05-10"}, "end"),
        ({"by": "officer"}, "by"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(api_client, db, params, field):
    url = "/api/v1/stats/breakdown/" if "by" in params else "/api/v1/stats/figures/"
    response = api_client.get(url, params)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_stats_endpoints_are_in_the_schema(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    for path in ("figures", "breakdown", "months", "report"):
        json_operation = schema["paths"][f"/api/v1/stats/{path}/"]["get"]
        csv_operation = schema["paths"][f"/api/v1/stats/{path}/csv/"]["get"]
        assert list(json_operation["responses"]["200"]["content"]) == [
            "application/json"
        ]
        assert list(csv_operation["responses"]["200"]["content"]) == ["text/csv"]
        assert "format" not in {p["name"] for p in json_operation["parameters"]}
