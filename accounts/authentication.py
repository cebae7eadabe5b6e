from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` with the portal's expiring, revocable tokens."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # Imported here: DRF loads this class while rest_framework.views is being
        # imported, and accounts.tokens needs core.exceptions, which imports it.
        from accounts import tokens

        token = tokens.token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("Khóa API không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
            )
        return token.user, token
