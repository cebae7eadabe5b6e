import pytest
from django.core.exceptions import ValidationError

from accounts import services
from accounts.models import AccountType, Role
from core.exceptions import DomainError
from tests.accounts.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def register(**overrides):
    data = {
        "full_name": "Nguyễn Văn An",
        "national_id": "068090001234",
        "email": "an@example.vn",
        "phone": "0912345678",
        "password": "Hoa-Mai-2026",
    }
    return services.citizen_register(**{**data, **overrides})


def test_citizen_registers_with_national_id_as_login(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = register()
    assert user.username == "068090001234"
    assert user.account_type == AccountType.CITIZEN
    assert user.check_password("Hoa-Mai-2026")
    assert user.password.startswith("argon2")


def test_registering_twice_is_refused():
    register()
    with pytest.raises(DomainError, match="đã tồn tại"):
        register(email="khac@example.vn")


def test_weak_password_is_refused():
    with pytest.raises(ValidationError):
        register(password="12345678")


def test_invalid_phone_is_refused():
    with pytest.raises(ValidationError) as error:
        register(phone="12345")
    assert "phone" in error.value.error_dict


def test_email_is_unique_ignoring_case():
    register()
    with pytest.raises(ValidationError):
        register(national_id="079185000001", email="AN@example.vn")


def test_business_registers_with_tax_code():
    user = services.business_register(
        full_name="Công ty TNHH A",
        tax_code="5800123456",
        email="a@example.vn",
        phone="0901234567",
        password="Hoa-Mai-2026",
    )
    assert user.username == "5800123456"
    assert user.account_type == AccountType.BUSINESS


def test_staff_roles_drive_admin_flags(agency):
    user = services.staff_create(
        username="cb",
        full_name="Cán Bộ",
        agency=agency,
        roles=[Role.AGENCY_ADMIN],
        granter=None,
    )
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    services.staff_set_roles(user=user, roles=[Role.SYSTEM_ADMIN], granter=None)
    user.refresh_from_db()
    assert user.is_superuser
    services.staff_set_roles(user=user, roles=[Role.OFFICER], granter=None)
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser
    assert set(user.roles.values_list("role", flat=True)) == {Role.OFFICER}


def test_unknown_role_is_refused(officer):
    with pytest.raises(DomainError):
        services.staff_set_roles(user=officer, roles=["king"], granter=None)


def test_citizen_cannot_get_roles():
    with pytest.raises(DomainError):
        services.staff_set_roles(
            user=CitizenFactory(), roles=[Role.CLERK], granter=None
        )
