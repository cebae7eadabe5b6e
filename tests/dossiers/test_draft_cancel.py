"""Cancelling a draft ("Hủy bản nháp"): said as such, and the draft leaves the list."""

import pytest
from django.urls import reverse

from dossiers.models import Dossier
from tests.dossiers.conftest import act, draft

pytestmark = pytest.mark.django_db


def test_a_cancelled_draft_leaves_the_citizens_page_and_api(client, world):
    kept, cancelled = draft(world), draft(world)
    client.force_login(world.citizen)
    review = client.get(reverse("dossiers:draft_review", args=[cancelled.reference]))
    assert ">Hủy bản nháp</button>" in review.content.decode()

    response = client.post(
        reverse("dossiers:act", args=[cancelled.reference, "withdraw"]), follow=True
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("dossiers:my_dossiers")
    assert "Đã hủy bản nháp hồ sơ" in page
    assert "Rút hồ sơ" not in page
    assert kept.reference in page and cancelled.reference not in page

    listed = client.get("/api/v1/dossiers/").json()["results"]
    assert [row["id"] for row in listed] == [kept.reference]
    detail = reverse("dossiers:detail", args=[cancelled.reference])
    assert client.get(detail).status_code == 404
    # Its history stays.
    cancelled = Dossier.objects.get(pk=cancelled.pk)
    assert cancelled.status == "withdrawn"
    assert cancelled.events.filter(action="withdraw").exists()


def test_a_submitted_dossier_is_still_withdrawn_and_listed(client, world):
    dossier = act(draft(world), "submit", world.citizen)
    act(dossier, "withdraw", world.citizen)
    client.force_login(world.citizen)
    page = client.get(reverse("dossiers:my_dossiers")).content.decode()
    assert dossier.code in page


def test_a_drafts_page_names_the_button_not_its_fields(client, world):
    dossier = draft(world)
    client.force_login(world.citizen)
    page = client.get(reverse("dossiers:detail", args=[dossier.reference]))
    html = page.content.decode()
    assert ">Hủy bản nháp</button>" in html
    # The fields keep their own labels (the button's name once leaked into them).
    assert "Lý do rút hồ sơ (không bắt buộc)" in html
    assert "Hủy bản nháp</label>" not in html
