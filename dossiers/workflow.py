"""The dossier state machine: the only definition of statuses and transitions.

It never touches the database. `dossiers.services.dossier_apply_action` is the only
writer of a dossier's status and applies these rules inside one transaction under a
row lock. A reviewer reads TRANSITIONS like the annex of a decree: who may do what,
from which status, to which status, on which condition, with which effects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import Role

if TYPE_CHECKING:
    from dossiers.models import Dossier


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Mới đăng ký trực tuyến")
    INCOMPLETE = "incomplete", _("Chờ bổ sung trước khi tiếp nhận")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận, chờ phân công")
    PROCESSING = "processing", _("Đang xử lý")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Chờ bổ sung hồ sơ")
    AWAITING_PAYMENT = "awaiting_payment", _("Chờ thực hiện nghĩa vụ tài chính")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ ký duyệt")
    RESULT_READY = "result_ready", _("Đã có kết quả, chờ trả")
    RETURNED = "returned", _("Đã trả kết quả")
    WITHDRAWAL_REQUESTED = "withdrawal_requested", _("Công dân yêu cầu rút hồ sơ")
    WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")


# The ten national status codes (TrangThaiHoSo, DOMAIN.md §1.5).
NATIONAL_STATUS_NAMES = {
    1: _("Mới đăng ký"),
    2: _("Được tiếp nhận"),
    3: _("Không được tiếp nhận"),
    4: _("Đang xử lý"),
    5: _("Yêu cầu bổ sung giấy tờ"),
    6: _("Yêu cầu thực hiện nghĩa vụ tài chính"),
    7: _("Công dân yêu cầu rút hồ sơ"),
    8: _("Dừng xử lý"),
    9: _("Đã xử lý xong"),
    10: _("Đã trả kết quả"),
}
NATIONAL_STATUS = {
    DossierStatus.DRAFT: 1,
    DossierStatus.SUBMITTED: 1,
    DossierStatus.INCOMPLETE: 5,
    DossierStatus.REFUSED: 3,
    DossierStatus.RECEIVED: 2,
    DossierStatus.PROCESSING: 4,
    DossierStatus.SUPPLEMENT_REQUESTED: 5,
    DossierStatus.AWAITING_PAYMENT: 6,
    DossierStatus.AWAITING_APPROVAL: 4,
    DossierStatus.RESULT_READY: 9,
    DossierStatus.RETURNED: 10,
    DossierStatus.WITHDRAWAL_REQUESTED: 7,
    DossierStatus.WITHDRAWN: 7,
    DossierStatus.STOPPED: 8,
}
# Statuses in which the processing clock has stopped for good.
FINAL_STATUSES = frozenset(
    {
        DossierStatus.REFUSED,
        DossierStatus.RETURNED,
        DossierStatus.WITHDRAWN,
        DossierStatus.STOPPED,
    }
)
# Statuses of a dossier the agency is resolving (received and not yet resolved).
OPEN_STATUSES = frozenset(
    {
        DossierStatus.RECEIVED,
        DossierStatus.PROCESSING,
        DossierStatus.SUPPLEMENT_REQUESTED,
        DossierStatus.AWAITING_PAYMENT,
        DossierStatus.AWAITING_APPROVAL,
        DossierStatus.WITHDRAWAL_REQUESTED,
    }
)

# The applicant (the dossier's owner) acts without a staff role.
APPLICANT = "applicant"

Guard = Callable[["Dossier", dict[str, Any]], str | None]


def _needs_note(dossier: Dossier, data: dict[str, Any]) -> str | None:
    if not str(data.get("note") or "").strip():
        return str(_("Cần ghi rõ lý do hoặc nội dung."))
    return None


def _needs_components(dossier: Dossier, data: dict[str, Any]) -> str | None:
    missing = dossier.missing_components()
    if missing:
        names = "; ".join(component.name[:80] for component in missing)
        return str(
            _("Còn thiếu thành phần hồ sơ bắt buộc: %(names)s") % {"names": names}
        )
    return None


def _needs_assignee(dossier: Dossier, data: dict[str, Any]) -> str | None:
    if data.get("assignee") is None:
        return str(_("Cần chọn cán bộ xử lý."))
    return None


def _needs_result(dossier: Dossier, data: dict[str, Any]) -> str | None:
    if not dossier.has_result_file():
        return str(_("Cần đính kèm tệp kết quả trước khi trình ký."))
    return None


def _needs_target_agency(dossier: Dossier, data: dict[str, Any]) -> str | None:
    target = data.get("agency")
    if target is None:
        return str(_("Cần chọn cơ quan chuyển đến."))
    if target.pk == dossier.processing_agency_id:
        return str(_("Hồ sơ đang ở chính cơ quan này."))
    return _needs_note(dossier, data)


def _apology_allowed(dossier: Dossier, data: dict[str, Any]) -> str | None:
    """Once per dossier, with a reason and a later date (DOMAIN.md decision 7)."""
    if dossier.apologized_at is not None:
        return str(_("Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần nữa."))
    new_due = data.get("new_due_at")
    if new_due is None or dossier.due_at is None or new_due <= dossier.due_at:
        return str(_("Ngày hẹn mới phải sau ngày hẹn hiện tại."))
    return _needs_note(dossier, data)


# Payment requests (payments.PaymentRequest) still to be paid, by status value; the
# payments app owns the model, the workflow only asks whether money is owed.
_UNPAID = ("pending", "failed")
_OWED = (*_UNPAID, "expired")


def _needs_unpaid_request(dossier: Dossier, data: dict[str, Any]) -> str | None:
    if not dossier.payment_requests.filter(status__in=_UNPAID).exists():
        return str(_("Chưa có yêu cầu thanh toán phí, lệ phí cho hồ sơ."))
    return None


def _needs_fees_paid(dossier: Dossier, data: dict[str, Any]) -> str | None:
    if dossier.payment_requests.filter(status__in=_OWED).exists():
        return str(_("Công dân chưa hoàn thành nghĩa vụ tài chính (phí, lệ phí)."))
    return None


def _all(*guards: Guard) -> Guard:
    def check(dossier: Dossier, data: dict[str, Any]) -> str | None:
        for guard in guards:
            reason = guard(dossier, data)
            if reason:
                return reason
        return None

    return check


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: StrOrPromise
    guard: Guard | None = None
    effects: tuple[str, ...] = ()


def _t(
    action: str,
    sources: set[DossierStatus],
    target: str,
    roles: set[str] | set[Role],
    label: StrOrPromise,
    guard: Guard | None = None,
    effects: tuple[str, ...] = (),
) -> Transition:
    return Transition(
        action, frozenset(sources), target, frozenset(roles), label, guard, effects
    )


S = DossierStatus
STAFF_PROCESSING: set[str] = {Role.OFFICER, Role.LEADER}
IN_PROCESS = {S.RECEIVED, S.PROCESSING, S.AWAITING_APPROVAL}

TRANSITIONS: tuple[Transition, ...] = (
    # Filing and reception.
    _t("submit", {S.DRAFT}, S.SUBMITTED, {APPLICANT}, _("Nộp hồ sơ"),
       _needs_components, ("assign_code", "notify_applicant")),
    _t("withdraw", {S.DRAFT, S.SUBMITTED, S.INCOMPLETE}, S.WITHDRAWN, {APPLICANT},
       _("Rút hồ sơ"), None, ("notify_applicant",)),
    _t("receive", {S.SUBMITTED}, S.RECEIVED, {Role.CLERK}, _("Tiếp nhận"),
       _needs_components,
       ("set_appointment", "start_steps", "form_01", "notify_applicant")),
    _t("return_for_supplement", {S.SUBMITTED}, S.INCOMPLETE, {Role.CLERK},
       _("Yêu cầu bổ sung, hoàn thiện"), _needs_note,
       ("form_02", "notify_applicant")),
    _t("refuse", {S.SUBMITTED}, S.REFUSED, {Role.CLERK}, _("Từ chối tiếp nhận"),
       _needs_note, ("form_03", "notify_applicant")),
    _t("supply", {S.INCOMPLETE}, S.SUBMITTED, {APPLICANT, Role.CLERK},
       _("Nộp bổ sung"), None, ()),
    # Processing, step by step.
    _t("assign", {S.RECEIVED, S.PROCESSING}, S.PROCESSING, STAFF_PROCESSING,
       _("Phân công xử lý"), _needs_assignee, ("assign_step",)),
    _t("request_supplement", {S.PROCESSING, S.AWAITING_APPROVAL},
       S.SUPPLEMENT_REQUESTED, STAFF_PROCESSING, _("Yêu cầu bổ sung hồ sơ"),
       _needs_note, ("pause_clock", "form_02", "notify_applicant")),
    _t("supply", {S.SUPPLEMENT_REQUESTED}, S.PROCESSING, {APPLICANT, Role.CLERK},
       _("Nộp bổ sung"), None, ("resume_clock", "notify_assignee")),
    _t("forward", {S.PROCESSING}, S.AWAITING_APPROVAL, {Role.OFFICER},
       _("Trình lãnh đạo ký duyệt"), _needs_result, ("approval_step",)),
    _t("send_back", {S.AWAITING_APPROVAL}, S.PROCESSING, {Role.LEADER},
       _("Trả lại để xử lý tiếp"), _needs_note, ("back_step",)),
    _t("approve", {S.AWAITING_APPROVAL}, S.RESULT_READY, {Role.LEADER},
       _("Ký duyệt"), _needs_result,
       ("finish_steps", "set_resolved", "notify_applicant")),
    _t("transfer", {S.RECEIVED, S.PROCESSING}, S.PROCESSING, STAFF_PROCESSING,
       _("Chuyển cơ quan phối hợp, liên thông"),
       _needs_target_agency, ("transfer_agency",)),
    _t("return_result", {S.RESULT_READY}, S.RETURNED, {Role.CLERK},
       _("Trả kết quả"), _needs_fees_paid, ("set_returned", "notify_applicant")),
    # Financial obligation (national status 6): the clock waits for the citizen.
    _t("request_payment", {S.RECEIVED}, S.AWAITING_PAYMENT, {Role.CLERK},
       _("Yêu cầu thực hiện nghĩa vụ tài chính"), _needs_unpaid_request,
       ("pause_for_payment", "notify_applicant")),
    _t("settle_payment", {S.AWAITING_PAYMENT}, S.RECEIVED, {APPLICANT, Role.CLERK},
       _("Đã thực hiện nghĩa vụ tài chính"), _needs_fees_paid, ("resume_clock",)),
    _t("stop", {S.AWAITING_PAYMENT}, S.STOPPED, {Role.CLERK, Role.LEADER},
       _("Dừng giải quyết"), _needs_note,
       ("finish_steps", "set_resolved", "form_05", "notify_applicant")),
    # The late path and the ways out.
    _t("apologize", IN_PROCESS | {S.SUPPLEMENT_REQUESTED}, "", STAFF_PROCESSING,
       _("Xin lỗi và hẹn lại ngày trả"), _apology_allowed,
       ("set_new_appointment", "form_04", "notify_applicant")),
    _t("request_withdrawal", IN_PROCESS | {S.SUPPLEMENT_REQUESTED},
       S.WITHDRAWAL_REQUESTED, {APPLICANT}, _("Yêu cầu rút hồ sơ"), None,
       ("notify_assignee",)),
    _t("stop", IN_PROCESS | {S.SUPPLEMENT_REQUESTED, S.WITHDRAWAL_REQUESTED},
       S.STOPPED, {Role.CLERK, Role.OFFICER, Role.LEADER}, _("Dừng giải quyết"),
       _needs_note,
       ("finish_steps", "set_resolved", "form_05", "notify_applicant")),
)  # fmt: skip

ACTIONS = tuple(sorted({transition.action for transition in TRANSITIONS}))


def transition_for(action: str, status: str) -> Transition | None:
    """The transition `action` takes from `status`, if any."""
    for transition in TRANSITIONS:
        if transition.action == action and status in transition.sources:
            return transition
    return None


def target_of(transition: Transition, status: str) -> str:
    """Where the transition leads; an empty target keeps the current status."""
    return transition.target or status
