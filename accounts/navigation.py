"""The main navigation, by role."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.audit import may_read_log
from accounts.models import AccountType, Role
from accounts.permissions import AnyUser, has_role, may_see_dashboard


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str


def navigation_for(user: AnyUser) -> list[NavItem]:
    items = [
        NavItem(_("Trang chủ"), reverse("home")),
        NavItem(_("Thủ tục hành chính"), reverse("procedures:catalogue")),
        NavItem(_("Tra cứu hồ sơ"), reverse("dossiers:lookup")),
        NavItem(_("Tiến độ giải quyết"), reverse("stats:public")),
        NavItem(_("Phản ánh, kiến nghị"), reverse("feedback:public_list")),
    ]
    if not user.is_authenticated:
        return items
    items.append(NavItem(_("Bảng điều khiển"), reverse("accounts:dashboard")))
    items += _dossier_items(user)
    if may_see_dashboard(user):
        items.append(NavItem(_("Thống kê"), reverse("stats:dashboard")))
    if may_read_log(user):
        items.append(NavItem(_("Nhật ký truy cập"), reverse("accounts:access_log")))
    if getattr(user, "account_type", None) == AccountType.STAFF:
        items.append(NavItem(_("Thông báo"), reverse("notifications:notices")))
    if user.is_staff:
        items.append(NavItem(_("Quản trị"), reverse("admin:index")))
    return items


def _dossier_items(user: AnyUser) -> list[NavItem]:
    items = []
    if getattr(user, "account_type", None) in (
        AccountType.CITIZEN,
        AccountType.BUSINESS,
    ):
        items.append(NavItem(_("Hồ sơ của tôi"), reverse("dossiers:my_dossiers")))
        items.append(NavItem(_("Phản ánh của tôi"), reverse("feedback:mine")))
        items.append(NavItem(_("Kho dữ liệu"), reverse("datastore:list")))
    if has_role(user, Role.CLERK):
        items.append(NavItem(_("Tiếp nhận"), reverse("dossiers:counter")))
    if has_role(user, Role.OFFICER, Role.LEADER):
        items.append(NavItem(_("Xử lý hồ sơ"), reverse("dossiers:processing")))
    if has_role(user, Role.CLERK, Role.OFFICER, Role.LEADER):
        items.append(NavItem(_("Xử lý phản ánh"), reverse("feedback:worklist")))
    if has_role(user, Role.CLERK, Role.OFFICER, Role.LEADER):
        items.append(NavItem(_("Văn bản"), reverse("documents:inbox")))
    return items
