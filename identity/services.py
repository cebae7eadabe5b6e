"""Proving a citizen's identity, and linking counter dossiers to verified accounts.

- `claim_start` / `claim_confirm`: a logged-in citizen or business asks for a code
  sent to the phone or e-mail written on a walk-in dossier under their own ID
  number; typing it back links the dossier to the account and verifies the
  account (the holder of the password holds the contact the clerk recorded).
- `account_verify_at_counter`: a clerk checks the ID card at the counter.
- `dossiers_link_verified`: the walk-in dossiers of a verified account's identity
  (ID number and name) that nobody owns yet are linked to it.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts import services as accounts_services
from accounts import validators
from accounts.models import AccountType, Role, User, VerificationMethod
from accounts.permissions import has_role
from core.exceptions import DomainError, NotFound, TransitionNotAllowed
from dossiers.models import Dossier
from dossiers.workflow import DossierStatus
from identity.models import ClaimChannel, ClaimCode
from notifications import services as notifications
from procedures.models import Channel


def code_hash(claim_uuid: str, code: str) -> str:
    salt = "identity.ClaimCode"
    return salted_hmac(salt, f"{claim_uuid}:{code}", algorithm="sha256").hexdigest()


def _not_claimable() -> DomainError:
    # One answer for every reason, so the form tells nothing about other dossiers.
    return DomainError(
        "not_claimable",
        _(
            "Không thể nhận hồ sơ này bằng tài khoản của bạn. Kiểm tra mã hồ sơ, hoặc "
            "tra cứu hồ sơ bằng mã và số điện thoại."
        ),
    )


@transaction.atomic
def claim_start(*, user: User, code: str, channel: str) -> ClaimCode:
    """Send a one-time code to the contact on the walk-in dossier `code`.

    The dossier must be a counter dossier nobody owns, filed under the user's own
    ID number. Locks the user row to count the codes of the last hour atomically;
    the SMS or e-mail is an outbox row sent on commit.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.account_type == AccountType.STAFF or not user.id_number:
        raise _not_claimable()
    if channel not in ClaimChannel.values:
        raise DomainError("channel", _("Kênh nhận mã không hợp lệ."))
    hour_ago = timezone.now() - timedelta(hours=1)
    if (
        ClaimCode.objects.filter(user=user, created_at__gte=hour_ago).count()
        >= settings.CLAIM_CODES_PER_HOUR
    ):
        raise DomainError(
            "too_many_codes", _("Bạn đã yêu cầu quá nhiều mã; thử lại sau một giờ.")
        )
    dossier = _claimable(code, user)
    recipient = (
        dossier.applicant_phone
        if channel == ClaimChannel.SMS
        else dossier.applicant_email
    )
    if not recipient.strip():
        raise DomainError(
            "no_contact", _("Hồ sơ không ghi liên hệ này; chọn cách nhận mã khác.")
        )
    return _issue(user, dossier, channel, recipient)


def _claimable(code: str, user: User) -> Dossier:
    dossier = (
        Dossier.objects.select_related(
            "procedure", "processing_agency", "receiving_agency"
        )
        .filter(code=code.strip(), channel=Channel.COUNTER, owner__isnull=True)
        .exclude(status=DossierStatus.DRAFT)
        .first()
    )
    if dossier is None or dossier.applicant_id_number != user.id_number:
        raise _not_claimable()
    return dossier


def _issue(user: User, dossier: Dossier, channel: str, recipient: str) -> ClaimCode:
    otp = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    claim = ClaimCode(
        user=user,
        dossier=dossier,
        channel=channel,
        recipient=recipient,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.CLAIM_CODE_TTL),
    )
    claim.code_hash = code_hash(str(claim.uuid), otp)
    claim.save(force_insert=True)
    notifications.notify_address(
        channel=channel,
        recipient=recipient,
        template="applicant/claim_code",
        key=f"claim:{claim.uuid}",
        user=user,
        dossier=dossier,
        code=dossier.code,
        otp=otp,
        minutes=settings.CLAIM_CODE_TTL // 60,
    )
    return claim


