"""The claim of a walk-in dossier by a one-time code sent to its contact."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import VerificationMethod
from core.exceptions import DomainError
from identity import services
from identity.models import ClaimCode
from notifications.models import Channel, Notification
from tests.accounts.factories import CitizenFactory
from tests.concurrency import run_together
from tests.identity.conftest import VICTIM, walk_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    """The applicant's own account, unverified, under another spelling of the name."""
    return CitizenFactory(national_id=VICTIM.id_number, full_name="Hoa Nguyen")


def sent_code(dossier):
    """The code in the SMS the outbox wrote for the dossier."""
    sms = Notification.objects.get(dossier=dossier, kind="claim_code")
    return re.search(r"(?<![\d-])(\d{6})(?![\d-])", sms.text).group(1), sms


def test_code_goes_by_sms_to_the_phone_the_clerk_wrote(api_client, counter, person):
    dossier = walk_in(counter)
    api_client.force_authenticate(person)
    response = api_client.post(
        "/api/v1/claims/", {"code": dossier.code, "channel": "sms"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["recipient"] == "091****333"
    code, sms = sent_code(dossier)
    assert (sms.channel, sms.recipient, sms.status) == (
        Channel.SMS,
        "0912000333",
        "pending",
    )
    claim = ClaimCode.objects.get()
    assert claim.code_hash != code and len(claim.code_hash) == 64


def test_right_code_links_the_dossier_and_verifies_the_account(
    api_client, counter, person
):
    dossier = walk_in(counter)
    api_client.force_authenticate(person)
    claim_id = api_client.post(
        "/api/v1/claims/", {"code": dossier.code, "channel": "email"}, format="json"
    ).json()["id"]
    code, mail = sent_code(dossier)
    assert mail.recipient == "hoa@example.vn"

    response = api_client.post(
        f"/api/v1/claims/{claim_id}/confirm/", {"code": code}, format="json"
    )

    assert response.json() == {"dossier": dossier.code, "verified": True}
    dossier.refresh_from_db()
    person.refresh_from_db()
    assert dossier.owner == person
    assert person.verification_method == VerificationMethod.CODE
    assert person.full_name == "Nguyễn Thị Hoa"  # the name the clerk recorded
    assert api_client.get(f"/api/v1/dossiers/{dossier.code}/").status_code == 200
    again = api_client.post(
        f"/api/v1/claims/{claim_id}/confirm/", {"code": code}, format="json"
    )
    assert again.status_code == 400


def test_someone_elses_claim_is_not_found(api_client, counter, person):
    dossier = walk_in(counter)
    claim = services.claim_start(user=person, code=dossier.code, channel="sms")
    code, _sms = sent_code(dossier)
    api_client.force_authenticate(CitizenFactory())
    response = api_client.post(
        f"/api/v1/claims/{claim.uuid}/confirm/", {"code": code}, format="json"
    )
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.owner is None


def test_a_dossier_of_another_id_number_cannot_be_claimed(api_client, counter):
    dossier = walk_in(counter)
    api_client.force_authenticate(CitizenFactory())
    response = api_client.post(
        "/api/v1/claims/", {"code": dossier.code, "channel": "sms"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_claimable"
    assert not Notification.objects.filter(kind="claim_code").exists()


def test_wrong_codes_are_counted_and_the_limit_holds(counter, person, settings):
    settings.CLAIM_CODE_MAX_ATTEMPTS = 3
    dossier = walk_in(counter)
    claim = services.claim_start(user=person, code=dossier.code, channel="sms")
    code, _sms = sent_code(dossier)
    wrong = "000000" if code != "000000" else "111111"
    for _attempt in range(3):
        with pytest.raises(DomainError) as refused:
            services.claim_confirm(user=person, claim_id=claim.uuid, code=wrong)
        assert refused.value.code == "wrong_code"
    with pytest.raises(DomainError) as refused:
        services.claim_confirm(user=person, claim_id=claim.uuid, code=code)
    assert refused.value.code == "code_expired"
    claim.refresh_from_db()
    assert claim.attempts == 3


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_cannot_exceed_the_attempt_limit(counter, person, settings):
    settings.CLAIM_CODE_MAX_ATTEMPTS = 5
    dossier = walk_in(counter)
    claim = services.claim_start(user=person, code=dossier.code, channel="sms")
    code, _sms = sent_code(dossier)
    guesses = [f"{(int(code) + n + 1) % 10**6:06d}" for n in range(20)]

    outcomes = run_together(
        20,
        lambda i: services.claim_confirm(
            user=person, claim_id=claim.uuid, code=guesses[i]
        ),
    )

    evaluated = [o for o in outcomes if getattr(o, "code", "") == "wrong_code"]
    assert len(evaluated) == 5
    claim.refresh_from_db()
    assert claim.attempts == 5


def test_an_expired_code_is_refused(counter, person, settings):
    settings.CLAIM_CODE_TTL = 600
    dossier = walk_in(counter)
    claim = services.claim_start(user=person, code=dossier.code, channel="sms")
    code, _sms = sent_code(dossier)
    later = timezone.now() + timedelta(minutes=11)
    with time_machine.travel(later), pytest.raises(DomainError) as refused:
        services.claim_confirm(user=person, claim_id=claim.uuid, code=code)
    assert refused.value.code == "code_expired"


def test_codes_per_hour_are_limited(api_client, counter, person, settings):
    settings.CLAIM_CODES_PER_HOUR = 2
    dossier = walk_in(counter)
    api_client.force_authenticate(person)
    answers = [
        api_client.post(
            "/api/v1/claims/", {"code": dossier.code, "channel": "sms"}, format="json"
        )
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [201, 201, 400]
    assert answers[2].json()["code"] == "too_many_codes"


def test_claim_pages_link_the_dossier(client, counter, person):
    dossier = walk_in(counter)
    client.force_login(person)
    start = client.post(
        "/tai-khoan/xac-thuc/", {"code": dossier.code, "channel": "sms"}
    )
    assert start.status_code == 302
    confirm_url = start["Location"]
    page = client.get(confirm_url)
    assert "091****333" in page.content.decode()
    code, _sms = sent_code(dossier)
    wrong = client.post(confirm_url, {"otp": "999999" if code != "999999" else "1"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["otp"]
    done = client.post(confirm_url, {"otp": code})
    assert done.status_code == 302
    assert done["Location"] == f"/ho-so/{dossier.code}/"


def test_claim_page_shows_one_answer_for_a_foreign_dossier(client, counter):
    dossier = walk_in(counter)
    client.force_login(CitizenFactory())
    response = client.post(
        "/tai-khoan/xac-thuc/", {"code": dossier.code, "channel": "sms"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
