"""A leader's approval produces a signed result that the applicant downloads and
the public verification page accepts; a changed copy fails."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AccessLog
from datastore.models import StoredDocument
from documents import pki
from documents.models import ElectronicResult
from documents.signing import SignatureStatus, pdf_verify
from documents.tasks import electronic_result_sign
from dossiers import services as dossier_services
from tests.accounts.factories import CitizenFactory
from tests.dossiers.conftest import act, advance, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(world, authority, sample_pdf):
    """A dossier whose result PDF the leader approved."""
    pki.agency_keys_save(authority, world.department)
    dossier = advance(world, draft(world), "processing")
    dossier_services.dossier_file_add(
        dossier=dossier,
        actor=world.officer,
        upload=SimpleUploadedFile("ket-qua.pdf", sample_pdf, "application/pdf"),
        kind="result",
    )
    dossier = act(dossier, "forward", world.officer)
    return act(dossier, "approve", world.leader)


def signed_bytes(result):
    with result.file.open("rb") as handle:
        return handle.read()


def test_approval_signs_the_result_once(approved, world):
    electronic_result_sign(approved.pk)
    electronic_result_sign(approved.pk)
    result = ElectronicResult.objects.get(dossier=approved)
    check = pdf_verify(signed_bytes(result))
    assert check.status == SignatureStatus.VALID
    assert check.signer == world.department.name
    assert result.agency == world.department


def test_the_signed_result_goes_to_the_applicant_s_data_store(approved, world):
    electronic_result_sign(approved.pk)
    electronic_result_sign(approved.pk)
    result = ElectronicResult.objects.get(dossier=approved)

    stored = StoredDocument.objects.get(source="result")
    assert stored.owner == world.citizen
    assert (stored.dossier_code, stored.sha256) == (approved.code, result.sha256)
    assert stored.title == f"Kết quả: {approved.procedure.name}"
    assert stored.valid_from == timezone.localdate(result.signed_at)
    with stored.file.open("rb") as handle:
        assert handle.read() == signed_bytes(result)


def test_a_dossier_not_yet_approved_is_not_signed(world, authority):
    dossier = advance(world, draft(world), "processing")
    electronic_result_sign(dossier.pk)
    assert not ElectronicResult.objects.filter(dossier=dossier).exists()


def test_the_verification_page_accepts_the_result_and_refuses_a_changed_copy(
    approved, client
):
    electronic_result_sign(approved.pk)
    result = ElectronicResult.objects.get(dossier=approved)
    data = signed_bytes(result)
    page = client.post(
        "/xac-thuc-van-ban/",
        {"file": SimpleUploadedFile("kq.pdf", data, "application/pdf")},
    )
    assert page.status_code == 200
    assert 'data-signature="valid"' in page.content.decode()
    assert approved.code in page.content.decode()
    changed = bytearray(data)
    changed[len(data) // 3] ^= 0x01
    page = client.post(
        "/xac-thuc-van-ban/",
        {"file": SimpleUploadedFile("kq.pdf", bytes(changed), "application/pdf")},
    )
    assert 'data-signature="invalid"' in page.content.decode()


def test_the_qr_code_opens_the_stored_result_check(approved, client):
    electronic_result_sign(approved.pk)
    result = ElectronicResult.objects.get(dossier=approved)
    page = client.get(f"/xac-thuc-van-ban/{result.uuid}/")
    assert page.status_code == 200
    assert 'data-signature="valid"' in page.content.decode()
    assert client.get("/xac-thuc-van-ban/not-a-uuid/").status_code == 404


def test_the_applicant_downloads_the_signed_result_and_others_get_404(
    approved,
    world,
    api_client,
):
    url = f"/api/v1/documents/results/{approved.code}/"
    api_client.force_authenticate(world.citizen)
    assert api_client.get(url).status_code == 404  # not signed yet
    electronic_result_sign(approved.pk)
    answer = api_client.get(url)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    body = b"".join(answer.streaming_content)
    assert pdf_verify(body).status == SignatureStatus.VALID
    api_client.force_authenticate(CitizenFactory())
    assert api_client.get(url).status_code == 404


def test_the_approval_queues_the_signing_once_committed(
    world, authority, sample_pdf, monkeypatch, django_capture_on_commit_callbacks
):
    from documents import tasks

    queued = []
    monkeypatch.setattr(tasks.electronic_result_sign, "delay", queued.append)
    pki.agency_keys_save(authority, world.department)
    dossier = advance(world, draft(world), "processing")
    dossier_services.dossier_file_add(
        dossier=dossier,
        actor=world.officer,
        upload=SimpleUploadedFile("ket-qua.pdf", sample_pdf, "application/pdf"),
        kind="result",
    )
    for action, actor, expected in [
        ("forward", world.officer, []),
        ("approve", world.leader, [dossier.pk]),
    ]:
        with django_capture_on_commit_callbacks() as callbacks:
            dossier = act(dossier, action, actor)
        for callback in callbacks:  # only ours: the others send messages
            if getattr(callback, "__qualname__", "").startswith("documents."):
                callback()
        assert queued == expected


def test_the_sweep_finds_approved_results_left_unsigned(approved):
    from datetime import timedelta

    from django.utils import timezone

    from documents.services.results import results_unsigned
    from dossiers.models import Dossier

    assert results_unsigned(older_than=timedelta(minutes=5)) == []  # too recent
    Dossier.objects.filter(pk=approved.pk).update(
        resolved_at=timezone.now() - timedelta(minutes=10)
    )
    assert results_unsigned(older_than=timedelta(minutes=5)) == [approved.pk]
    electronic_result_sign(approved.pk)
    assert results_unsigned(older_than=timedelta(minutes=5)) == []


def test_the_dossier_page_offers_the_signed_result_to_the_applicant(
    approved, world, client
):
    electronic_result_sign(approved.pk)
    client.force_login(world.citizen)
    page = client.get(f"/ho-so/{approved.code}/").content.decode()
    assert f"/ket-qua-dien-tu/{approved.code}/" in page
    answer = client.get(f"/ket-qua-dien-tu/{approved.code}/")
    assert answer.status_code == 200
    assert pdf_verify(b"".join(answer.streaming_content)).is_valid
    logged = AccessLog.objects.filter(object_ref=approved.code, action="download")
    assert list(logged.values_list("actor_id", "detail")) == [
        (world.citizen.pk, "electronic_result")
    ]
