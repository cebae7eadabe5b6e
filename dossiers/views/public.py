"""The public lookup of a dossier: its code plus the last digits of the applicant's
phone or ID number, so that a code seen on a paper does not reveal personal data.

"Not found" and "wrong digits" get the same answer. The limits per code and per
address are the service's (dossiers.services.lookup), shared with the API.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.client import client_address
from core.public_cache import shareable
from core.qr import qr_svg
from dossiers import display, lookup_cache, selectors, services
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
        page = services.lookup_limited(
            code=form.cleaned_data["code"],
            verify=form.cleaned_data["verify"],
            address=client_address(request),
            find=functools.partial(_found_page, request, template, form, extra),
        )
    except services.LookupLimited as error:
        form.add_error(None, error.message)
        return render(request, template, {"form": form, **extra}, status=429)
    if page is None:
        form.add_error(
            None,
            _(
                "Không tìm thấy hồ sơ với mã và các chữ số đã nhập. Vui lòng kiểm tra "
                "lại mã hồ sơ trên giấy tiếp nhận và 4 chữ số cuối số điện thoại hoặc "
                "số CCCD / mã số thuế của người nộp."
            ),
        )
        return render(request, template, {"form": form, **extra}, status=404)
    return HttpResponse(page)


def _found_page(
    request: HttpRequest,
    template: str,
    form: LookupForm,
    extra: Mapping[str, object],
    *,
    code: str,
    verify: str,
) -> bytes | None:
    """The page of the dossier found, from the cache when this very request was
    answered before (anonymous visitors: a signed-in one's page names them)."""
    shared = shareable(request)
    kept = lookup_cache.read(code) if shared else None
    key = lookup_cache.page_key(template, request.get_full_path(), get_language() or "")
    if kept is not None and (page := kept.page(key)) is not None:
        return page
    dossier = selectors.dossier_lookup(code=code, verify=verify)
    if dossier is None:
        return None
    now = timezone.now()
    page = render_to_string(
        template, {**_found(form, dossier, now), **extra}, request
    ).encode()
    if kept is not None and (lifetime := _unchanged_for(dossier, now)):
        lookup_cache.keep(kept, key, page, lifetime)
    return page


def _unchanged_for(dossier: Dossier, now: datetime) -> int:
    """Seconds the page stays true (0: do not keep it). Only its due mark moves
    with the clock, one way ("" → due soon → overdue): the same mark at both ends
    of a span means the same mark all through it."""
    mark = display.due_mark(dossier, now, selectors.due_soon_limit(now))
    for seconds in (lookup_cache.LIFETIME, 30):
        later = now + timedelta(seconds=seconds)
        if display.due_mark(dossier, later, selectors.due_soon_limit(later)) == mark:
            return seconds
    return 0


def _found(form: LookupForm, dossier: Dossier, now: datetime) -> dict[str, object]:
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
