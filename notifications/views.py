"""Pages of notifications: the in-app notices, the preference, and the SMS
gateway's delivery-report webhook."""

import hmac
import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.types import AuthenticatedRequest
from notifications import selectors, services
from notifications.forms import PreferenceForm

logger = logging.getLogger(__name__)
NOTICES_PER_PAGE = 20
# Provider statuses that end a message's journey (docs/notifications.md).
DELIVERED = frozenset({"delivered", "delivrd"})
UNDELIVERED = frozenset({"failed", "undelivered", "undeliv", "expired", "rejected"})


@login_required
@require_http_methods(["GET", "POST"])
def notices(request: AuthenticatedRequest) -> HttpResponse:
    """The user's in-app notices; posting marks them all read."""
    if request.method == "POST":
        services.notices_mark_read(user=request.user)
        return redirect("notifications:notices")
    page = Paginator(selectors.notices_for(request.user), NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "unread": selectors.unread_count(request.user)}
    return render(request, "notifications/notices.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    current = selectors.preference_for(request.user)
    form = PreferenceForm(request.POST or None, initial={"channels": current.channels})
    if request.method == "POST" and form.is_valid():
        services.preference_set(
            user=request.user, channels=form.cleaned_data["channels"]
        )
        messages.success(request, _("Đã lưu cách nhận thông báo."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt
@require_POST
def sms_delivery_report(request: HttpRequest) -> JsonResponse:
    """The SMS provider reports a message delivered or not.

    Authenticated by the shared secret in the `X-Webhook-Secret` header. An unknown
    message id answers 404, so a report that overtakes our own record is retried.
    """
    secret = settings.SMS_WEBHOOK_SECRET
    given = request.headers.get("X-Webhook-Secret", "")
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        return JsonResponse({"detail": "forbidden"}, status=403)
    try:
        report = json.loads(request.body)
        message_id = str(report["message_id"])
        status = str(report["status"]).lower()
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"detail": "expected message_id and status"}, status=400)
    if status not in DELIVERED | UNDELIVERED:
        return JsonResponse({"result": "ignored"})
    known = services.notification_delivery_report(
        message_id=message_id,
        delivered=status in DELIVERED,
        error=str(report.get("error") or status),
    )
    if not known:
        logger.info("Delivery report for an unknown SMS %s.", message_id[:64])
        return JsonResponse({"detail": "unknown message_id"}, status=404)
    return JsonResponse({"result": "recorded"})
