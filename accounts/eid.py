"""How the current session logged in: with VNeID (and at which assurance level) or not.

The VNeID callback (accounts/oidc.py) marks the session after the login; every
other login clears the mark (`user_logged_in`), so a password login in a session
that once used VNeID does not inherit it. Filing reads it (docs/vneid.md): a dossier
filed in a marked session is filed under a VNeID identity (indicator 4.5).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

SESSION_KEY = "eid_login_level"
SESSION_KEY_USER = "_auth_user_id"  # django.contrib.auth's own key


def eid_session_mark(request: HttpRequest, level: int) -> None:
    request.session[SESSION_KEY] = level


def eid_session_level(request: HttpRequest, user: Any) -> int | None:
    """The assurance level of the VNeID login of this session, if the session is
    `user`'s (an API call may carry a token of someone else with the cookie)."""
    session = getattr(request, "session", None)
    if session is None or session.get(SESSION_KEY_USER) != str(user.pk):
        return None
    level = session.get(SESSION_KEY)
    return level if isinstance(level, int) else None


def eid_session_clear(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """`user_logged_in` receiver: a new login starts without the mark."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)
