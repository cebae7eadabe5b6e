"""The one-stop counter: a walk-in dossier is checked, scanned, coded and received."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.permissions import has_role
from accounts.types import AuthenticatedRequest
from core.exceptions import DomainError
from dossiers import services
from dossiers.forms import IntakeForm, ProcedureSearchForm
from procedures.selectors import procedure_catalogue, procedure_get_public

SEARCH_RESULTS = 15


def _clerk_only(request: AuthenticatedRequest) -> None:
    if not has_role(request.user, Role.CLERK):
        raise PermissionDenied


@login_required
def intake_search(request: AuthenticatedRequest) -> HttpResponse:
    """Find the procedure the walk-in applicant asks for."""
    _clerk_only(request)
    form = ProcedureSearchForm(request.GET or None)
    results = []
    if form.is_valid() and form.cleaned_data["q"]:
        results = list(
            procedure_catalogue(query=form.cleaned_data["q"])[:SEARCH_RESULTS]
        )
    return render(
        request,
        "dossiers/intake_search.html",
        {"form": form, "results": results, "searched": form.is_bound},
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: AuthenticatedRequest, procedure_code: str) -> HttpResponse:
    _clerk_only(request)
    procedure = procedure_get_public(code=procedure_code)
    form = IntakeForm(request.POST or None, request.FILES or None, procedure=procedure)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_intake(
                clerk=request.user,
                procedure=procedure,
                processing_agency=form.cleaned_data["processing_agency"],
                applicant=form.applicant(form.cleaned_data["applicant_kind"]),
                components=form.scans(),
                **form.delivery(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Đã tiếp nhận hồ sơ %(code)s. In giấy tiếp nhận và hẹn trả kết quả.")
                % {"code": dossier.code},
            )
            return redirect("dossiers:detail", reference=dossier.reference)
    return render(
        request, "dossiers/intake.html", {"procedure": procedure, "form": form}
    )
