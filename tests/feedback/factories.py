"""Feedback built through the services, with traits for the lifecycle states."""

from dataclasses import dataclass

import pytest

from accounts.models import AdministrativeLevel, Agency, AgencyKind, Role, User
from feedback import services
from feedback.models import Feedback, FeedbackChannel
from tests.accounts.factories import AgencyFactory, CitizenFactory, StaffFactory

PHONE = "0912345678"


@dataclass
class World:
    province: Agency
    department: Agency
    other: Agency
    citizen: User
    clerk: User
    officer: User
    leader: User
    other_leader: User


def build_world() -> World:
    province = AgencyFactory(
        identifier="000.00.00.H36",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=AdministrativeLevel.PROVINCE,
        name="Ủy ban nhân dân tỉnh Lâm Đồng",
    )
    department = AgencyFactory(identifier="000.00.04.H36", parent=province)
    other = AgencyFactory(identifier="000.00.05.H36", parent=province)
    return World(
        province=province,
        department=department,
        other=other,
        citizen=CitizenFactory(full_name="Nguyễn Văn An", phone=PHONE),
        clerk=StaffFactory(agency=department, roles=[Role.CLERK]),
        officer=StaffFactory(agency=department, roles=[Role.OFFICER]),
        leader=StaffFactory(agency=department, roles=[Role.LEADER]),
        other_leader=StaffFactory(agency=other, roles=[Role.LEADER]),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


def send(world: World, **content) -> Feedback:
    """Feedback sent online by the world's citizen to the department."""
    values = {
        "kind": "conduct",
        "subject": "Hồ sơ trễ hạn",
        "text": "Hồ sơ của tôi đã quá hẹn mà chưa có kết quả.",
        "agency": world.department,
        **content,
    }
    return services.feedback_submit(
        actor=world.citizen,
        sender=services.Sender.of_user(world.citizen),
        content=services.Content(**values),
        channel=FeedbackChannel.ONLINE,
        address="203.0.113.7",
    )


def act(feedback: Feedback, action: str, actor: User | None, **data) -> Feedback:
    return services.feedback_apply_action(
        code=feedback.code, action=action, actor=actor, **data
    )


ANSWER = "Cơ quan đã kiểm tra và trả kết quả hồ sơ; xin lỗi vì sự chậm trễ."


def advance(world: World, feedback: Feedback, to: str) -> Feedback:
    """Move feedback along the main path until it reaches status `to`."""
    steps = {
        "received": lambda f: act(f, "assign", world.leader, assignee=world.officer),
        "assigned": lambda f: act(f, "answer", world.officer, answer=ANSWER),
        "answered": lambda f: act(f, "approve", world.leader),
        "approved": lambda f: act(f, "publish", world.officer),
    }
    while feedback.status != to:
        feedback = steps[feedback.status](feedback)
    return feedback


def in_status(world: World, status: str) -> Feedback:
    """Feedback in `status`, reached through the services."""
    feedback = send(world)
    if status == "info_requested":
        return act(feedback, "request_info", world.leader, note="Cần số hồ sơ.")
    closing = {
        "rejected": ("reject", {"note": "Không thuộc phạm vi."}),
        "spam": ("mark_spam", {"note": "Quảng cáo."}),
        "merged": ("merge", {"duplicate_of": send(world)}),
    }
    if status in closing:
        action, data = closing[status]
        return act(feedback, action, world.leader, **data)
    return advance(world, feedback, status)
