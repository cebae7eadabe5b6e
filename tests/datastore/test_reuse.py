"""The citizen's data store: what goes in, what filing offers from it, the copy a
dossier takes, and what the clerk sees (docs/datastore.md)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from core.exceptions import DomainError, TransitionNotAllowed
from datastore.models import StoredDocument
from dossiers import services
from dossiers.models import DossierFile
from tests.accounts.factories import CitizenFactory
from tests.dossiers.conftest import act
from tests.dossiers.factories import PDF_BYTES, pdf

pytestmark = pytest.mark.django_db

ID_CARD = PDF_BYTES + b"% cccd\n"


def new_draft(world, owner=None):
    owner = owner or world.citizen
    return services.dossier_create_online(
        owner=owner,
        procedure=world.procedure,
        processing_agency=world.department,
        applicant=services.Applicant.of_user(owner),
    )


def component(world, position):
    return world.procedure.components.get(position=position)


def id_card_in_store(world, owner=None):
    """A first dossier whose ID card upload lands in the owner's store."""
    owner = owner or world.citizen
    services.dossier_file_add(
        dossier=new_draft(world, owner),
        actor=owner,
        upload=pdf("cccd.pdf", ID_CARD),
        component=component(world, 2),
    )
    return StoredDocument.objects.get(owner=owner, sha256__isnull=False)


def test_uploads_of_the_applicant_are_kept_once_with_their_kind(world):
    document = id_card_in_store(world)
    # The same card again, on another dossier: still one document.
    services.dossier_file_add(
        dossier=new_draft(world),
        actor=world.citizen,
        upload=pdf("cccd-lan-2.pdf", ID_CARD),
        component=component(world, 2),
    )
    # The declaration ("Tờ khai") is kept too, but offered for nothing.
    services.dossier_file_add(
        dossier=new_draft(world),
        actor=world.citizen,
        upload=pdf("to-khai.pdf"),
        component=component(world, 1),
    )

    rows = list(
        StoredDocument.objects.order_by("pk").values_list(
            "kind", "title", "source", "original_name"
        )
    )
    assert rows == [
        ("identity_card", "Giấy tờ tùy thân", "upload", "cccd.pdf"),
        ("form", "Tờ khai", "upload", "to-khai.pdf"),
    ]
    assert document.valid_until is None
    with document.file.open("rb") as handle:
        assert handle.read() == ID_CARD


def test_scans_of_the_clerk_do_not_go_to_anyone_s_store(world):
    services.dossier_intake(
        clerk=world.clerk,
        procedure=world.procedure,
        processing_agency=world.department,
        applicant=services.Applicant.of_user(world.citizen),
        components=[
            (component(world, 1), pdf("to-khai.pdf")),
            (component(world, 2), pdf("quet.pdf", ID_CARD)),
        ],
    )
    assert not StoredDocument.objects.exists()


def test_filing_offers_the_stored_card_and_attaches_a_copy(client, world):
    document = id_card_in_store(world)
    dossier = new_draft(world)
    client.force_login(world.citizen)
    page = reverse("dossiers:draft_files", args=[dossier.reference])

    form = client.get(page).context["form"]
    # Offered for the ID paper only, never for the declaration.
    assert "reuse_1" not in form.fields
    assert [key for key, _label in form.fields["reuse_2"].choices] == [
        "",
        str(document.uuid),
    ]

    response = client.post(page, {"reuse_2": str(document.uuid)})

    assert response["Location"] == reverse(
        "dossiers:draft_review", args=[dossier.reference]
    )
    attached = dossier.files.get()
    assert (attached.component.position, attached.is_reused) == (2, True)
    assert attached.reused_from == document
    assert attached.file.name != document.file.name  # the dossier's own copy
    with attached.file.open("rb") as handle:
        assert handle.read() == ID_CARD
    assert StoredDocument.objects.count() == 1  # a reuse is not stored again


