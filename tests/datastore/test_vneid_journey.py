"""The issue's journey: a citizen logs in with VNeID against the test provider,
files a first dossier (their ID card goes to their data store), then files a second
one reusing the card from the store; the dossier is marked as filed under VNeID and
the clerk sees the reused paper."""

import pytest
from django.urls import reverse

from accounts.models import User
from dossiers.models import Dossier
from tests.dossiers.factories import PDF_BYTES, pdf
from tests.vneid import login

pytestmark = pytest.mark.django_db

CLAIMS = {
    "national_id": "068090001111",
    "name": "Trần Thị Hoa",
    "birthdate": "15/08/1988",
    "acr": "2",
    "phone_number": "0912000222",
}


def file_step_one(client, world, user):
    response = client.post(
        reverse("dossiers:file_online", args=[world.procedure.code]),
        {
            "processing_agency": world.department.pk,
            "applicant_name": user.full_name,
            "applicant_id_number": user.national_id,
            "applicant_phone": "0912000222",
            "applicant_address": "5 Trần Phú, Bảo Lộc",
            "delivery_method": "counter",
        },
    )
    assert response.status_code == 302
    return Dossier.objects.filter(owner=user).order_by("-pk").first()


def submit(client, dossier):
    response = client.post(
        reverse("dossiers:act", args=[dossier.reference, "submit"]), {"note": ""}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    return dossier


def test_a_vneid_citizen_files_reusing_a_paper_from_the_store(client, world, vneid):
    assert login(client, vneid, CLAIMS)["Location"] == "/bang-dieu-khien/"
    user = User.objects.get(national_id="068090001111")

    first = file_step_one(client, world, user)
    client.post(
        reverse("dossiers:draft_files", args=[first.reference]),
        {
            "component_1": pdf("to-khai.pdf"),
            "component_2": pdf("cccd.pdf", PDF_BYTES + b"% the card\n"),
        },
    )
    submit(client, first)
    store = client.get(reverse("datastore:list"))
    card = next(
        d for d in store.context["page"].object_list if d.kind == "identity_card"
    )

    second = file_step_one(client, world, user)
    page = reverse("dossiers:draft_files", args=[second.reference])
    response = client.post(
        page,
        {"component_1": pdf("to-khai-2.pdf"), "reuse_2": str(card.uuid)},
    )
    assert response.status_code == 302
    second = submit(client, second)

    assert (second.filed_with_eid, second.eid_level) == (True, 2)
    papers = second.files.order_by("component__position")
    assert [(f.component.position, f.is_reused) for f in papers] == [
        (1, False),
        (2, True),
    ]
    client.force_login(world.clerk)
    detail = client.get(reverse("dossiers:detail", args=[second.code]))
    page = detail.content.decode()
    assert "lấy từ kho dữ liệu" in page
    assert "tài khoản định danh điện tử VNeID mức 2" in page
