"""How dossiers read to people: the history in plain Vietnamese and the due marks.

The history (DossierEvent) is the evidence; this module turns each event into one
sentence for its reader. Applicants and the public read what concerns them (reasons
given to them, new appointments); staff also read internal notes and names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dossiers.models import Dossier, DossierEvent
from dossiers.workflow import FINAL_STATUSES, DossierStatus

# One sentence per action; %(agency)s is the acting agency, %(target)s the agency or
# officer the dossier goes to.
SENTENCES: dict[str, Promise] = {
    "create": _("Hồ sơ được lập trực tuyến (bản nháp, chưa nộp)."),
    "submit": _("Hồ sơ đã được nộp trực tuyến, chờ Bộ phận Một cửa kiểm tra."),
    "intake": _(
        "Hồ sơ được nộp trực tiếp và tiếp nhận tại %(agency)s; ngày hẹn trả kết "
        "quả được ghi trên giấy tiếp nhận."
    ),
    "receive": _(
        "%(agency)s đã tiếp nhận hồ sơ và chuyển đến cơ quan giải quyết; "
        "ngày hẹn trả kết quả được ghi trên giấy tiếp nhận."
    ),
    "return_for_supplement": _(
        "Hồ sơ chưa đầy đủ, chưa được tiếp nhận; người nộp cần bổ sung, hoàn thiện."
    ),
    "refuse": _("Hồ sơ không được tiếp nhận."),
    "supply": _("Người nộp đã bổ sung giấy tờ."),
    "assign": _("Hồ sơ được phân công cho cán bộ xử lý."),
    "request_supplement": _(
        "Cơ quan giải quyết đề nghị bổ sung giấy tờ; thời gian giải quyết tạm dừng "
        "cho đến khi nhận đủ."
    ),
    "forward": _("Hồ sơ đã được thẩm định và trình lãnh đạo ký duyệt."),
    "send_back": _("Lãnh đạo đề nghị xem xét lại hồ sơ trước khi ký."),
    "approve": _(
        "Đã có kết quả giải quyết; mời nhận kết quả theo hình thức đã đăng ký."
    ),
    "transfer": _("Hồ sơ được chuyển đến %(target)s để giải quyết."),
    "return_result": _("Đã trả kết quả cho người nộp."),
    "apologize": _(
        "Cơ quan giải quyết xin lỗi vì chưa trả kết quả đúng hẹn và hẹn lại ngày "
        "trả kết quả: %(new_due)s."
    ),
    "request_withdrawal": _("Người nộp đề nghị rút hồ sơ; chờ cơ quan giải quyết."),
    "withdraw": _("Hồ sơ đã được rút theo đề nghị của người nộp."),
    "stop": _("Cơ quan giải quyết dừng giải quyết hồ sơ."),
    "request_payment": _(
        "Hồ sơ chờ người nộp thực hiện nghĩa vụ tài chính (phí, lệ phí); thời gian "
        "giải quyết tạm dừng cho đến khi nộp đủ."
    ),
    "pay": _("Người nộp đã nộp phí, lệ phí."),
    "settle_payment": _(
        "Đã hoàn thành nghĩa vụ tài chính; hồ sơ tiếp tục được giải quyết."
    ),
    "refund": _("Phí, lệ phí đã được hoàn trả cho người nộp."),
}
STOP_INELIGIBLE = _(
    "Hồ sơ không đủ điều kiện giải quyết; cơ quan giải quyết trả lại hồ sơ kèm "
    "thông báo lý do."
)
# The result's hand-over waits for the fees (no clock runs after the approval).
RESULT_PAYMENT = {
    "request_payment": _(
        "Đã có kết quả giải quyết; kết quả được trả sau khi người nộp thực hiện "
        "nghĩa vụ tài chính (phí, lệ phí)."
    ),
    "settle_payment": _(
        "Đã hoàn thành nghĩa vụ tài chính; mời nhận kết quả theo hình thức đã đăng ký."
    ),
}
LATE_NOTICE = _("Thông báo muộn: chưa đủ một ngày làm việc trước hạn trả kết quả.")
# Actions whose note is addressed to the applicant (reasons, what to bring).
PUBLIC_NOTES = frozenset(
    {
        "return_for_supplement",
        "refuse",
        "request_supplement",
        "apologize",
        "stop",
        "pay",
        "refund",
    }
)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    sentence: str
    note: str
    actor: str
    form_code: str
    position: int


def timeline(dossier: Dossier, *, for_staff: bool) -> list[TimelineEntry]:
    """The dossier's history, oldest first, each event as one plain sentence.

    `position` numbers the events from 1 and identifies them in form-download URLs.
    """
    return [
        _entry(dossier, event, position, for_staff)
        for position, event in enumerate(dossier.events.all(), start=1)
    ]


def _entry(
    dossier: Dossier, event: DossierEvent, position: int, for_staff: bool
) -> TimelineEntry:
    show_note = for_staff or event.action in PUBLIC_NOTES
    actor = ""
    if for_staff:
        actor = event.actor_name
    return TimelineEntry(
        at=event.at,
        sentence=sentence(dossier, event, for_staff=for_staff),
        note=event.note if show_note else "",
        actor=actor,
        form_code=event.form_code,
        position=position,
    )


def sentence(dossier: Dossier, event: DossierEvent, *, for_staff: bool = False) -> str:
    """One plain sentence; the counter named is the dossier's receiving agency (the
    clerk who takes or receives a dossier works there), which needs no query."""
    template = SENTENCES.get(event.action)
    if template is None:
        return str(_("Cập nhật hồ sơ."))
    target = event.data.get("agency", "")
    if event.action == "stop" and event.from_status != "withdrawal_requested":
        return str(STOP_INELIGIBLE)
    if DossierStatus.AWAITING_RESULT_PAYMENT in (event.from_status, event.to_status):
        template = RESULT_PAYMENT.get(event.action, template)
    if event.action == "assign" and for_staff:
        return str(_("Hồ sơ được phân công cho %(name)s.")) % {
            "name": event.data.get("assignee", "")
        }
    text = str(template) % {
        "agency": dossier.receiving_agency.name,
        "target": target or _("cơ quan khác"),
        "new_due": _format_moment(event.data.get("new_due_at")),
    }
    return " ".join([text, *_extras(event, for_staff=for_staff)])


def _extras(event: DossierEvent, *, for_staff: bool) -> list[str]:
    """The documents a supplement request named; for staff, a late apology."""
    extras = []
    asked = [item["name"] for item in event.data.get("components", [])]
    if asked:
        extras.append(
            str(_("Giấy tờ cần bổ sung: %(asked)s.")) % {"asked": "; ".join(asked)}
        )
    if event.action == "apologize" and for_staff and event.data.get("late_notice"):
        extras.append(str(LATE_NOTICE))
    return extras


def _format_moment(value: str | None) -> str:
    moment = parse_datetime(value) if value else None
    if moment is None:
        return "—"
    return formats.date_format(timezone.localtime(moment), "H:i d/m/Y")


def due_mark(dossier: Dossier, now: datetime, soon: datetime) -> str:
    """ "overdue", "due_soon" or "" for a dossier being resolved."""
    if dossier.due_at is None or dossier.resolved_at is not None:
        return ""
    # Final dossiers are not due any more; while a supplement or the fees are
    # awaited the clock stands still and the appointment moves when it restarts.
    if dossier.status in FINAL_STATUSES | {
        DossierStatus.SUPPLEMENT_REQUESTED,
        DossierStatus.AWAITING_PAYMENT,
    }:
        return ""
    if dossier.due_at < now:
        return "overdue"
    if dossier.due_at <= soon:
        return "due_soon"
    return ""


def mask_name(name: str) -> str:
    """ "Nguyễn Văn An" → "Nguyễn V. A.": enough to recognise, not to identify."""
    words = name.split()
    if len(words) <= 1:
        return name[:1] + "***" if name else ""
    return " ".join([words[0], *(word[:1] + "." for word in words[1:])])
