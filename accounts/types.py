from django.http import HttpRequest

from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view that requires login: its user is a real User."""

    user: User
