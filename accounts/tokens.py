"""API tokens: issued at login, listed and revoked by their owner, ended together.

Only the SHA-256 digest of a key is stored; the key is shown once. A token lives
API_TOKEN_TTL seconds and dies with the credentials it was issued under: a password
change or "log out everywhere" (a new security stamp) ends every token, and every
session, of the person (accounts.models.User._get_session_auth_hash).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User, new_security_stamp
from core.exceptions import NotFound

# Writing "last used" on every request would cost a write per API call.
LAST_USED_PRECISION = timedelta(minutes=5)


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token of `user` and its key (shown once, never stored)."""
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name[:80],
        key_digest=key_digest(key),
        prefix=key[:8],
        credentials_hash=user.get_session_auth_hash(),
        created_at=now,
        expires_at=now + timedelta(seconds=settings.API_TOKEN_TTL),
    )
    return token, key


def token_authenticate(key: str) -> ApiToken | None:
    """The valid token with this key, or None; notes when it was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_digest=key_digest(key))
        .first()
    )
    if token is None or not token.is_valid():
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def tokens_active_for(user: User) -> list[ApiToken]:
    """The person's tokens still usable, newest first."""
    tokens = ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("user")
    return [token for token in tokens if token.is_valid()]


def token_revoke(*, user: User, token_id: str) -> ApiToken:
    """Revoke one of `user`'s own tokens; another person's token is not found."""
    token = ApiToken.objects.filter(
        user=user, uuid=token_id, revoked_at__isnull=True
    ).first()
    if token is None:
        raise NotFound("not_found", _("Không tìm thấy khóa API."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def logout_everywhere(*, user: User) -> User:
    """End every session and API token of `user` (the caller logs the current
    session in again if it should stay)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.security_stamp = new_security_stamp()
    user.save(update_fields=["security_stamp"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return user
