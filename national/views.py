"""The reconciliation page: what has not reached the national portal, and why."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import has_role
from accounts.types import AuthenticatedRequest
from core.pagination import keyset_page
from dossiers.workflow import NATIONAL_STATUS, NATIONAL_STATUS_NAMES
from national import mapping, selectors, services
from national.forms import ReconciliationForm

PAGE_SIZE = 50


@login_required
@require_GET
def reconciliation(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.may_reconcile(request.user):
        raise Http404("Staff only.")
    form = ReconciliationForm(request.GET or None)
    valid = form.is_valid()
    state = form.cleaned_data.get("state", "") if valid else ""
    since = (form.cleaned_data.get("since") if valid else None) or (
        selectors.start_of_year()
    )
    rows = selectors.sync_list_for(request.user, state or "", since)
    # Page by key, not by number: no COUNT over the year's outbox on each visit.
    page = keyset_page(
        rows,
        after=request.GET.get("sau"),
        before=request.GET.get("truoc"),
        size=PAGE_SIZE,
        oldest_first=True,
    )
    context = {
        "form": form,
        "page": page,
        "summary": selectors.sync_summary_for(request.user, since),
        "status_names": NATIONAL_STATUS_NAMES,
        "may_retry": has_role(request.user, Role.AGENCY_ADMIN),
        "status_map": _status_map(),
        "field_map": {
            **mapping.DOSSIER_FIELDS,
            **{
                f"event: {ours}": f"progress: {theirs}"
                for ours, theirs in mapping.EVENT_FIELDS.items()
            },
        },
        "runs": selectors.catalogue_runs_for(request.user)[:5],
    }
    return render(request, "national/reconciliation.html", context)


def _status_map() -> list[tuple[str, int, str]]:
    return [
        (str(status.label), code, str(NATIONAL_STATUS_NAMES[code]))
        for status, code in NATIONAL_STATUS.items()
    ]


@login_required
@require_POST
def retry(request: AuthenticatedRequest, uuid: str) -> HttpResponse:
    if not has_role(request.user, Role.AGENCY_ADMIN):
        raise Http404("Administrators only.")
    row = selectors.sync_get_for(request.user, uuid)
    if services.sync_retry(sync_ids=[row.pk]):
        messages.success(request, _("Đã xếp sự kiện vào hàng đợi gửi lại."))
    else:
        messages.info(request, _("Sự kiện này không ở trạng thái lỗi hoặc bị từ chối."))
    return redirect("national:reconciliation")
