"""The public lookup of a dossier: its code plus the last digits of the applicant's
phone or ID number, so that a code seen on a paper does not reveal personal data.

"Not found" and "wrong digits" get the same answer. The limits per code and per
address are the service's (dossiers.services.lookup), shared with the API.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.client import client_address
from core.qr import qr_svg
from dossiers import display, selectors, services
from dossiers.forms import LookupForm
from dossiers.models import Dossier
from procedures import kiosk


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """`/tra-cuu/?code=…` shows the form with the code filled in (the QR code of the
    forms); `&verify=…` looks the dossier up."""
    return _lookup(request, "dossiers/lookup.html", {})


@never_cache
def kiosk_lookup(request: HttpRequest) -> HttpResponse:
    """The same lookup on the kiosk: large keys on screen, a QR code to follow the
    dossier on one's phone (the code only: the phone asks the digits again)."""
    return _lookup(request, "dossiers/kiosk_lookup.html", kiosk.idle_context())


def _lookup(
    request: HttpRequest, template: str, extra: Mapping[str, object]
) -> HttpResponse:
    if "verify" not in request.GET:
        form = LookupForm(initial={"code": request.GET.get("code", "")})
        return render(request, template, {"form": form, **extra})
    form = LookupForm(request.GET)
    if not form.is_valid():
        return render(request, template, {"form": form, **extra}, status=400)
    try:
        dossier = services.dossier_lookup_limited(
            code=form.cleaned_data["code"],
            verify=form.cleaned_data["verify"],
            address=client_address(request),
        )
    except services.LookupLimited as error:
        form.add_error(None, error.message)
        return render(request, template, {"form": form, **extra}, status=429)
    if dossier is None:
        form.add_error(
            None,
            _(
                "Không tìm thấy hồ sơ với mã và các chữ số đã nhập. Vui lòng kiểm tra "
                "lại mã hồ sơ trên giấy tiếp nhận và 4 chữ số cuối số điện thoại hoặc "
                "số CCCD / mã số thuế của người nộp."
            ),
        )
        return render(request, template, {"form": form, **extra}, status=404)
    return render(request, template, {**_found(form, dossier), **extra})


def _found(form: LookupForm, dossier: Dossier) -> dict[str, object]:
    now = timezone.now()
    phone_url = settings.SITE_URL.rstrip("/") + reverse("dossiers:lookup")
    phone_url += "?" + urlencode({"code": str(dossier.code)})
    return {
        "phone_url": phone_url,
        "qr": qr_svg(phone_url, _("Mã QR: theo dõi hồ sơ trên điện thoại")),
        "form": form,
        "dossier": dossier,
        "applicant": display.mask_name(dossier.applicant_name),
        "timeline": display.timeline(dossier, for_staff=False),
        "mark": display.due_mark(dossier, now, selectors.due_soon_limit(now)),
    }
