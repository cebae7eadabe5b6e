"""Pages of citizens and businesses: online filing in three steps, their dossiers."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.eid import eid_session_level
from accounts.models import Role
from accounts.permissions import has_role
from accounts.types import AuthenticatedRequest
from core.exceptions import DomainError
from datastore.selectors import reusable_for
from dossiers import pdf, selectors, services
from dossiers.forms import (
    ComponentFilesForm,
    OnlineFilingForm,
    RatingForm,
    upload_help,
)
from dossiers.models import ApplicantKind, Dossier
from dossiers.views.common import (
    add_component_files,
    component_rows,
    is_applicant,
    render_detail,
    reuse_stored_documents,
    with_fields,
)
from dossiers.workflow import DossierStatus
from procedures.selectors import procedure_get_public

PAGE_SIZE = 20


@login_required
@require_http_methods(["GET", "POST"])
def file_online(request: AuthenticatedRequest, procedure_code: str) -> HttpResponse:
    """Step 1: who files, which agency resolves, how the result comes back."""
    procedure = procedure_get_public(code=procedure_code)
    if not is_applicant(request.user) or not procedure.files_online:
        return render(
            request,
            "dossiers/file_online_unavailable.html",
            {
                "procedure": procedure,
                "is_clerk": has_role(request.user, Role.CLERK),
            },
        )
    form = OnlineFilingForm(
        request.POST or None,
        procedure=procedure,
        initial=OnlineFilingForm.initial_for(request.user),
    )
    if request.method == "POST" and form.is_valid():
        business = request.user.account_type == "business"
        kind = ApplicantKind.BUSINESS if business else ApplicantKind.PERSON
        try:
            dossier = services.dossier_create_online(
                owner=request.user,
                procedure=procedure,
                processing_agency=form.cleaned_data["processing_agency"],
                applicant=form.applicant(kind),
                eid_level=eid_session_level(request, request.user),
                **form.delivery(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("dossiers:draft_files", reference=dossier.reference)
    return render(
        request,
        "dossiers/file_online.html",
        {"procedure": procedure, "form": form, "step": 1},
    )


def _own_draft(request: AuthenticatedRequest, reference: str) -> Dossier:
    dossier = selectors.dossier_get_for(request.user, reference)
    if dossier.owner_id != request.user.pk or dossier.status != DossierStatus.DRAFT:
        raise Http404("Not a draft of this user.")
    return dossier


@login_required
@require_http_methods(["GET", "POST"])
def draft_files(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """Step 2: one upload per paper; a refused file says why and the others stay."""
    dossier = _own_draft(request, reference)
    form = ComponentFilesForm(
        request.POST or None,
        request.FILES or None,
        procedure=dossier.procedure,
        reusable=reusable_for(
            request.user, dossier.procedure.components.filter(is_note=False)
        ),
    )
    if request.method == "POST" and form.is_valid():
        reused = reuse_stored_documents(
            form=form, dossier=dossier, actor=request.user, reuses=form.reuses()
        )
        stored = add_component_files(
            form=form, dossier=dossier, actor=request.user, uploads=form.uploads()
        )
        if stored and reused:
            return redirect("dossiers:draft_review", reference=dossier.reference)
        dossier = _own_draft(request, reference)
    return render(
        request,
        "dossiers/draft_files.html",
        {
            "dossier": dossier,
            "form": form,
            "rows": with_fields(
                component_rows(dossier, list(dossier.files.all())), form
            ),
            "upload_help": upload_help(),
            "step": 2,
        },
    )


@login_required
def draft_review(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """Step 3: everything on one page, then submit (the `submit` action)."""
    dossier = _own_draft(request, reference)
    return render(
        request,
        "dossiers/draft_review.html",
        {
            "dossier": dossier,
            "rows": component_rows(dossier, list(dossier.files.all())),
            "missing": dossier.missing_components(),
            "step": 3,
        },
    )


@login_required
def submitted(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    """The acknowledgement of an online dossier: its code, printable, with a QR code
    of the public lookup."""
    dossier = selectors.dossier_get_for(request.user, reference)
    if dossier.status == DossierStatus.DRAFT:
        return redirect("dossiers:draft_review", reference=dossier.reference)
    lookup = request.build_absolute_uri(lookup_path(dossier.code or ""))
    return render(
        request,
        "dossiers/submitted.html",
        {
            "dossier": dossier,
            "lookup_url": lookup,
            "qr": _qr(lookup),
            "rows": component_rows(dossier, list(dossier.files.all())),
        },
    )


def lookup_path(code: str) -> str:
    """The public lookup with the code filled in, as the QR codes on forms open it."""
    return f"{reverse('dossiers:lookup')}?{urlencode({'code': code})}"


def _qr(url: str) -> str:
    return pdf.qr_svg(url)


@login_required
def my_dossiers(request: AuthenticatedRequest) -> HttpResponse:
    dossiers = selectors.dossier_list_for(request.user).filter(owner=request.user)
    status = request.GET.get("trang-thai", "")
    if status in DossierStatus.values:
        dossiers = dossiers.filter(status=status)
    page = Paginator(dossiers.order_by("-created_at"), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "dossiers/my_dossiers.html",
        {"page": page, "statuses": DossierStatus.choices, "status": status},
    )


@login_required
@require_POST
def rate(request: AuthenticatedRequest, reference: str) -> HttpResponse:
    dossier = selectors.dossier_get_for(request.user, reference)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_submit(
                dossier=dossier,
                actor=request.user,
                scores=form.score_values(),
                contacts=form.cleaned_data["contacts"],
                agencies_contacted=form.cleaned_data["agencies_contacted"],
                one_stop=form.cleaned_data["one_stop"],
                comment=form.cleaned_data["comment"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Cảm ơn bạn đã đánh giá."))
            return redirect("dossiers:detail", reference=dossier.reference)
    return render_detail(request, dossier, rating_form=form)
