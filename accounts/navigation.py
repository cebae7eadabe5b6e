"""The main navigation, by role."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.permissions import AnyUser


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str


def navigation_for(user: AnyUser) -> list[NavItem]:
    items = [NavItem(_("Trang chủ"), reverse("home"))]
    if not user.is_authenticated:
        return items
    items.append(NavItem(_("Bảng điều khiển"), reverse("accounts:dashboard")))
    if user.is_staff:
        items.append(NavItem(_("Quản trị"), reverse("admin:index")))
    return items
