from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import services
from accounts.forms import ProfileForm, RegistrationForm
from accounts.models import AccountType, Role
from accounts.permissions import is_system_admin, roles_of
from accounts.types import AuthenticatedRequest
from core.exceptions import DomainError

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
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "full_name": data["full_name"],
            "email": data["email"],
            "phone": data["phone"],
            "password": data["password1"],
            "address": data["address"],
        }
        try:
            if data["account_type"] == AccountType.BUSINESS:
                user = services.business_register(tax_code=data["tax_code"], **common)
            else:
                user = services.citizen_register(
                    national_id=data["national_id"], **common
                )
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            _attach_validation_error(form, error)
        else:
            login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
            messages.success(request, _("Đăng ký thành công. Chào mừng bạn!"))
            return redirect("accounts:dashboard")
    return render(request, "accounts/register.html", {"form": form})


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
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Đã lưu thông tin cá nhân."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


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
