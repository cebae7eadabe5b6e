"""A few demo feedback items (phản ánh, kiến nghị) in every stage, through the
services at their own moments.

Like the demo dossiers (demo.dossiers), each story is planned on the working-day
calendar: senders write at any hour, staff act on working days in working hours,
and each move runs with the clock set to its moment (time-machine), so the
deadlines and the late marks are the ones the workflow gives. Seeding again adds
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, User
from core.calendar import get_calendar
from demo.dossiers import (
    DEMO_EMAIL_DOMAIN,
    JUSTICE,
    ROUTES,
    XUAN_HUONG_COMMUNE,
    Clock,
)
from dossiers.models import Dossier
from feedback import services
from feedback.models import Feedback, FeedbackChannel
from procedures.models import Procedure
from stats.feedback_figures import feedback_stats_rebuild
from stats.worktime import timeline_for

CITIZEN = "068090001234"
DAY = timedelta(hours=8)  # one working day of working time


@dataclass
class Cast:
    clock: Clock
    users: dict[str, User]
    justice: Agency
    ward: Agency
    procedure: Procedure | None
    made: int = 0

    def working(self, days_ago: float) -> datetime:
        """A working moment `days_ago` working days before now."""
        return self.clock.back(self.clock.now, DAY * days_ago)

    def after(self, moment: datetime, days: float) -> datetime:
        return self.clock.forward(moment, DAY * days)


def seed_feedback() -> list[str]:
    if Feedback.objects.filter(sender_email__endswith=DEMO_EMAIL_DOMAIN).exists():
        return [f"{Feedback.objects.count()} phản ánh, kiến nghị (đã có)"]
    cast = _cast()
    with transaction.atomic():
        for story in STORIES:
            story(cast)
    feedback_stats_rebuild()
    return [f"{cast.made} phản ánh, kiến nghị (tạo mới)"]


def _cast() -> Cast:
    calendar = get_calendar()
    usernames = [CITIZEN, "chuyenvien.tuphap", "lanhdao.tuphap", "lanhdao.xuanhuong"]
    return Cast(
        clock=Clock(calendar, timeline_for(calendar), timezone.now()),
        users={u.username: u for u in User.objects.filter(username__in=usernames)},
        justice=Agency.objects.get(identifier=JUSTICE),
        ward=Agency.objects.get(identifier=XUAN_HUONG_COMMUNE),
        procedure=Procedure.objects.filter(code=ROUTES["justice"].procedure).first(),
    )


def _send(cast: Cast, at: datetime, content: services.Content, **who: Any) -> Feedback:
    """Feedback sent online at `at`, by the demo citizen's account (`actor`) or by
    someone without an account, each with their own contact."""
    cast.made += 1
    number = cast.made
    sender = services.Sender(
        name=who.get("name", "Phạm Thị Hoa"),
        phone=f"09780000{number:02d}",
        email=f"phananh{number:02d}@{DEMO_EMAIL_DOMAIN}",
        address="12 Trần Phú, Đà Lạt",
    )
    with time_machine.travel(at, tick=False):
        return services.feedback_submit(
            actor=who.get("actor"),
            sender=sender,
            content=content,
            channel=FeedbackChannel.ONLINE,
            address=f"192.0.2.{number}",
        )


def _about(
    cast: Cast, kind: str, subject: str, text: str, **more: Any
) -> services.Content:
    return services.Content(
        kind=kind,
        subject=subject,
        text=text,
        procedure=cast.procedure,
        agency=more.pop("agency", cast.justice),
        **more,
    )


def _act(
    cast: Cast, feedback: Feedback, at: datetime, action: str, who: str, **data: Any
) -> Feedback:
    with time_machine.travel(at, tick=False):
        return services.feedback_apply_action(
            code=feedback.code, action=action, actor=cast.users.get(who), **data
        )


def _answered(cast: Cast, feedback: Feedback, start: datetime, answer: str) -> datetime:
    assigned = cast.after(start, 0.5)
    officer = cast.users["chuyenvien.tuphap"]
    _act(cast, feedback, assigned, "assign", "lanhdao.tuphap", assignee=officer)
    drafted = cast.after(assigned, 4)
    _act(cast, feedback, drafted, "answer", "chuyenvien.tuphap", answer=answer)
    approved = cast.after(drafted, 1)
    _act(cast, feedback, approved, "approve", "lanhdao.tuphap")
    return approved


def _published(cast: Cast) -> None:
    """About a dossier of the demo citizen: answered, published, rated."""
    citizen = cast.users[CITIZEN]
    dossier = (
        Dossier.objects.filter(
            owner=citizen, code__isnull=False, processing_agency=cast.justice
        )
        .order_by("pk")
        .first()
    )
    content = _about(
        cast,
        "conduct",
        "Hồ sơ chậm trả kết quả",
        "Hồ sơ của tôi đã quá ngày hẹn nhưng chưa nhận được thông báo nào.",
        dossier=dossier,
    )
    sent = cast.working(25)
    feedback = _send(cast, sent, content, actor=citizen, name=citizen.full_name)
    approved = _answered(
        cast,
        feedback,
        sent,
        "Sở Tư pháp đã kiểm tra: hồ sơ chậm do chờ xác minh. Kết quả đã được trả; "
        "Sở xin lỗi công dân vì sự chậm trễ.",
    )
    published = cast.after(approved, 1)
    public = "Công dân phản ánh hồ sơ chậm trả kết quả mà không được báo lý do."
    _act(cast, feedback, published, "publish", "chuyenvien.tuphap", public_text=public)
    _act(cast, feedback, cast.after(published, 0.5), "rate", CITIZEN, satisfied=True)


def _approved(cast: Cast) -> None:
    """Answered, waiting for publication."""
    content = _about(
        cast,
        "regulation",
        "Đề nghị bỏ yêu cầu nộp bản sao có chứng thực",
        "Đề nghị cho phép nộp bản chụp giấy tờ khi đã có bản điện tử.",
    )
    sent = cast.working(9)
    feedback = _send(cast, sent, content, name="Võ Minh Tuấn")
    _answered(
        cast,
        feedback,
        sent,
        "Công dân được nộp bản chụp kèm bản chính để đối chiếu; Sở đã kiến nghị "
        "đơn giản hóa thành phần hồ sơ.",
    )


def _due_soon(cast: Cast) -> None:
    """Assigned, its answer due within a working day."""
    content = _about(
        cast,
        "regulation",
        "Biểu mẫu tờ khai khó hiểu",
        "Mục 5 của tờ khai không có hướng dẫn cách ghi.",
    )
    sent = cast.working(14.5)
    feedback = _send(cast, sent, content)
    officer = cast.users["chuyenvien.tuphap"]
    assigned = cast.after(sent, 1)
    _act(cast, feedback, assigned, "assign", "lanhdao.tuphap", assignee=officer)


def _overdue(cast: Cast) -> None:
    """Received and never assigned: overdue in the leader's worklist."""
    content = _about(
        cast,
        "conduct",
        "Cán bộ hẹn nhiều lần",
        "Tôi phải đến bộ phận một cửa ba lần cho cùng một hồ sơ.",
    )
    _send(cast, cast.working(17), content, name="Lê Văn Cường")


