"""Login with the national electronic identity (VNeID), which speaks OpenID Connect.

Active only when OIDC_RP_CLIENT_ID is configured (docs/vneid.md): the pages
`/vneid/dang-nhap/` and `/vneid/xac-thuc/` answer 404 otherwise. mozilla-django-oidc
runs the code flow and checks the ID token's signature against the provider's keys
and its nonce; this module adds the checks it leaves out (issuer, audience, the
userinfo subject is the ID token's) and reads the VNeID claims: the national ID
number, the full name, the date of birth and the assurance level of the e-ID account.

A person is recognised by the national ID number only, never by name or e-mail. The
first login creates a verified citizen account without a password; a login to an
unverified account of that number verifies it and the person the e-ID proves takes it
over (accounts.services.account_verify); a staff account is never logged in this way.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from accounts import services, validators
from accounts.eid import eid_session_mark
from accounts.models import AccountType, User, VerificationMethod
from core.exceptions import DomainError

logger = logging.getLogger(__name__)
LEVEL_RE = re.compile(r"(\d)\s*$")


def national_id_of(claims: dict[str, Any]) -> str | None:
    """The valid national ID number in the claims, or None."""
    value = str(claims.get(settings.OIDC_NATIONAL_ID_CLAIM) or "").strip()
    try:
        validators.validate_national_id(value)
    except ValidationError:
        return None
    return value


def level_of(claims: dict[str, Any]) -> int | None:
    """The assurance level of the e-ID account: 1 or 2 (Decree 69/2024), read from
    a number or a string ending in the digit ("2", "level2", "vneid:loa:2")."""
    value = claims.get(settings.OIDC_ASSURANCE_CLAIM)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value in (1, 2) else None
    found = LEVEL_RE.search(str(value or ""))
    level = int(found.group(1)) if found else None
    return level if level in (1, 2) else None


def birth_date_of(claims: dict[str, Any]) -> date | None:
    """The date of birth: OpenID's YYYY-MM-DD, or the Vietnamese DD/MM/YYYY."""
    value = str(claims.get(settings.OIDC_BIRTH_DATE_CLAIM) or "").strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None


def name_of(claims: dict[str, Any]) -> str:
    return " ".join(str(claims.get(settings.OIDC_FULL_NAME_CLAIM) or "").split())


class NationalIdOIDCBackend(OIDCAuthenticationBackend):
    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is not for this portal.")
        issuer = settings.OIDC_OP_ISSUER
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        claims: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: userinfo about another subject is not used.
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo subject is not the ID token's.")
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        level = level_of(claims)
        return (
            national_id_of(claims) is not None
            and level is not None
            and level >= settings.VNEID_MIN_LEVEL
        )

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        national_id = national_id_of(claims)
        if national_id is None:
            return User.objects.none()
        return User.objects.filter(national_id=national_id)

    def create_user(self, claims: dict[str, Any]) -> User:
        national_id = national_id_of(claims) or ""
        # The login name is the number; one taken by another account (an old staff
        # login made of digits) is refused rather than shared.
        if User.objects.filter(username__iexact=national_id).exists():
            raise SuspiciousOperation("The login name is another account's.")
        return services.citizen_create_from_eid(
            national_id=national_id,
            full_name=name_of(claims),
            email=str(claims.get("email") or ""),
            phone=validators.normalize_phone(str(claims.get("phone_number") or "")),
            birth_date=birth_date_of(claims),
            level=level_of(claims),
        )

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        if user.account_type != AccountType.CITIZEN:
            raise SuspiciousOperation("Only citizens log in with VNeID.")
        # Contact details of a verified account are the citizen's own to edit. An
        # unverified account holding this ID number is taken over by the person the
        # e-ID proves (accounts.services.account_verify).
        if not user.is_verified:
            try:
                user = services.account_verify(
                    user=user,
                    method=VerificationMethod.EID,
                    full_name=name_of(claims),
                    channel="eid",
                    email=str(claims.get("email") or ""),
                    phone=_valid_phone(str(claims.get("phone_number") or "")),
                )
            except DomainError as error:
                raise SuspiciousOperation(error.code) from error
        return services.account_record_eid(
            user=user, birth_date=birth_date_of(claims), level=level_of(claims)
        )


def _valid_phone(value: str) -> str:
    phone = validators.normalize_phone(value)
    try:
        validators.validate_mobile_phone(phone)
    except ValidationError:
        return ""
    return phone


class VneidCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with the code."""

    def get(self, request: HttpRequest) -> HttpResponse:
        # A forged or foreign token, or a provider that cannot be reached, is a
        # failed login for the person, not an error page.
        try:
            response: HttpResponse = super().get(request)
        except (SuspiciousOperation, requests.RequestException):
            logger.warning("VNeID login refused", exc_info=True)
            return self.login_failure()
        return response

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        eid_session_mark(self.request, self.user.eid_level or 0)
        return response

    def login_failure(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "Đăng nhập bằng VNeID không thành công. Vui lòng thử lại hoặc đăng "
                "nhập bằng mật khẩu."
            ),
        )
        return HttpResponseRedirect(reverse("accounts:login"))


_start = OIDCAuthenticationRequestView.as_view()
_callback = VneidCallbackView.as_view()


def _configured() -> None:
    if not settings.OIDC_RP_CLIENT_ID:
        raise Http404("VNeID login is not configured.")


def vneid_login(request: HttpRequest) -> HttpResponse:
    """Send the browser to the provider (state, nonce and PKCE kept in the session)."""
    _configured()
    response: HttpResponse = _start(request)
    return response


def vneid_callback(request: HttpRequest) -> HttpResponse:
    _configured()
    response: HttpResponse = _callback(request)
    return response
