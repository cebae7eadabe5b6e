"""Login with the national electronic identity (VNeID), which speaks OpenID Connect.

Active only when OIDC_RP_CLIENT_ID is configured (docs/configuration.md). A person is
recognised by the national ID number claim; the first login creates a verified
citizen account without a password, and a login to an unverified account verifies it.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts import services, validators
from accounts.models import User, VerificationMethod


def national_id_of(claims: dict[str, Any]) -> str | None:
    """The valid national ID number in the claims, or None."""
    value = str(claims.get(settings.OIDC_NATIONAL_ID_CLAIM) or "").strip()
    try:
        validators.validate_national_id(value)
    except ValidationError:
        return None
    return value


class NationalIdOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return national_id_of(claims) is not None

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        national_id = national_id_of(claims)
        if national_id is None:
            return User.objects.none()
        return User.objects.filter(national_id=national_id)

    def create_user(self, claims: dict[str, Any]) -> User:
        return services.citizen_create_from_eid(
            national_id=national_id_of(claims) or "",
            full_name=str(claims.get("name") or ""),
            email=str(claims.get("email") or ""),
            phone=validators.normalize_phone(str(claims.get("phone_number") or "")),
        )

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        # Contact details of a verified account are the citizen's own to edit. An
        # unverified account holding this ID number is taken over by the person the
        # e-ID proves (accounts.services.account_verify).
        if user.is_verified:
            return user
        return services.account_verify(
            user=user,
            method=VerificationMethod.EID,
            full_name=str(claims.get("name") or ""),
            channel="eid",
            email=str(claims.get("email") or ""),
            phone=_valid_phone(str(claims.get("phone_number") or "")),
        )


def _valid_phone(value: str) -> str:
    phone = validators.normalize_phone(value)
    try:
        validators.validate_mobile_phone(phone)
    except ValidationError:
        return ""
    return phone
