"""The feedback (PAKN) state machine: the only definition of statuses and moves.

It never touches the database. `feedback.services.feedback_apply_action` is the only
writer of a feedback's status and applies these rules inside one transaction under a
row lock, like the dossier workflow. Deadlines (docs/feedback.md, with their legal
sources) are counted in working days by core.calendar.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import Role

if TYPE_CHECKING:
    from feedback.models import Feedback


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận, chờ phân công")
    INFO_REQUESTED = "info_requested", _("Chờ người gửi bổ sung thông tin")
    ASSIGNED = "assigned", _("Đang xử lý")
    ANSWERED = "answered", _("Đã dự thảo trả lời, chờ lãnh đạo duyệt")
    APPROVED = "approved", _("Đã trả lời, chờ công khai")
    PUBLISHED = "published", _("Đã trả lời và công khai")
    REJECTED = "rejected", _("Từ chối tiếp nhận")
    SPAM = "spam", _("Không phải phản ánh, kiến nghị (thư rác)")
    MERGED = "merged", _("Trùng với phản ánh khác")


# Working days allowed for each stage (docs/feedback.md gives the sources).
REJECT_DAYS = 2  # notify a refusal to handle
INFO_DAYS = 5  # ask the sender for missing information (the first request)
ANSWER_DAYS = 15  # answer, counted from reception or transfer
PUBLISH_DAYS = 2  # publish the answer, counted from answering

FINAL_STATUSES = frozenset(
    {
        FeedbackStatus.PUBLISHED,
        FeedbackStatus.REJECTED,
        FeedbackStatus.SPAM,
        FeedbackStatus.MERGED,
    }
)
# Still waiting for an answer from the agency.
OPEN_STATUSES = frozenset(
    {
        FeedbackStatus.RECEIVED,
        FeedbackStatus.INFO_REQUESTED,
        FeedbackStatus.ASSIGNED,
        FeedbackStatus.ANSWERED,
    }
)
ANSWERED_STATUSES = frozenset({FeedbackStatus.APPROVED, FeedbackStatus.PUBLISHED})

# The sender (the account that sent it, or whoever proved the code and the digits
# of the phone number) acts without a staff role.
SENDER = "sender"
# The source of the move that creates a feedback.
NEW = ""


@dataclass(frozen=True)
class Check:
    """What a guard sees: the locked feedback, the inputs, the moment."""

    feedback: Feedback
    data: dict[str, Any]
    now: datetime


@dataclass(frozen=True)
class Reason:
    """Why a guard refuses; `field` names the input at fault (a 400), if any."""

    code: str
    message: str
    field: str = ""


Guard = Callable[[Check], Reason | None]


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str  # empty: the status stays
    roles: frozenset[str]
    label: StrOrPromise
    inputs: tuple[str, ...] = ()  # required inputs
    guard: Guard | None = None
    effects: tuple[str, ...] = ()


def _t(
    action: str,
    sources: set[FeedbackStatus] | set[str],
    target: str,
    roles: set[str],
    label: StrOrPromise,
    inputs: tuple[str, ...] = (),
    guard: Guard | None = None,
    effects: tuple[str, ...] = (),
) -> Transition:
    return Transition(
        action, frozenset(sources), target, frozenset(roles), label, inputs, guard,
        effects,
    )  # fmt: skip


# --- Guards ---


def _info_once(check: Check) -> Reason | None:
    if check.feedback.info_requested_at is not None:
        return Reason(
            "info_repeated",
            str(_("Đã yêu cầu bổ sung thông tin một lần; không yêu cầu lại.")),
        )
    return None


def _other_agency(check: Check) -> Reason | None:
    if check.data["agency"].pk == check.feedback.agency_id:
        return Reason(
            "same_agency", str(_("Phản ánh đang ở chính cơ quan này.")), "agency"
        )
    return None


def _real_duplicate(check: Check) -> Reason | None:
    original = check.data["duplicate_of"]
    if original.pk == check.feedback.pk:
        return Reason(
            "same_feedback",
            str(_("Không thể gộp phản ánh vào chính nó.")),
            "duplicate_of",
        )
    if original.status in {FeedbackStatus.SPAM, FeedbackStatus.MERGED}:
        return Reason(
            "duplicate_closed",
            str(_("Phản ánh được gộp vào phải là một phản ánh đang được xử lý.")),
            "duplicate_of",
        )
    return None


def _digits(value: str) -> str:
    return "".join(character for character in value if character.isdigit())


def personal_data_in(feedback: Feedback, text: str) -> bool:
    """Does `text` name the sender (unless they agreed) or give their contact?"""
    lowered = text.lower()
    digits = _digits(text)
    phone = _digits(feedback.sender_phone)
    if phone and len(phone) >= 6 and phone in digits:
        return True
    if feedback.sender_email and feedback.sender_email.lower() in lowered:
        return True
    id_number = _digits(feedback.sender_id_number)
    if id_number and id_number in digits:
        return True
    name = " ".join(feedback.sender_name.split()).lower()
    if feedback.publish_name or not name:
        return False
    return re.search(rf"\b{re.escape(name)}\b", " ".join(lowered.split())) is not None


def _no_personal_data(check: Check) -> Reason | None:
    """The public page carries no personal data the sender did not agree to."""
    question = check.data.get("public_text") or check.feedback.text
    for field, text in (("public_text", question), ("answer", check.feedback.answer)):
        if personal_data_in(check.feedback, text):
            return Reason(
                "personal_data",
                str(
                    _(
                        "Nội dung công khai còn thông tin cá nhân của người gửi "
                        "(họ tên, số điện thoại, thư điện tử, số giấy tờ): hãy "
                        "biên tập lại nội dung công khai."
                    )
                ),
                field if field == "public_text" else "",
            )
    return None


def _rate_once(check: Check) -> Reason | None:
    if check.feedback.rated_at is not None:
        return Reason("rated", str(_("Người gửi đã đánh giá câu trả lời.")))
    return None


S = FeedbackStatus
STAFF: set[str] = {Role.OFFICER, Role.LEADER}
IN_HAND = {S.RECEIVED, S.INFO_REQUESTED, S.ASSIGNED}

TRANSITIONS: tuple[Transition, ...] = (
    # Reception: online by the sender, at the counter by a clerk.
    _t("submit", {NEW}, S.RECEIVED, {SENDER, Role.CLERK}, _("Gửi phản ánh, kiến nghị"),
       (), None, ("set_deadlines", "notify_sender", "notify_leaders")),
    _t("reject", {S.RECEIVED}, S.REJECTED, STAFF, _("Từ chối tiếp nhận"),
       ("note",), None, ("close", "notify_sender")),
    _t("request_info", {S.RECEIVED, S.ASSIGNED}, S.INFO_REQUESTED, STAFF,
       _("Yêu cầu người gửi bổ sung thông tin"), ("note",), _info_once,
       ("mark_info_request", "notify_sender")),
    _t("supply_info", {S.INFO_REQUESTED}, S.RECEIVED, {SENDER, Role.CLERK},
       _("Bổ sung thông tin"), ("note",), None,
       ("restart_answer_clock", "notify_leaders")),
    _t("transfer", IN_HAND - {S.INFO_REQUESTED}, S.RECEIVED, STAFF,
       _("Chuyển cơ quan có thẩm quyền"), ("agency", "note"), _other_agency,
       ("move_agency", "notify_sender", "notify_leaders")),
    _t("assign", {S.RECEIVED, S.ASSIGNED}, S.ASSIGNED, {Role.LEADER},
       _("Phân công xử lý"), ("assignee",), None, ("set_assignee", "notify_assignee")),
    _t("answer", {S.ASSIGNED}, S.ANSWERED, STAFF, _("Dự thảo trả lời, trình duyệt"),
       ("answer",), None, ("keep_answer", "notify_leaders")),
    _t("send_back", {S.ANSWERED}, S.ASSIGNED, {Role.LEADER},
       _("Trả lại dự thảo để sửa"), ("note",), None, ("notify_assignee",)),
    _t("approve", {S.ANSWERED}, S.APPROVED, {Role.LEADER},
       _("Duyệt và gửi câu trả lời"), (), None,
       ("set_answered", "notify_sender", "notify_assignee")),
    _t("publish", {S.APPROVED}, S.PUBLISHED, STAFF, _("Công khai câu trả lời"),
       (), _no_personal_data, ("set_published", "notify_sender")),
    _t("mark_spam", {S.RECEIVED, S.INFO_REQUESTED}, S.SPAM, STAFF,
       _("Đánh dấu thư rác"), ("note",), None, ("close",)),
    _t("merge", IN_HAND, S.MERGED, STAFF, _("Gộp vào phản ánh trùng"),
       ("duplicate_of",), _real_duplicate, ("set_duplicate", "close")),
    _t("rate", {S.APPROVED, S.PUBLISHED}, "", {SENDER},
       _("Đánh giá câu trả lời"), ("satisfied",), _rate_once, ("set_rating",)),
)  # fmt: skip

ACTIONS = tuple(sorted({transition.action for transition in TRANSITIONS}))


def transition_for(action: str, status: str) -> Transition | None:
    """The move `action` makes from `status`, if any."""
    for transition in TRANSITIONS:
        if transition.action == action and status in transition.sources:
            return transition
    return None


def target_of(transition: Transition, status: str) -> str:
    return transition.target or status
