"""The public lookup of a dossier: its code plus the last digits of the applicant's
phone or ID number, so that a code seen on a paper does not reveal personal data.

"Not found" and "wrong digits" get the same answer. Failed attempts are counted in
the cache per address and code, and per address, and refused for a while past a limit.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from dossiers import display, selectors
from dossiers.forms import LookupForm
from dossiers.models import Dossier

# Failed attempts allowed per window: for one code from one address, and in all
# from one address (someone trying many codes).
LIMIT_PER_CODE = 5
LIMIT_PER_ADDRESS = 30
WINDOW_SECONDS = 15 * 60


def _keys(request: HttpRequest, code: str) -> tuple[str, str]:
    address = request.META.get("REMOTE_ADDR", "")
    return f"lookup-fail:{address}:{code}", f"lookup-fail:{address}"


def _blocked(keys: tuple[str, str]) -> bool:
    counts = cache.get_many(keys)
    per_code, per_address = (counts.get(key, 0) for key in keys)
    return per_code >= LIMIT_PER_CODE or per_address >= LIMIT_PER_ADDRESS


def _count_failure(keys: tuple[str, str]) -> None:
    for key in keys:
        # add() starts the window only once; incr() keeps its expiry.
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, WINDOW_SECONDS)


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """`/tra-cuu/?code=…` shows the form with the code filled in (the QR code of the
    forms); `&verify=…` looks the dossier up."""
    if "verify" not in request.GET:
        form = LookupForm(initial={"code": request.GET.get("code", "")})
        return render(request, "dossiers/lookup.html", {"form": form})
    form = LookupForm(request.GET)
    if not form.is_valid():
        return render(request, "dossiers/lookup.html", {"form": form}, status=400)
    code = form.cleaned_data["code"]
    keys = _keys(request, code)
    if _blocked(keys):
        form.add_error(
            None,
            _(
                "Bạn đã nhập sai quá nhiều lần. Vì an toàn thông tin, vui lòng thử "
                "lại sau 15 phút."
            ),
        )
        return render(request, "dossiers/lookup.html", {"form": form}, status=429)
    dossier = selectors.dossier_lookup(code=code, verify=form.cleaned_data["verify"])
    if dossier is None:
        _count_failure(keys)
        form.add_error(
            None,
            _(
                "Không tìm thấy hồ sơ với mã và các chữ số đã nhập. Vui lòng kiểm tra "
                "lại mã hồ sơ trên giấy tiếp nhận và 4 chữ số cuối số điện thoại hoặc "
                "số CCCD / mã số thuế của người nộp."
            ),
        )
        return render(request, "dossiers/lookup.html", {"form": form}, status=404)
    return render(request, "dossiers/lookup.html", _found(form, dossier))


def _found(form: LookupForm, dossier: Dossier) -> dict[str, object]:
    now = timezone.now()
    return {
        "form": form,
        "dossier": dossier,
        "applicant": display.mask_name(dossier.applicant_name),
        "timeline": display.timeline(dossier, for_staff=False),
        "mark": display.due_mark(dossier, now, selectors.due_soon_limit(now)),
    }
