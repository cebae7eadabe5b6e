"""How django-axes counts and answers failed logins (settings AXES_*).

Failures are counted per account and per client address (core.client). A login
name and the e-mail of the same account count as one account.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.models import User


def login_key(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account a login attempt aims at: its username, else what was typed."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    login = str(typed).strip().lower()
    if not login:
        return ""
    user = (
        User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .values_list("username", flat=True)
        .first()
    )
    return (user or login).lower()


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None,
    credentials: dict[str, Any] | None,
) -> HttpResponse:
    """429: JSON for the API, the lockout page for the site."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path.startswith("/api/"):
        message = _(
            "Đã nhập sai mật khẩu quá nhiều lần; đăng nhập tạm khóa %(minutes)s phút."
        ) % {"minutes": minutes}
        return JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    return render(request, "accounts/lockout.html", {"minutes": minutes}, status=429)
