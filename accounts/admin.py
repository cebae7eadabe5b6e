from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    UserChangeForm,
    UsernameField,
)
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.admin_scope import AgencyScopedAdmin
from accounts.models import (
    AccessLog,
    AccountType,
    Agency,
    AgencySuccession,
    Role,
    User,
)
from accounts.permissions import (
    grantable_roles,
    is_system_admin,
    may_manage_user,
    role_change_problem,
    roles_of,
)


class SuccessionInline(admin.TabularInline):
    model = AgencySuccession
    fk_name = "successor"
    raw_id_fields = ["predecessor"]
    extra = 0
    verbose_name = _("đơn vị cũ được sáp nhập")
    verbose_name_plural = _("đơn vị cũ được sáp nhập")


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdmin):
    agency_field = "id"
    list_display = ["name", "identifier", "admin_unit_code", "level", "kind", "parent"]
    list_filter = ["level", "kind", ("valid_until", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name", "identifier", "admin_unit_code"]
    raw_id_fields = ["parent"]
    readonly_fields = ["uuid"]
    inlines = [SuccessionInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "level", "kind", "parent", "uuid"]}),
        (_("Mã"), {"fields": ["identifier", "admin_unit_code", "unit_type"]}),
        (
            _("Liên hệ"),
            {"fields": ["address", "phone", "opening_hours", "email", "website"]},
        ),
        (_("Thời gian hoạt động"), {"fields": ["valid_from", "valid_until"]}),
    ]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class GrantRuleMixin(forms.ModelForm):
    """Shows the grant rule's refusal as a form error; the service enforces it."""

    granter: User | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = self.instance
        if target.pk is None:  # the staff member being created, with their agency
            target = User(account_type=AccountType.STAFF, agency=data.get("agency"))
        if "roles" in data and target.is_staff_member:
            problem = role_change_problem(self.granter, target, data["roles"])
            if problem:
                self.add_error("roles", problem)
        return data


class PortalUserChangeForm(GrantRuleMixin, UserChangeForm):
    roles = RolesField(label=_("Vai trò"), choices=Role.choices, required=False)

    class Meta:
        model = User
        # As Django's UserChangeForm: the admin's fieldsets choose what is shown.
        fields = "__all__"  # noqa: DJ007
        field_classes = {"username": UsernameField}


class PortalUserCreationForm(GrantRuleMixin, AdminUserCreationForm):
    roles = RolesField(label=_("Vai trò"), choices=Role.choices, required=False)

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "agency"]
        field_classes = {"username": UsernameField}


@admin.register(User)
class UserAdmin(AgencyScopedAdmin, DjangoUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    list_display = ["username", "full_name", "account_type", "agency", "is_active"]
    list_filter = ["account_type", "is_active", "roles__role"]
    search_fields = ["username", "full_name", "email", "national_id", "tax_code"]
    ordering = ["full_name"]
    raw_id_fields = ["agency"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (
            _("Thông tin cá nhân"),
            {
                "fields": [
                    "full_name",
                    "account_type",
                    "national_id",
                    "tax_code",
                    "email",
                    "phone",
                    "address",
                ]
            },
        ),
        (_("Công tác"), {"fields": ["agency", "position", "roles"]}),
        (_("Trạng thái"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "full_name",
                    "email",
                    "agency",
                    "roles",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    readonly_fields = [
        "last_login",
        "date_joined",
        "verified_at",
        "verification_method",
        "verified_by",
    ]

    @admin.display(description=_("Vai trò"))
    def role_names(self, user: User) -> str:
        return ", ".join(str(Role(role).label) for role in sorted(roles_of(user)))

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            # Read only: the roles are shown as text (the form field is absent).
            fieldsets = [
                (title, {**options, "fields": _read_only(options["fields"])})
                for title, options in fieldsets
            ]
        if obj is not None and not obj.is_staff_member:
            fieldsets.append(
                (
                    _("Xác thực danh tính"),
                    {"fields": ["verified_at", "verification_method", "verified_by"]},
                )
            )
        return fieldsets

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Agency administrators change only the staff whose roles are theirs to
        grant (accounts.permissions.may_manage_user): not themselves, not a leader
        or another administrator, whose password they could otherwise reset."""
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_manage_user(request.user, obj)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[User]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        granter = cast(User, request.user)
        form.granter = granter  # type: ignore[attr-defined]
        # Offered: the roles the administrator may grant, and those the user holds.
        offered = grantable_roles(granter) | (roles_of(obj) if obj else frozenset())
        roles_field = cast(forms.MultipleChoiceField, form.base_fields["roles"])
        roles_field.choices = [c for c in Role.choices if c[0] in offered]
        if obj is not None:
            roles_field.initial = sorted(roles_of(obj))
        return form

    def save_model(
        self, request: HttpRequest, obj: User, form: forms.ModelForm[User], change: bool
    ) -> None:
        if not change:
            obj.account_type = AccountType.STAFF
        super().save_model(request, obj, form, change)
        if obj.account_type == AccountType.STAFF:
            services.staff_set_roles(
                user=obj,
                roles=form.cleaned_data["roles"],
                granter=cast(User, request.user),
                channel="admin",
                request=request,
            )


def _read_only(fields: Any) -> list[Any]:
    return ["role_names" if name == "roles" else name for name in fields]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read only, for the system administrator: rows are never changed."""

    list_display = ["at", "actor", "action", "channel", "object_type", "object_ref"]
    list_filter = ["action", "channel", "object_type"]
    search_fields = ["object_ref", "actor__username"]
    list_select_related = ["actor"]
    show_full_result_count = False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_system_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_system_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
