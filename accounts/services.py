"""Write use cases for users, roles and verified identities."""

from collections.abc import Iterable
from datetime import date
from functools import partial

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import (
    AccessAction,
    AccountType,
    Agency,
    Role,
    StaffRole,
    User,
    VerificationMethod,
    new_security_stamp,
)
from accounts.permissions import forget_roles, role_change_problem
from core.exceptions import DomainError


class GrantNotAllowed(DomainError):
    """The granter may not give or withdraw these roles (answered as 403)."""

    status_code = 403


@transaction.atomic
def citizen_register(
    *,
    full_name: str,
    national_id: str,
    email: str,
    phone: str,
    password: str,
    address: str = "",
    active: bool = True,
) -> User:
    """Create a citizen account; the national ID number is the login name.

    The account is unverified: its ID number and name are only claimed until
    `account_verify` records a proof.
    """
    return _applicant_create(
        active=active,
        username=national_id,
        account_type=AccountType.CITIZEN,
        full_name=full_name,
        email=email,
        phone=phone,
        password=password,
        address=address,
        national_id=national_id,
    )


@transaction.atomic
def business_register(
    *,
    full_name: str,
    tax_code: str,
    email: str,
    phone: str,
    password: str,
    address: str = "",
    active: bool = True,
) -> User:
    """Create a business account, unverified; the tax code is the login name."""
    return _applicant_create(
        active=active,
        username=tax_code,
        account_type=AccountType.BUSINESS,
        full_name=full_name,
        email=email,
        phone=phone,
        password=password,
        address=address,
        tax_code=tax_code,
    )


@transaction.atomic
def citizen_create_from_eid(
    *,
    national_id: str,
    full_name: str,
    email: str,
    phone: str,
    birth_date: date | None = None,
    level: int | None = None,
) -> User:
    """Create the account of a citizen who logged in with the national e-ID.

    The e-ID vouches for the identity, so the account has no password and is
    verified; contact details that do not validate are left empty for the citizen
    to fill in.
    """
    user = User(
        username=national_id,
        national_id=national_id,
        full_name=full_name or national_id,
        account_type=AccountType.CITIZEN,
    )
    user.set_unusable_password()
    user.email = "" if User.objects.filter(email__iexact=email).exists() else email
    user.phone = phone
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        user.email = "" if "email" in error.message_dict else user.email
        user.phone = "" if "phone" in error.message_dict else user.phone
        user.full_clean(exclude=["password"])
    user.verified_at = timezone.now()
    user.verification_method = VerificationMethod.EID
    user.birth_date = birth_date
    user.eid_level = level
    user.save()
    audit.access_record(
        actor=user,
        action=AccessAction.VERIFY,
        channel="eid",
        object_type="accounts.user",
        object_ref=user.username,
        detail=VerificationMethod.EID,
    )
    return user


def _applicant_create(
    *, username: str, password: str, active: bool, **fields: str
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            "account_exists", _("Tài khoản với số giấy tờ này đã tồn tại.")
        )
    user = User(username=username, is_active=active, **fields)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def staff_create(
    *,
    username: str,
    full_name: str,
    agency: Agency,
    roles: Iterable[str],
    email: str = "",
    phone: str = "",
    position: str = "",
    password: str | None = None,
    granter: User | None,
    channel: str = "command",
) -> User:
    """Create a staff account in `agency` holding `roles`, granted by `granter`
    (None: the system) under the grant rule of `staff_set_roles`.

    Without a password the account cannot log in until a password reset.
    """
    user = User(
        username=username,
        full_name=full_name,
        account_type=AccountType.STAFF,
        agency=agency,
        email=email,
        phone=phone,
        position=position,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    staff_set_roles(user=user, roles=roles, granter=granter, channel=channel)
    return user


@transaction.atomic
def staff_set_roles(
    *,
    user: User,
    roles: Iterable[str],
    granter: User | None,
    channel: str = "command",
    request: HttpRequest | None = None,
) -> None:
    """Replace the staff member's roles and the Django admin flags that follow them.

    The one writer of roles (admin, API, commands): `granter` may change only the
    roles theirs to grant (accounts.permissions.role_change_problem; None is the
    system itself), and every grant and withdrawal is written to the access log.
    Administrators reach the Django admin (is_staff); system administrators hold
    every permission there (is_superuser).
    """
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise DomainError(
            "unknown_role",
            _("Vai trò không hợp lệ: %(roles)s")
            % {"roles": ", ".join(sorted(unknown))},
        )
    if user.account_type != AccountType.STAFF:
        raise DomainError(
            "not_staff", _("Chỉ cán bộ, công chức mới được giao vai trò.")
        )
    problem = role_change_problem(granter, user, wanted)
    if problem:
        raise GrantNotAllowed("grant_not_allowed", problem)
    current = set(StaffRole.objects.filter(user=user).values_list("role", flat=True))
    StaffRole.objects.filter(user=user).exclude(role__in=wanted).delete()
    StaffRole.objects.bulk_create(
        [StaffRole(user=user, role=role) for role in wanted], ignore_conflicts=True
    )
    for action, changed in (
        (AccessAction.ROLE_GRANT, wanted - current),
        (AccessAction.ROLE_REVOKE, current - wanted),
    ):
        for role in sorted(changed):
            audit.access_record(
                actor=granter,
                action=action,
                channel=channel,
                object_type="accounts.user",
                object_ref=user.username,
                detail=role,
                request=request,
            )
    user.is_superuser = Role.SYSTEM_ADMIN in wanted
    user.is_staff = bool(wanted & {Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN})
    user.save(update_fields=["is_superuser", "is_staff"])
    forget_roles(user)


@transaction.atomic
def profile_update(
    *, user: User, full_name: str, email: str, phone: str, address: str
) -> User:
    """Change the contact details a user may edit on their own profile; the name
    of a verified account is its verified identity and stays."""
    if user.is_verified and full_name != user.full_name:
        raise DomainError(
            "verified_name",
            _("Họ tên đã được xác thực; liên hệ Bộ phận Một cửa để sửa."),
        )
    user.full_name = full_name
    user.email = email
    user.phone = phone
    user.address = address
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "email", "phone", "address"])
    return user


