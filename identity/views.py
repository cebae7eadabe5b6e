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
from identity import selectors, services
from identity.forms import ClaimConfirmForm, ClaimStartForm, CounterCheckForm


@login_required
@require_http_methods(["GET", "POST"])
def verification(request: AuthenticatedRequest) -> HttpResponse:
    """The account's identity: verified or not, how to prove it, and the claim of a
    walk-in dossier by a code sent to the contact written on it."""
    form = ClaimStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.claim_start(user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("identity:claim_confirm", claim_id=claim.uuid)
    context = {"form": form, "linkable": selectors.linkable_count(request.user)}
    return render(request, "identity/verification.html", context)


@login_required
@require_http_methods(["POST"])
def link_dossiers(request: AuthenticatedRequest) -> HttpResponse:
    linked = services.dossiers_link_verified(user=request.user)
    messages.success(request, _("Đã liên kết %(count)s hồ sơ.") % {"count": linked})
    return redirect("dossiers:my_dossiers")


@login_required
@require_http_methods(["GET", "POST"])
def claim_confirm(request: AuthenticatedRequest, claim_id: str) -> HttpResponse:
    claim = selectors.claim_get_for(request.user, claim_id)
    form = ClaimConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.claim_confirm(
                user=request.user,
                claim_id=claim_id,
                code=form.cleaned_data["otp"],
                request=request,
            )
        except DomainError as error:
            form.add_error("otp", error.message)
        else:
            messages.success(
                request,
                _("Hồ sơ %(code)s đã được liên kết với tài khoản của bạn.")
                % {"code": dossier.code},
            )
            return redirect("dossiers:detail", dossier.code)
    context = {"form": form, "claim": claim, "recipient": selectors.masked(claim)}
    return render(request, "identity/claim_confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def counter_check(request: AuthenticatedRequest) -> HttpResponse:
    """A clerk verifies a person's account after checking their ID card."""
    if not has_role(request.user, Role.CLERK):
        raise PermissionDenied
    form = CounterCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "checked"}
        try:
            user = services.account_verify_at_counter(
                clerk=request.user, channel="page", request=request, **data
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Đã xác thực tài khoản %(login)s.") % {"login": user.username},
            )
            return redirect("identity:counter_check")
    return render(request, "identity/counter_check.html", {"form": form})
