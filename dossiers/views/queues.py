"""The staff work queues: one table per selector, paged, with the due marks.

Each page runs a fixed number of queries whatever its length: the selectors join
what a row shows, and the tabs count each queue once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import AnyUser, has_role, is_staff_member
from accounts.types import AuthenticatedRequest
from dossiers import display, selectors
from dossiers.forms import StaffSearchForm
from dossiers.models import Dossier

PAGE_SIZE = 25


@dataclass(frozen=True)
class Queue:
    slug: str
    section: str  # "counter" or "processing": which navigation entry it sits under
    title: Promise
    empty: Promise
    roles: frozenset[str]
    select: Callable[[AnyUser], QuerySet[Dossier]]

    @property
    def url(self) -> str:
        return reverse(f"dossiers:{self.section}_queue", kwargs={"slug": self.slug})


QUEUES = (
    Queue(
        "cho-tiep-nhan",
        "counter",
        _("Hồ sơ trực tuyến chờ tiếp nhận"),
        _("Không có hồ sơ trực tuyến nào chờ tiếp nhận."),
        frozenset({Role.CLERK}),
        selectors.reception_queue,
    ),
    Queue(
        "tra-ket-qua",
        "counter",
        _("Hồ sơ chờ trả kết quả"),
        _("Không có kết quả nào chờ trả."),
        frozenset({Role.CLERK}),
        selectors.results_to_return,
    ),
    Queue(
        "duoc-giao",
        "processing",
        _("Hồ sơ được giao cho tôi"),
        _("Bạn chưa được giao hồ sơ nào đang giải quyết."),
        frozenset({Role.OFFICER}),
        selectors.officer_worklist,
    ),
    Queue(
        "cho-phan-cong",
        "processing",
        _("Hồ sơ chờ phân công"),
        _("Không có hồ sơ nào chờ phân công."),
        frozenset({Role.LEADER}),
        selectors.assignment_queue,
    ),
    Queue(
        "cho-ky-duyet",
        "processing",
        _("Hồ sơ chờ ký duyệt"),
        _("Không có hồ sơ nào chờ ký duyệt."),
        frozenset({Role.LEADER}),
        selectors.approval_queue,
    ),
)
BY_SLUG = {queue.slug: queue for queue in QUEUES}


def queues_for(user: AnyUser, section: str | None = None) -> list[Queue]:
    return [
        queue
        for queue in QUEUES
        if (section is None or queue.section == section)
        and has_role(user, *queue.roles)
    ]


def mark_rows(dossiers: Any) -> None:
    """Set `mark` ("overdue", "due_soon" or "") on each dossier of a page."""
    now = timezone.now()
    soon = selectors.due_soon_limit(now)
    for dossier in dossiers:
        dossier.mark = display.due_mark(dossier, now, soon)


@login_required
def section_home(request: AuthenticatedRequest, section: str) -> HttpResponse:
    """`/tiep-nhan/` and `/xu-ly/` open the first queue of the user's roles."""
    available = queues_for(request.user, section)
    if not available:
        raise PermissionDenied
    return queue_page(request, available[0].slug)


@login_required
def queue_page(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    queue = BY_SLUG.get(slug)
    if queue is None or not has_role(request.user, *queue.roles):
        raise PermissionDenied
    page = Paginator(queue.select(request.user), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    mark_rows(page.object_list)
    tabs = [
        (tab, tab.select(request.user).count())
        for tab in queues_for(request.user, queue.section)
    ]
    return render(
        request,
        "dossiers/queue.html",
        {"queue": queue, "page": page, "tabs": tabs},
    )


@login_required
def staff_search(request: AuthenticatedRequest) -> HttpResponse:
    """Every dossier the staff member may see, newest first, by code or applicant."""
    if not is_staff_member(request.user):
        return redirect("dossiers:my_dossiers")
    form = StaffSearchForm(request.GET or None)
    dossiers = selectors.dossier_list_for(request.user)
    if form.is_valid() and form.cleaned_data["q"]:
        text = form.cleaned_data["q"].strip()
        dossiers = dossiers.filter(
            Q(code__icontains=text) | Q(applicant_name__icontains=text)
        )
    page = Paginator(dossiers.order_by("-created_at"), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    mark_rows(page.object_list)
    return render(request, "dossiers/staff_search.html", {"form": form, "page": page})