@transaction.atomic
def account_verify(
    *,
    user: User,
    method: str,
    full_name: str,
    by: User | None = None,
    channel: str,
    phone: str | None = None,
    email: str | None = None,
    request: HttpRequest | None = None,
) -> User:
    """Record a proof of `user`'s identity: the ID number and `full_name` are now
    verified. The one writer of the verification fields; locks the user row.

    An account still unverified was set up by whoever typed the ID number first.
    When the person proves it by e-ID or at the counter, that person takes the
    account over: the password is cleared, every session and token ends, the
    contacts become the ones proved now, and an account never activated is
    activated. A code sent to a contact on a dossier proves the holder of the
    password is that person, so nothing is cleared.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.account_type == AccountType.STAFF:
        raise DomainError("not_applicant", _("Tài khoản cán bộ không cần xác thực."))
    if method not in VerificationMethod.values:
        raise DomainError("method", _("Cách xác thực không hợp lệ."))
    fields = ["full_name", "verified_at", "verification_method", "verified_by"]
    if not user.is_verified and method in {
        VerificationMethod.EID,
        VerificationMethod.COUNTER,
    }:
        _take_over(user, phone=phone or "", email=email or "")
        fields += ["password", "security_stamp", "phone", "email", "is_active"]
    user.full_name = full_name.strip() or user.full_name
    user.verified_at = timezone.now()
    user.verification_method = method
    user.verified_by = by
    user.full_clean(exclude=["password"])
    user.save(update_fields=fields)
    audit.access_record(
        actor=by or user,
        action=AccessAction.VERIFY,
        channel=channel,
        object_type="accounts.user",
        object_ref=user.username,
        detail=method,
        request=request,
    )
    return user


def account_record_eid(
    *, user: User, birth_date: date | None, level: int | None
) -> User:
    """Keep what this VNeID login said: the assurance level of the e-ID account (it
    may have risen since the last login) and the date of birth the e-ID vouches for."""
    user.birth_date = birth_date or user.birth_date
    user.eid_level = level
    user.save(update_fields=["birth_date", "eid_level"])
    return user


def _take_over(user: User, *, phone: str, email: str) -> None:
    user.set_unusable_password()
    user.security_stamp = new_security_stamp()
    # A registration never activated by its maker must not lock the person out.
    user.is_active = True
    user.phone = phone
    taken = User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
    user.email = "" if taken else email


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Links that activate a newly registered account, once (is_active is hashed)."""

    key_salt = "accounts.services.ActivationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


activation_tokens = ActivationTokenGenerator()


@transaction.atomic
def registration_submit(
    *,
    account_type: str,
    id_number: str,
    full_name: str,
    email: str,
    phone: str,
    password: str,
    address: str = "",
) -> User | None:
    """A registration from the public page; the page answers the same whatever
    happens here, so nobody learns whether an ID number or e-mail has an account.

    When the number or the e-mail belongs to an account, its owner is told by mail
    and nothing is created (None). Otherwise the account is created inactive and
    unverified, and an activation link is mailed to the e-mail given. The password
    is checked first, so that its errors cannot tell the two cases apart.
    """
    validate_password(
        password, User(username=id_number, full_name=full_name, email=email)
    )
    owners = list(
        User.objects.filter(
            Q(username__iexact=id_number) | Q(email__iexact=email) & ~Q(email="")
        )
    )
    if owners:
        for owner in owners:
            transaction.on_commit(partial(_mail, owner, "registration_exists"))
        return None
    common = {"full_name": full_name, "email": email, "phone": phone}
    if account_type == AccountType.BUSINESS:
        user = business_register(
            tax_code=id_number,
            password=password,
            address=address,
            active=False,
            **common,
        )
    else:
        user = citizen_register(
            national_id=id_number,
            password=password,
            address=address,
            active=False,
            **common,
        )
    transaction.on_commit(partial(_mail, user, "activation"))
    return user


def _mail(user: User, template: str) -> None:
    if not user.email:
        return
    context = {
        "user": user,
        "site": settings.SITE_URL.rstrip("/"),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": activation_tokens.make_token(user),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


@transaction.atomic
def account_activate(*, uidb64: str, token: str) -> User:
    """Activate the account of a registration link; a wrong or used link is refused."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, UnicodeDecodeError):
        pk = 0
    user = User.objects.select_for_update().filter(pk=pk, is_active=False).first()
    if user is None or not activation_tokens.check_token(user, token):
        raise DomainError(
            "activation", _("Đường dẫn kích hoạt không đúng, đã dùng hoặc đã hết hạn.")
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
