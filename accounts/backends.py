from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the login name (CCCD number, tax code, staff username) or e-mail."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        login = username.strip()
        user = User.objects.filter(
            Q(username__iexact=login) | Q(email__iexact=login) & ~Q(email="")
        ).first()
        if user is None:
            # Spend the time of a hash anyway so timing does not reveal accounts.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
