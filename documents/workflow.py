"""The state machines of incoming and outgoing documents (Decree 30/2020).

Like dossiers.workflow, it never touches the database: documents.services applies
these tables inside one transaction under a row lock and is the only writer of a
document's status. Incoming (Art. 20–24): arrive → register (arrival number) →
leader assigns with instructions → handler processes → done; a misaddressed or
tampered document is returned to its sender. Outgoing (Art. 14–16): officer drafts →
leader reviews and approves → clerk issues (number, organisation signature,
delivery to each recipient).
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
    from documents.models import IncomingDocument, OutgoingDocument


class IncomingStatus(models.TextChoices):
    ARRIVED = "arrived", _("Chờ vào sổ")
    REGISTERED = "registered", _("Đã vào sổ, chờ phân công")
    ASSIGNED = "assigned", _("Đã phân công")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    DONE = "done", _("Đã xử lý xong")
    RETURNED = "returned", _("Đã trả lại nơi gửi")
    # A second arrival of a document already received, merged into the first.
    MERGED = "merged", _("Trùng, đã gộp vào văn bản đã nhận")


class OutgoingStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn thảo")
    IN_REVIEW = "in_review", _("Chờ lãnh đạo duyệt")
    APPROVED = "approved", _("Đã duyệt, chờ phát hành")
    ISSUED = "issued", _("Đã phát hành")


class DeliveryStatus(models.TextChoices):
    """Where an issued document stands at one recipient (văn bản đi, nơi nhận)."""

    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi, chờ tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận (vào sổ)")
    REJECTED = "rejected", _("Bị từ chối")
    PROCESSING = "processing", _("Đang xử lý")
    DONE = "done", _("Đã xử lý xong")
    FAILED = "failed", _("Gửi không thành công")


# The status values of the national document axis (DOMAIN.md §6.3) that a
# recipient reports for each incoming status; the sender stores the matching
# delivery status.
AXIS_STATUS = {
    IncomingStatus.ARRIVED: "inbox",
    IncomingStatus.REGISTERED: "acceptance",
    IncomingStatus.RETURNED: "rejection",
    IncomingStatus.ASSIGNED: "processing",
    IncomingStatus.IN_PROGRESS: "processing",
    IncomingStatus.DONE: "done",
    # The sender was told of the first arrival; a merged copy says nothing more.
    IncomingStatus.MERGED: "inbox",
}
DELIVERY_FROM_AXIS = {
    "inbox": DeliveryStatus.SENT,
    "acceptance": DeliveryStatus.RECEIVED,
    "rejection": DeliveryStatus.REJECTED,
    "processing": DeliveryStatus.PROCESSING,
    "done": DeliveryStatus.DONE,
    "fail": DeliveryStatus.FAILED,
}
# Open incoming statuses: a deadline still runs.
OPEN_INCOMING = frozenset(
    {IncomingStatus.REGISTERED, IncomingStatus.ASSIGNED, IncomingStatus.IN_PROGRESS}
)
# The clerk's answers to a duplicate flag, offered only on a flagged document.
DUPLICATE_ACTIONS = frozenset({"merge", "keep"})
# The handler assigned to the document acts without being a leader.
HANDLER = "handler"

Guard = Callable[[Any, dict[str, Any]], str | None]


def _needs_note(document: Any, data: dict[str, Any]) -> str | None:
    if not str(data.get("note") or "").strip():
        return str(_("Cần ghi rõ lý do hoặc nội dung."))
    return None


def _needs_valid_signatures(
    document: IncomingDocument, data: dict[str, Any]
) -> str | None:
    """A file whose signature failed is never registered silently: the clerk
    returns it to the sender (Art. 21: check authenticity and integrity)."""
    if document.has_invalid_signature():
        return str(
            _("Tệp văn bản có chữ ký số không hợp lệ hoặc đã bị sửa đổi; "
              "hãy trả lại nơi gửi.")
        )  # fmt: skip
    return None


def _not_flagged(document: IncomingDocument, data: dict[str, Any]) -> str | None:
    """A suspected duplicate is merged or kept apart by the clerk before it takes
    a number, so one document never holds two arrival numbers."""
    if document.duplicate_of_id is not None:
        return str(
            _("Văn bản có thể trùng với văn bản đã nhận; hãy gộp hoặc bỏ qua "
              "cảnh báo trùng trước khi vào sổ.")
        )  # fmt: skip
    return _needs_valid_signatures(document, data)


def _flagged(document: IncomingDocument, data: dict[str, Any]) -> str | None:
    if document.duplicate_of_id is None:
        return str(_("Văn bản không bị đánh dấu trùng."))
    return None


def _needs_assignee(document: IncomingDocument, data: dict[str, Any]) -> str | None:
    assignee = data.get("assignee")
    if assignee is None:
        return str(_("Cần chọn cán bộ chủ trì xử lý."))
    if assignee.agency_id != document.agency_id:
        return str(_("Cán bộ xử lý phải thuộc cơ quan nhận văn bản."))
    return None


def _ready_to_submit(document: OutgoingDocument, data: dict[str, Any]) -> str | None:
    if not document.has_main_file():
        return str(_("Cần đính kèm tệp PDF của văn bản."))
    if not document.has_recipients():
        return str(_("Cần chọn ít nhất một nơi nhận."))
    return None


def _notation_set(document: OutgoingDocument, data: dict[str, Any]) -> str | None:
    if not document.notation.strip():
        return str(_("Cần ghi ký hiệu văn bản trước khi phát hành."))
    return _ready_to_submit(document, data)


def _not_revoked(document: OutgoingDocument, data: dict[str, Any]) -> str | None:
    if document.revoked_at is not None:
        return str(_("Văn bản đã bị thu hồi."))
    return _needs_note(document, data)


def _amendable(document: OutgoingDocument, data: dict[str, Any]) -> str | None:
    if data.get("due_on") is None:
        return str(_("Cần ghi hạn xử lý mới."))
    return _not_revoked(document, data)


def _replaceable(document: OutgoingDocument, data: dict[str, Any]) -> str | None:
    if not any(a.is_main for a in data.get("attachments") or ()):
        return str(_("Cần đính kèm tệp PDF của văn bản thay thế."))
    return _not_revoked(document, data)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    label: StrOrPromise
    guard: Guard | None = None


def _t(action: str, sources: set[str], target: str, roles: set[str],
       label: StrOrPromise, guard: Guard | None = None) -> Transition:  # fmt: skip
    return Transition(
        action, frozenset(sources), target, frozenset(roles), label, guard
    )


I = IncomingStatus  # noqa: E741 (a table abbreviation, like S in dossiers)
O = OutgoingStatus  # noqa: E741

INCOMING_TRANSITIONS: tuple[Transition, ...] = (
    _t("register", {I.ARRIVED}, I.REGISTERED, {Role.CLERK}, _("Vào sổ văn bản đến"),
       _not_flagged),
    # A suspected duplicate (same issuer, number and date, or the same file).
    _t("merge", {I.ARRIVED}, I.MERGED, {Role.CLERK},
       _("Gộp vào văn bản đã nhận (trùng)"), _flagged),
    _t("keep", {I.ARRIVED}, I.ARRIVED, {Role.CLERK},
       _("Bỏ qua cảnh báo trùng"), _flagged),
    _t("return", {I.ARRIVED}, I.RETURNED, {Role.CLERK}, _("Trả lại nơi gửi"),
       _needs_note),
    _t("assign", {I.REGISTERED, I.ASSIGNED, I.IN_PROGRESS}, I.ASSIGNED, {Role.LEADER},
       _("Phân công xử lý"), _needs_assignee),
    _t("start", {I.ASSIGNED}, I.IN_PROGRESS, {HANDLER}, _("Bắt đầu xử lý")),
    _t("complete", {I.ASSIGNED, I.IN_PROGRESS}, I.DONE, {HANDLER, Role.LEADER},
       _("Hoàn thành xử lý")),
)  # fmt: skip

OUTGOING_TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", {O.DRAFT}, O.IN_REVIEW, {Role.OFFICER}, _("Trình lãnh đạo duyệt"),
       _ready_to_submit),
    _t("send_back", {O.IN_REVIEW}, O.DRAFT, {Role.LEADER}, _("Trả lại để sửa"),
       _needs_note),
    _t("approve", {O.IN_REVIEW}, O.APPROVED, {Role.LEADER}, _("Duyệt ký ban hành"),
       _ready_to_submit),
    _t("issue", {O.APPROVED}, O.ISSUED, {Role.CLERK}, _("Cấp số, ký số và phát hành"),
       _notation_set),
    # After issue: every recipient gets the change (edXML replacement, revocation,
    # update); the number and notation stay.
    _t("replace", {O.ISSUED}, O.ISSUED, {Role.LEADER}, _("Thay thế văn bản đã gửi"),
       _replaceable),
    _t("revoke", {O.ISSUED}, O.ISSUED, {Role.LEADER}, _("Thu hồi văn bản đã gửi"),
       _not_revoked),
    _t("amend", {O.ISSUED}, O.ISSUED, {Role.LEADER}, _("Cập nhật hạn xử lý"),
       _amendable),
)  # fmt: skip


def transition_for(
    table: tuple[Transition, ...], action: str, status: str
) -> Transition | None:
    """The transition `action` takes from `status` in `table`, if any."""
    for transition in table:
        if transition.action == action and status in transition.sources:
            return transition
    return None
