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
from accounts.models import AccountType, Agency, AgencySuccession, Role, User
from accounts.permissions import is_system_admin, roles_of


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
        (_("Liên hệ"), {"fields": ["address", "phone", "email", "website"]}),
        (_("Thời gian hoạt động"), {"fields": ["valid_from", "valid_until"]}),
    ]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class PortalUserChangeForm(UserChangeForm):
    roles = RolesField(label=_("Vai trò"), choices=Role.choices, required=False)

    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"username": UsernameField}


class PortalUserCreationForm(AdminUserCreationForm):
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
    readonly_fields = ["last_login", "date_joined"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[User]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        allowed = Role.choices
        if not is_system_admin(request.user):
            # Agency administrators cannot create system administrators.
            allowed = [c for c in Role.choices if c[0] != Role.SYSTEM_ADMIN]
        roles_field = cast(forms.MultipleChoiceField, form.base_fields["roles"])
        roles_field.choices = allowed
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
            services.staff_set_roles(user=obj, roles=form.cleaned_data["roles"])
