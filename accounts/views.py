from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import audit, services, tokens
from accounts.forms import ProfileForm, RegistrationForm
from accounts.models import AccountType, Role
from accounts.permissions import is_system_admin, roles_of
from accounts.types import AuthenticatedRequest
from core.exceptions import DomainError

ACCESS_LOG_PAGE = 50
# The order in which a staff member's dashboard panels appear.
PANEL_ORDER = [
    Role.CLERK,
    Role.OFFICER,
    Role.LEADER,
    Role.AGENCY_ADMIN,
    Role.SYSTEM_ADMIN,
]


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    """Registration answers the same whether or not the ID number or e-mail has an
    account already (accounts.services.registration_submit)."""
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        business = data["account_type"] == AccountType.BUSINESS
        try:
            services.registration_submit(
                account_type=data["account_type"],
                id_number=data["tax_code"] if business else data["national_id"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
                password=data["password1"],
                address=data["address"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            _attach_validation_error(form, error)
        else:
            return render(
                request, "accounts/register_done.html", {"email": data["email"]}
            )
    return render(request, "accounts/register.html", {"form": form})


@require_http_methods(["GET"])
def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        services.account_activate(uidb64=uidb64, token=token)
    except DomainError as error:
        return render(
            request, "accounts/activate.html", {"error": error.message}, status=400
        )
    messages.success(request, _("Tài khoản đã được kích hoạt. Mời bạn đăng nhập."))
    return redirect("accounts:login")


def _attach_validation_error(form: RegistrationForm, error: ValidationError) -> None:
    """Show a model or password validation error on the matching form field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        form.add_error("password1", error)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user=user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu thông tin cá nhân."))
            return redirect("accounts:profile")
    context = {"form": form, "tokens": tokens.tokens_active_for(user)}
    return render(request, "accounts/profile.html", context)


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    roles = roles_of(user)
    if is_system_admin(user):
        roles = roles | {Role.SYSTEM_ADMIN}
    panels = [role for role in PANEL_ORDER if role in roles]
    context = {
        "panels": panels,
        "role_labels": [Role(role).label for role in panels],
        "is_applicant": user.account_type != AccountType.STAFF,
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
@require_http_methods(["POST"])
def token_revoke(request: AuthenticatedRequest, token_id: str) -> HttpResponse:
    try:
        tokens.token_revoke(user=request.user, token_id=token_id)
    except DomainError as error:
        raise Http404(error.message) from error
    messages.success(request, _("Đã thu hồi khóa API."))
    return redirect("accounts:profile")


@login_required
@require_http_methods(["POST"])
def logout_everywhere(request: AuthenticatedRequest) -> HttpResponse:
    """End every session (this one too) and every API token of the person."""
    tokens.logout_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("Đã đăng xuất khỏi mọi thiết bị."))
    return redirect("accounts:login")


@login_required
def access_log(request: AuthenticatedRequest) -> HttpResponse:
    """The access log for leaders (their agencies' dossiers) and the system
    administrator (everything), newest first, by pages of keys (?before=<id>)."""
    if not audit.may_read_log(request.user):
        raise PermissionDenied
    rows = audit.access_log_for(request.user)
    code = request.GET.get("code", "").strip()
    if code:
        rows = rows.filter(object_type="dossier", object_ref=code)
    before = request.GET.get("before", "")
    if before.isdigit():
        rows = rows.filter(pk__lt=int(before))
    page = list(rows.order_by("-pk")[: ACCESS_LOG_PAGE + 1])
    context = {
        "rows": page[:ACCESS_LOG_PAGE],
        "next_before": page[ACCESS_LOG_PAGE - 1].pk
        if len(page) > ACCESS_LOG_PAGE
        else None,
        "code": code,
    }
    return render(request, "accounts/access_log.html", context)