def _info_requested(cast: Cast) -> None:
    content = _about(
        cast, "other", "Góp ý về chỗ để xe", "Khu vực để xe chật.", agency=cast.ward
    )
    sent = cast.working(3)
    feedback = _send(cast, sent, content)
    note = "Đề nghị cho biết địa điểm và thời gian cụ thể."
    asked = cast.after(sent, 1)
    _act(cast, feedback, asked, "request_info", "lanhdao.xuanhuong", note=note)


def _transferred(cast: Cast) -> None:
    content = _about(
        cast,
        "regulation",
        "Thời gian chứng thực tại phường",
        "Phường chỉ chứng thực buổi sáng, đề nghị làm cả buổi chiều.",
    )
    sent = cast.working(4)
    feedback = _send(cast, sent, content, name="Đặng Thu Trang")
    note = "Thuộc thẩm quyền của phường."
    moved = cast.after(sent, 1)
    _act(
        cast, feedback, moved, "transfer", "lanhdao.tuphap", agency=cast.ward, note=note
    )


def _spam(cast: Cast) -> None:
    content = _about(cast, "other", "Khuyến mãi lớn", "Mua hàng giảm giá tại ...")
    sent = cast.working(6)
    feedback = _send(cast, sent, content)
    note = "Quảng cáo, không phải phản ánh."
    _act(
        cast, feedback, cast.after(sent, 0.5), "mark_spam", "lanhdao.tuphap", note=note
    )


STORIES: tuple[Callable[[Cast], None], ...] = (
    _published,
    _approved,
    _due_soon,
    _overdue,
    _info_requested,
    _transferred,
    _spam,
)
