"""The dossier state machine: the only definition of statuses and transitions.

It never touches the database. `dossiers.services.dossier_apply_action` is the only
writer of a dossier's status and applies these rules inside one transaction under a
row lock. A reviewer reads TRANSITIONS like the annex of a decree: who may do what,
from which status, to which status, on which condition, with which effects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import Role

if TYPE_CHECKING:
    from core.calendar import WorkingCalendar
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
    AWAITING_RESULT_PAYMENT = (
        "awaiting_result_payment",
        _("Đã có kết quả, chờ thực hiện nghĩa vụ tài chính"),
    )
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
    # The result waits for the fees: national status 6, not 9 (processed).
    DossierStatus.AWAITING_RESULT_PAYMENT: 6,
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

# Statuses in which the dossier waits for the citizen's fees (national status 6).
PAYMENT_WAITS = frozenset(
    {DossierStatus.AWAITING_PAYMENT, DossierStatus.AWAITING_RESULT_PAYMENT}
)

# The target of an action that ends a wait: back to the status it waited from.
RESUME = "resume"

# The applicant (the dossier's owner) acts without a staff role.
APPLICANT = "applicant"
# The source of a transition that creates the dossier (counter intake).
NEW = ""


# --- What an action takes: its inputs ---


class Kind(models.TextChoices):
    """The type of an input; the page form, the API and the guard read it alike."""

    TEXT = "text"  # free text
    OFFICER = "officer"  # an officer of the processing agency
    AGENCY = "agency"  # another agency
    MOMENT = "moment"  # a date and time; a date alone: the end of that working day
    COMPONENTS = "components"  # required components of the procedure
    FILES = "files"  # files, stored before the action (the API's /files/)


@dataclass(frozen=True)
class Input:
    name: str
    kind: str
    required: bool = False
    label: StrOrPromise = ""


def _note(label: StrOrPromise, *, required: bool = True) -> Input:
    return Input("note", Kind.TEXT, required, label)


NOTE = _note(_("Ghi chú"), required=False)
ASKED = Input("components", Kind.COMPONENTS, False, _("Giấy tờ cần bổ sung"))
SUPPLIED = Input("files", Kind.FILES, False, _("Giấy tờ nộp bổ sung"))


# --- Guards: pure checks of one dossier and one action's inputs ---


@dataclass(frozen=True)
class Check:
    """What a guard sees: the locked dossier, the inputs, the moment, the calendar."""

    dossier: Dossier
    data: dict[str, Any]
    now: datetime
    calendar: WorkingCalendar


@dataclass(frozen=True)
class Reason:
    """Why a guard refuses; `field` names the input at fault (a 400), if any."""

    code: str
    message: str
    field: str = ""


Guard = Callable[[Check], Reason | None]


def _needs_components(check: Check) -> Reason | None:
    scans = check.data.get("scans")
    supplied = (
        {component.pk for component, _upload in scans} if scans is not None else None
    )
    missing = check.dossier.missing_components(supplied)
    if missing:
        names = "; ".join(component.name[:80] for component in missing)
        return Reason(
            "components_missing",
            str(_("Còn thiếu thành phần hồ sơ bắt buộc: %(names)s") % {"names": names}),
        )
    return None


def _needs_result(check: Check) -> Reason | None:
    if not check.dossier.has_result_file():
        return Reason(
            "result_missing", str(_("Cần đính kèm tệp kết quả trước khi trình ký."))
        )
    return None


def _needs_other_agency(check: Check) -> Reason | None:
    if check.data["agency"].pk == check.dossier.processing_agency_id:
        return Reason(
            "same_agency", str(_("Hồ sơ đang ở chính cơ quan này.")), "agency"
        )
    return None


def _needs_something_supplied(check: Check) -> Reason | None:
    """An empty supplement restarts no clock: a file or a note is needed."""
    since = check.dossier.supplement_requested_at
    if check.dossier.files_since(since) or str(check.data.get("note", "")).strip():
        return None
    return Reason(
        "supplement_empty",
        str(
            _("Cần đính kèm ít nhất một giấy tờ bổ sung hoặc ghi rõ nội dung bổ sung.")
        ),
    )


def _apology_allowed(check: Check) -> Reason | None:
    """Once per dossier, to a working moment after now and after the current
    appointment (DOMAIN.md decision 7)."""
    dossier, new_due = check.dossier, check.data["new_due_at"]
    if dossier.apologized_at is not None:
        return Reason(
            "apology_repeated",
            str(_("Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần nữa.")),
        )
    if not is_working_moment(new_due, check.calendar):
        return Reason(
            "not_working_time",
            str(_("Ngày hẹn mới phải là ngày làm việc, trong giờ làm việc.")),
            "new_due_at",
        )
    if new_due <= check.now or (dossier.due_at and new_due <= dossier.due_at):
        return Reason(
            "not_later",
            str(
                _("Ngày hẹn mới phải sau thời điểm hiện tại và sau ngày hẹn hiện tại.")
            ),
            "new_due_at",
        )
    return None


# Payment requests (payments.PaymentRequest) still to be paid, by status value; the
# payments app owns the model, the workflow only asks whether money is owed.
_UNPAID = ("pending", "failed")
_OWED = (*_UNPAID, "expired")
# procedures.PaymentGate.PROCESSING: the money is wanted before processing.
_BEFORE_PROCESSING = "processing"


def _owed(check: Check, gate: str = "") -> bool:
    requests = check.dossier.payment_requests.filter(status__in=_OWED)
    return requests.filter(gate=gate).exists() if gate else requests.exists()


def _needs_unpaid_request(check: Check) -> Reason | None:
    if not check.dossier.payment_requests.filter(status__in=_UNPAID).exists():
        return Reason(
            "payment_missing",
            str(_("Chưa có yêu cầu thanh toán phí, lệ phí cho hồ sơ.")),
        )
    return None


def _needs_fees_paid(check: Check) -> Reason | None:
    if _owed(check):
        return Reason(
            "fees_owed",
            str(_("Công dân chưa hoàn thành nghĩa vụ tài chính (phí, lệ phí).")),
        )
    return None


def _needs_processing_fees_paid(check: Check) -> Reason | None:
    """Fees the procedure wants before processing hold every processing step,
    whichever page or API asks (payments.PaymentRequest.gate)."""
    if _owed(check, _BEFORE_PROCESSING):
        return Reason(
            "fees_owed",
            str(
                _(
                    "Hồ sơ chỉ được xử lý sau khi công dân hoàn thành nghĩa vụ "
                    "tài chính (phí, lệ phí)."
                )
            ),
        )
    return None


def _all(*guards: Guard) -> Guard:
    """The first refusal of several guards."""

    def guard(check: Check) -> Reason | None:
        return next((reason for g in guards if (reason := g(check)) is not None), None)

    return guard


def is_working_moment(moment: datetime, calendar: WorkingCalendar) -> bool:
    """Within a working period of a working day (its closing minute included)."""
    local = timezone.localtime(moment)
    return calendar.is_working_day(local.date()) and any(
        start <= local.time() <= end for start, end in calendar.periods
    )


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: StrOrPromise
    inputs: tuple[Input, ...] = ()
    guard: Guard | None = None
    effects: tuple[str, ...] = ()

    def input(self, name: str) -> Input | None:
        return next((spec for spec in self.inputs if spec.name == name), None)


def _t(
    action: str,
    sources: set[DossierStatus] | set[str],
    target: str,
    roles: set[str] | set[Role],
    label: StrOrPromise,
    inputs: tuple[Input, ...] = (),
    guard: Guard | None = None,
    effects: tuple[str, ...] = (),
) -> Transition:
    return Transition(
        action,
        frozenset(sources),
        target,
        frozenset(roles),
        label,
        inputs,
        guard,
        effects,
    )


S = DossierStatus
STAFF_PROCESSING: set[str] = {Role.OFFICER, Role.LEADER}
IN_PROCESS = {S.RECEIVED, S.PROCESSING, S.AWAITING_APPROVAL}
# The clerk bills the fees; processing staff ask for those that fall due during
# processing (a supplement) or with the result.
STAFF_PAYMENT: set[str] = {Role.CLERK, Role.OFFICER, Role.LEADER}

TRANSITIONS: tuple[Transition, ...] = (
    # Filing and reception.
    _t("submit", {S.DRAFT}, S.SUBMITTED, {APPLICANT}, _("Nộp hồ sơ"), (),
       _needs_components, ("assign_code", "notify_applicant", "notify_clerks")),
    _t("withdraw", {S.DRAFT, S.SUBMITTED, S.INCOMPLETE}, S.WITHDRAWN, {APPLICANT},
       _("Rút hồ sơ"), (_note(_("Lý do rút hồ sơ (không bắt buộc)"), required=False),),
       None, ("notify_applicant",)),
    _t("intake", {NEW}, S.RECEIVED, {Role.CLERK}, _("Tiếp nhận tại quầy"),
       (Input("scans", Kind.FILES, False, _("Bản quét giấy tờ")), NOTE),
       _needs_components,
       ("assign_code", "set_appointment", "start_steps", "form_01",
        "notify_applicant", "notify_leaders")),
    _t("receive", {S.SUBMITTED}, S.RECEIVED, {Role.CLERK}, _("Tiếp nhận"), (NOTE,),
       _needs_components,
       ("set_appointment", "start_steps", "form_01", "notify_applicant",
        "notify_leaders")),
    _t("return_for_supplement", {S.SUBMITTED}, S.INCOMPLETE, {Role.CLERK},
       _("Yêu cầu bổ sung, hoàn thiện"),
       (ASKED, _note(_("Giấy tờ cần bổ sung, hoàn thiện (hướng dẫn một lần)"))),
       None, ("mark_request", "form_02", "notify_applicant")),
    _t("refuse", {S.SUBMITTED}, S.REFUSED, {Role.CLERK}, _("Từ chối tiếp nhận"),
       (_note(_("Lý do từ chối tiếp nhận")),), None,
       ("form_03", "notify_applicant")),
    _t("supply", {S.INCOMPLETE}, S.SUBMITTED, {APPLICANT, Role.CLERK},
       _("Nộp bổ sung"), (SUPPLIED, NOTE), _needs_something_supplied,
       ("notify_clerks",)),
    # Processing, step by step.
    _t("assign", {S.RECEIVED, S.PROCESSING}, S.PROCESSING, STAFF_PROCESSING,
       _("Phân công xử lý"),
       (Input("assignee", Kind.OFFICER, True, _("Giao cho chuyên viên")), NOTE),
       _needs_processing_fees_paid, ("assign_step", "notify_assignee")),
    _t("request_supplement", {S.PROCESSING, S.AWAITING_APPROVAL},
       S.SUPPLEMENT_REQUESTED, STAFF_PROCESSING, _("Yêu cầu bổ sung hồ sơ"),
       (ASKED, _note(_("Giấy tờ cần bổ sung và lý do"))), None,
       ("mark_request", "pause_clock", "form_02", "notify_applicant")),
    _t("supply", {S.SUPPLEMENT_REQUESTED}, S.PROCESSING, {APPLICANT, Role.CLERK},
       _("Nộp bổ sung"), (SUPPLIED, NOTE), _needs_something_supplied,
       ("resume_clock", "notify_assignee")),
    _t("forward", {S.PROCESSING}, S.AWAITING_APPROVAL, {Role.OFFICER},
       _("Trình lãnh đạo ký duyệt"), (NOTE,),
       _all(_needs_processing_fees_paid, _needs_result),
       ("approval_step", "notify_leaders")),
    _t("send_back", {S.AWAITING_APPROVAL}, S.PROCESSING, {Role.LEADER},
       _("Trả lại để xử lý tiếp"), (_note(_("Nội dung cần xem xét lại")),), None,
       ("back_step", "notify_assignee")),
    _t("approve", {S.AWAITING_APPROVAL}, S.RESULT_READY, {Role.LEADER},
       _("Ký duyệt"), (NOTE,), _needs_result,
       ("finish_steps", "set_resolved", "notify_applicant", "notify_clerks")),
    _t("transfer", {S.RECEIVED, S.PROCESSING}, S.PROCESSING, STAFF_PROCESSING,
       _("Chuyển cơ quan phối hợp, liên thông"),
       (Input("agency", Kind.AGENCY, True, _("Chuyển đến cơ quan")),
        _note(_("Nội dung chuyển xử lý"))),
       _needs_other_agency, ("transfer_agency", "notify_leaders")),
    _t("return_result", {S.RESULT_READY}, S.RETURNED, {Role.CLERK},
       _("Trả kết quả"), (NOTE,), _needs_fees_paid,
       ("set_returned", "notify_applicant")),
    # Financial obligation (national status 6), at whichever stage the fees fall
    # due (DOMAIN.md §7): before processing the clock waits for the citizen and
    # the dossier goes back where it waited; a result waits to be handed over.
    _t("request_payment", {S.RECEIVED, S.PROCESSING}, S.AWAITING_PAYMENT,
       STAFF_PAYMENT, _("Yêu cầu thực hiện nghĩa vụ tài chính"), (NOTE,),
       _needs_unpaid_request, ("pause_for_payment", "notify_applicant")),
    _t("settle_payment", {S.AWAITING_PAYMENT}, RESUME, {APPLICANT, Role.CLERK},
       _("Đã thực hiện nghĩa vụ tài chính"), (NOTE,), _needs_fees_paid,
       ("resume_clock",)),
    _t("request_payment", {S.RESULT_READY}, S.AWAITING_RESULT_PAYMENT,
       STAFF_PAYMENT, _("Yêu cầu thực hiện nghĩa vụ tài chính"), (NOTE,),
       _needs_unpaid_request, ("notify_applicant",)),
    _t("settle_payment", {S.AWAITING_RESULT_PAYMENT}, S.RESULT_READY,
       {APPLICANT, Role.CLERK}, _("Đã thực hiện nghĩa vụ tài chính"), (NOTE,),
       _needs_fees_paid, ()),
    # The fees were never paid: the agency stops with a written notice of the reason.
    _t("stop", {S.AWAITING_PAYMENT}, S.STOPPED, {Role.CLERK, Role.LEADER},
       _("Dừng giải quyết, chưa thực hiện nghĩa vụ tài chính"),
       (_note(_("Lý do dừng giải quyết")),), None,
       ("finish_steps", "set_resolved", "form_ineligible", "notify_applicant")),
    # The late path and the ways out.
    _t("apologize", IN_PROCESS | {S.SUPPLEMENT_REQUESTED}, "", STAFF_PROCESSING,
       _("Xin lỗi và hẹn lại ngày trả"),
       (Input("new_due_at", Kind.MOMENT, True, _("Ngày hẹn trả kết quả mới")),
        _note(_("Lý do chậm trễ"))),
       _apology_allowed, ("set_new_appointment", "form_04", "notify_applicant")),
    _t("request_withdrawal", IN_PROCESS | {S.SUPPLEMENT_REQUESTED},
       S.WITHDRAWAL_REQUESTED, {APPLICANT}, _("Yêu cầu rút hồ sơ"),
       (_note(_("Lý do rút hồ sơ (không bắt buộc)"), required=False),), None,
       ("notify_assignee",)),
    # At the applicant's request: the stop notice (form 05, Decree 118/2025 Art. 21).
    _t("stop", {S.WITHDRAWAL_REQUESTED}, S.STOPPED,
       {Role.CLERK, Role.OFFICER, Role.LEADER}, _("Dừng giải quyết theo đề nghị"),
       (_note(_("Nội dung dừng giải quyết")),), None,
       ("finish_steps", "set_resolved", "form_05", "notify_applicant")),
    # Not eligible after appraisal: the dossier goes back with a written notice of
    # the reasons, decided by the processing agency (DOMAIN.md §1.3).
    _t("stop", IN_PROCESS | {S.SUPPLEMENT_REQUESTED}, S.STOPPED, STAFF_PROCESSING,
       _("Dừng giải quyết, trả lại hồ sơ không đủ điều kiện"),
       (_note(_("Lý do không đủ điều kiện giải quyết")),), None,
       ("finish_steps", "set_resolved", "form_ineligible", "notify_applicant")),
)  # fmt: skip

ACTIONS = tuple(sorted({transition.action for transition in TRANSITIONS}))
# Every input any action takes, once (the API's input fields).
INPUTS = {spec.name: spec for transition in TRANSITIONS for spec in transition.inputs}


def transition_for(action: str, status: str) -> Transition | None:
    """The transition `action` takes from `status`, if any."""
    for transition in TRANSITIONS:
        if transition.action == action and status in transition.sources:
            return transition
    return None


def target_of(transition: Transition, status: str, resumed: str = "") -> str:
    """Where the transition leads; an empty target keeps the current status and
    RESUME leads back to `resumed`, the status the dossier waited from."""
    if transition.target == RESUME:
        return resumed
    return transition.target or status
