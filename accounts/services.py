"""Write use cases for users and roles."""

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import AccountType, Agency, Role, StaffRole, User
from accounts.permissions import forget_roles
from core.exceptions import DomainError


@transaction.atomic
def citizen_register(
    *,
    full_name: str,
    national_id: str,
    email: str,
    phone: str,
    password: str,
    address: str = "",
) -> User:
    """Create a citizen account; the national ID number is the login name."""
    return _applicant_create(
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
) -> User:
    """Create a business account; the tax code is the login name."""
    return _applicant_create(
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
    *, national_id: str, full_name: str, email: str, phone: str
) -> User:
    """Create the account of a citizen who logged in with the national e-ID.

    The e-ID vouches for the identity, so the account has no password; contact
    details that do not validate are left empty for the citizen to fill in.
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
    user.save()
    return user


def _applicant_create(*, username: str, password: str, **fields: str) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            "account_exists", _("Tài khoản với số giấy tờ này đã tồn tại.")
        )
    user = User(username=username, **fields)
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
) -> User:
    """Create a staff account in `agency` holding `roles`.

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
    staff_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def staff_set_roles(*, user: User, roles: Iterable[str]) -> None:
    """Replace the staff member's roles and the Django admin flags that follow them.

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
    StaffRole.objects.filter(user=user).exclude(role__in=wanted).delete()
    StaffRole.objects.bulk_create(
        [StaffRole(user=user, role=role) for role in wanted], ignore_conflicts=True
    )
    user.is_superuser = Role.SYSTEM_ADMIN in wanted
    user.is_staff = bool(wanted & {Role.SYSTEM_ADMIN, Role.AGENCY_ADMIN})
    user.save(update_fields=["is_superuser", "is_staff"])
    forget_roles(user)


@transaction.atomic
def profile_update(
    *, user: User, full_name: str, email: str, phone: str, address: str
) -> User:
    """Change the contact details a user may edit on their own profile."""
    user.full_name = full_name
    user.email = email
    user.phone = phone
    user.address = address
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "email", "phone", "address"])
    return user