def test_the_clerk_sees_which_papers_were_reused(client, world):
    document = id_card_in_store(world)
    dossier = new_draft(world)
    services.dossier_file_add(
        dossier=dossier,
        actor=world.citizen,
        upload=pdf("to-khai.pdf"),
        component=component(world, 1),
    )
    services.dossier_file_reuse(
        dossier=dossier,
        actor=world.citizen,
        component=component(world, 2),
        document=document,
    )
    dossier = act(dossier, "submit", world.citizen)
    client.force_login(world.clerk)

    page = client.get(reverse("dossiers:detail", args=[dossier.code]))

    rows = {row.position: row for row in page.context["components"]}
    assert [f.is_reused for f in rows[1].files] == [False]
    assert [f.is_reused for f in rows[2].files] == [True]
    assert page.content.decode().count("lấy từ kho dữ liệu") == 1


def test_an_expired_paper_is_neither_offered_nor_taken(client, world):
    document = id_card_in_store(world)
    document.valid_from, document.valid_until = date(2016, 1, 31), date(2026, 1, 31)
    document.save()
    dossier = new_draft(world)
    client.force_login(world.citizen)

    with time_machine.travel(date(2026, 2, 1)):
        page = client.get(reverse("dossiers:draft_files", args=[dossier.reference]))
        assert "reuse_2" not in page.context["form"].fields
        with pytest.raises(DomainError) as refused:
            services.dossier_file_reuse(
                dossier=dossier,
                actor=world.citizen,
                component=component(world, 2),
                document=document,
            )
    assert refused.value.code == "reuse_expired"


def test_a_paper_of_another_kind_or_another_person_is_refused(world):
    document = id_card_in_store(world)
    dossier = new_draft(world)
    with pytest.raises(DomainError) as wrong_kind:
        services.dossier_file_reuse(
            dossier=dossier,
            actor=world.citizen,
            component=component(world, 1),
            document=document,
        )
    assert wrong_kind.value.code == "reuse_kind"

    stranger = CitizenFactory()
    with pytest.raises(TransitionNotAllowed):
        services.dossier_file_reuse(
            dossier=new_draft(world, stranger),
            actor=stranger,
            component=component(world, 2),
            document=document,
        )
    assert not DossierFile.objects.filter(is_reused=True).exists()


def test_the_api_offers_and_reuses_by_the_same_rules(api_client, world):
    document = id_card_in_store(world)
    dossier = new_draft(world)
    api_client.force_authenticate(world.citizen)
    url = f"/api/v1/dossiers/{dossier.reference}/files/reuse/"

    offers = api_client.get(url).json()
    assert [(o["component"], [d["id"] for d in o["documents"]]) for o in offers] == [
        (2, [str(document.uuid)])
    ]

    wrong = api_client.post(
        url, {"component": 1, "document": str(document.uuid)}, format="json"
    )
    assert wrong.status_code == 400
    assert "document" in wrong.json()

    response = api_client.post(
        url, {"component": 2, "document": str(document.uuid)}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["component"], response.json()["is_reused"]) == (2, True)

    other = CitizenFactory()
    api_client.force_authenticate(other)
    theirs = new_draft(world, other)
    response = api_client.post(
        f"/api/v1/dossiers/{theirs.reference}/files/reuse/",
        {"component": 2, "document": str(document.uuid)},
        format="json",
    )
    assert response.status_code == 400  # not in their store: nothing to take


def test_deleting_a_stored_paper_leaves_the_dossier_s_copy(client, world):
    document = id_card_in_store(world)
    dossier = new_draft(world)
    services.dossier_file_reuse(
        dossier=dossier,
        actor=world.citizen,
        component=component(world, 2),
        document=document,
    )
    client.force_login(world.citizen)

    response = client.post(reverse("datastore:delete", args=[document.uuid]))

    assert response["Location"] == reverse("datastore:list")
    assert not StoredDocument.objects.exists()
    copy = dossier.files.get(component__position=2)
    assert (copy.is_reused, copy.reused_from) == (True, None)


def test_the_owner_sets_how_long_a_paper_is_valid(client, world):
    document = id_card_in_store(world)
    client.force_login(world.citizen)
    page = reverse("datastore:detail", args=[document.uuid])

    bad = client.post(page, {"valid_from": "2026-05-01", "valid_until": "2026-04-01"})
    assert bad.status_code == 200 and "valid_until" in bad.context["form"].errors

    client.post(page, {"valid_from": "2021-05-01", "valid_until": "2036-05-01"})
    document.refresh_from_db()
    assert (document.valid_from, document.valid_until) == (
        date(2021, 5, 1),
        date(2036, 5, 1),
    )
