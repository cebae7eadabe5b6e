"""Catalogue pages answer with a constant number of queries at 5,000 procedures."""

import pytest

from procedures.models import FeeItem, Procedure
from procedures.services import search_columns
from tests.procedures.factories import FieldFactory, ProcedureFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

COUNT = 5000


@pytest.fixture
def catalogue():
    fields = [FieldFactory(name=name) for name in ("Hộ tịch", "Đất đai", "Xây dựng")]
    names = ("Đăng ký khai sinh", "Cấp đổi Giấy chứng nhận đất đai", "Cấp giấy phép")
    procedures = []
    for number in range(COUNT):
        field = fields[number % 3]
        procedure = Procedure(
            code=f"8.{number:06d}.H36",
            name=f"{names[number % 3]} {number}",
            field=field,
            level_province=True,
        )
        procedure.search_name, procedure.search_text = search_columns(
            procedure, field.name
        )
        procedures.append(procedure)
    Procedure.objects.bulk_create(procedures, batch_size=1000)
    FeeItem.objects.bulk_create(
        FeeItem(procedure=p, position=1, name="Lệ phí", amount=8000) for p in procedures
    )
    return ProcedureFactory(name="Đăng ký khai sinh lưu động")


def test_search_page_api_and_detail_stay_constant_at_5000(
    client, api_client, catalogue, django_assert_max_num_queries
):
    assert Procedure.objects.count() == COUNT + 1
    with django_assert_max_num_queries(5):
        response = client.get("/thu-tuc/", {"q": "dang ky khai sinh", "page": "3"})
    assert response.status_code == 200
    with django_assert_max_num_queries(3):
        response = api_client.get(
            "/api/v1/procedures/", {"q": "dat dai", "page_size": "100"}
        )
    assert response.json()["count"] == 1667
    # procedure, components, channels, fee items, workflow, legal documents, agencies
    with django_assert_max_num_queries(7):
        assert client.get(f"/thu-tuc/{catalogue.code}/").status_code == 200