def claim_confirm(
    *, user: User, claim_id: str, code: str, request: HttpRequest | None = None
) -> Dossier:
    """Check the typed code; when right, link the dossier and verify the account.

    The attempt is counted first by a conditional UPDATE committed on its own, so
    that neither a wrong code's error nor parallel guesses can get past
    CLAIM_CODE_MAX_ATTEMPTS. Another person's claim is not found.
    """
    claim = ClaimCode.objects.filter(uuid=claim_id, user=user).first()
    if claim is None:
        raise NotFound("not_found", _("Không tìm thấy yêu cầu nhận hồ sơ."))
    counted = ClaimCode.objects.filter(
        pk=claim.pk,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
        attempts__lt=settings.CLAIM_CODE_MAX_ATTEMPTS,
    ).update(attempts=F("attempts") + 1)
    if not counted:
        raise DomainError(
            "code_expired",
            _("Mã đã hết hạn, đã dùng hoặc nhập sai quá số lần; hãy yêu cầu mã mới."),
        )
    digits = "".join(character for character in code if character.isdigit())
    if not constant_time_compare(claim.code_hash, code_hash(str(claim.uuid), digits)):
        raise DomainError("wrong_code", _("Mã xác nhận không đúng."))
    return _claim_complete(claim, request)


@transaction.atomic
def _claim_complete(claim: ClaimCode, request: HttpRequest | None) -> Dossier:
    if not ClaimCode.objects.filter(pk=claim.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    ):
        raise DomainError("code_expired", _("Mã đã được dùng."))
    dossier = Dossier.objects.select_for_update().get(pk=claim.dossier_id)
    if dossier.owner_id is not None:
        raise _not_claimable()
    user = claim.user
    if not user.is_verified:
        user = accounts_services.account_verify(
            user=user,
            method=VerificationMethod.CODE,
            full_name=dossier.applicant_name,
            channel="page" if request else "api",
            request=request,
        )
    dossier.owner = user
    dossier.save(update_fields=["owner", "updated_at"])
    dossiers_link_verified(user=user)
    return dossier


@transaction.atomic
def account_verify_at_counter(
    *,
    clerk: User,
    id_number: str,
    full_name: str,
    phone: str,
    email: str = "",
    channel: str,
    request: HttpRequest | None = None,
) -> User:
    """A clerk has checked the person's ID card (or business registration) at the
    counter: the account of that number is verified with the name on the card,
    taken over if it was unverified (accounts.services.account_verify), and the
    person's walk-in dossiers are linked to it. Recorded with the clerk's name."""
    if not has_role(clerk, Role.CLERK):
        raise TransitionNotAllowed(
            "role", _("Chỉ cán bộ một cửa được xác thực tài khoản tại quầy.")
        )
    user = (
        User.objects.filter(
            Q(national_id=id_number.strip()) | Q(tax_code=id_number.strip())
        )
        .exclude(account_type=AccountType.STAFF)
        .first()
    )
    if user is None:
        raise DomainError(
            "no_account",
            _("Chưa có tài khoản với số giấy tờ này; công dân cần đăng ký trước."),
        )
    user = accounts_services.account_verify(
        user=user,
        method=VerificationMethod.COUNTER,
        full_name=full_name,
        by=clerk,
        channel=channel,
        phone=validators.normalize_phone(phone),
        email=email,
        request=request,
    )
    dossiers_link_verified(user=user)
    return user


def dossiers_link_verified(*, user: User) -> int:
    """Link to `user` the walk-in dossiers nobody owns that name the user's verified
    identity (ID number and name); returns how many."""
    if not user.is_verified or not user.id_number:
        return 0
    candidates = Dossier.objects.filter(
        applicant_id_number=user.id_number,
        channel=Channel.COUNTER,
        owner__isnull=True,
    ).only("pk", "applicant_name")
    ids = [
        dossier.pk
        for dossier in candidates
        if validators.same_name(dossier.applicant_name, user.full_name)
    ]
    return Dossier.objects.filter(pk__in=ids, owner__isnull=True).update(owner=user)
