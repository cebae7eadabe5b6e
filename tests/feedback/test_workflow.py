"""The feedback workflow pinned by hand: status × action × actor → allowed or why not.

Each cell lists five actors in this order: the sender (the citizen's account),
a clerk of the agency, the officer of the agency (assigned when the feedback is),
the agency's leader, and a leader of another agency: "+" allowed, "r" refused for
the role ("role"), "s" refused in this status ("state"), "g" refused by the guard.
Written from DOMAIN.md §4.2 and docs/feedback.md, never derived from
feedback.workflow.TRANSITIONS.
"""

import pytest

from core.exceptions import InvalidInput, TransitionNotAllowed
from feedback import workflow
from tests.accounts.factories import AgencyFactory
from tests.feedback.factories import act, in_status, send

pytestmark = pytest.mark.django_db

ACTIONS = (
    "reject", "request_info", "supply_info", "transfer", "assign", "answer",
    "send_back", "approve", "publish", "mark_spam", "merge", "rate",
)  # fmt: skip
STATUSES = (
    "received", "info_requested", "assigned", "answered", "approved", "published",
    "rejected", "spam", "merged",
)  # fmt: skip
STATE = "sssss"
MATRIX: dict[str, dict[str, str]] = {
    "received": {
        "reject": "rr++r",
        "request_info": "rr++r",
        "transfer": "rr++r",
        "assign": "rrr+r",
        "mark_spam": "rr++r",
        "merge": "rr++r",
    },
    "info_requested": {"supply_info": "++rrr", "mark_spam": "rr++r", "merge": "rr++r"},
    "assigned": {
        "request_info": "rr++r",
        "transfer": "rr++r",
        "assign": "rrr+r",
        "answer": "rr++r",
        "merge": "rr++r",
    },
    "answered": {"send_back": "rrr+r", "approve": "rrr+r"},
    "approved": {"publish": "rr++r", "rate": "+rrrr"},
    "published": {"rate": "+rrrr"},
    "rejected": {},
    "spam": {},
    "merged": {},
}
INPUTS = {
    "reject": {"note": "Không thuộc phạm vi."},
    "request_info": {"note": "Cần số hồ sơ."},
    "supply_info": {"note": "Số hồ sơ là 000.00.04.H36-261201-0001."},
    "transfer": {"note": "Thuộc thẩm quyền của Sở khác."},
    "answer": {"answer": "Nội dung trả lời."},
    "send_back": {"note": "Cần nêu rõ căn cứ."},
    "mark_spam": {"note": "Quảng cáo."},
    "rate": {"satisfied": True},
}


def test_the_table_covers_every_status_and_action():
    assert set(MATRIX) == set(STATUSES) == set(workflow.FeedbackStatus.values)
    assert set(ACTIONS) == set(workflow.ACTIONS) - {"submit"}


def _actors(world):
    return [world.citizen, world.clerk, world.officer, world.leader, world.other_leader]


def _inputs(world, action, feedback):
    data = dict(INPUTS.get(action, {}))
    if action == "transfer":
        data["agency"] = world.other
    if action == "assign":
        data["assignee"] = world.officer
    if action == "merge":
        data["duplicate_of"] = send(world)
    return data


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ACTIONS)
def test_only_listed_moves_are_allowed(world, status, action):
    expected = MATRIX[status].get(action, STATE)
    feedback = in_status(world, status)
    refusals = [
        (actor, cell)
        for actor, cell in zip(_actors(world), expected, strict=True)
        if cell != "+"
    ]
    for actor, cell in refusals:
        with pytest.raises(TransitionNotAllowed) as refused:
            act(feedback, action, actor, **_inputs(world, action, feedback))
        assert refused.value.code == {"r": "role", "s": "state"}[cell], (actor, cell)
    allowed = [
        a for a, cell in zip(_actors(world), expected, strict=True) if cell == "+"
    ]
    for index, actor in enumerate(allowed):
        target = feedback if index == 0 else in_status(world, status)
        moved = act(target, action, actor, **_inputs(world, action, target))
        assert moved.events.count() >= 2


def test_an_anonymous_sender_who_proved_the_code_rates(world):
    feedback = in_status(world, "approved")
    with pytest.raises(TransitionNotAllowed):
        act(feedback, "rate", None, satisfied=True)
    rated = services_rate(feedback)
    assert rated.satisfied is True


def services_rate(feedback):
    from feedback import services

    return services.feedback_apply_action(
        code=feedback.code, action="rate", actor=None, as_sender=True, satisfied=True
    )


# --- Guards ---


def test_information_is_asked_once(world):
    feedback = act(send(world), "request_info", world.leader, note="Cần số hồ sơ.")
    feedback = act(feedback, "supply_info", world.citizen, note="Số hồ sơ là …")
    with pytest.raises(TransitionNotAllowed) as refused:
        act(feedback, "request_info", world.leader, note="Thêm nữa.")
    assert refused.value.code == "info_repeated"


def test_transfer_goes_to_another_agency(world):
    with pytest.raises(InvalidInput) as refused:
        act(send(world), "transfer", world.leader, agency=world.department, note="x")
    assert refused.value.field == "agency"


def test_a_feedback_is_not_merged_into_itself_nor_into_closed_feedback(world):
    feedback = send(world)
    with pytest.raises(InvalidInput) as refused:
        act(feedback, "merge", world.leader, duplicate_of=feedback)
    assert refused.value.code == "same_feedback"
    spam = act(send(world), "mark_spam", world.leader, note="Quảng cáo.")
    with pytest.raises(InvalidInput) as refused:
        act(feedback, "merge", world.leader, duplicate_of=spam)
    assert refused.value.code == "duplicate_closed"


def test_a_sender_rates_once(world):
    feedback = act(in_status(world, "approved"), "rate", world.citizen, satisfied=False)
    with pytest.raises(TransitionNotAllowed) as refused:
        act(feedback, "rate", world.citizen, satisfied=True)
    assert refused.value.code == "rated"


@pytest.mark.parametrize(
    ("public_text", "publish_name", "refused"),
    [
        ("Ông Nguyễn Văn An phản ánh hồ sơ trễ hạn.", False, True),
        ("Ông Nguyễn Văn An phản ánh hồ sơ trễ hạn.", True, False),
        ("Liên hệ 0912 345 678 để biết thêm.", True, True),
        ("Một công dân phản ánh hồ sơ trễ hạn.", False, False),
    ],
)
def test_publication_carries_no_personal_data_without_consent(
    world, public_text, publish_name, refused
):
    feedback = advance(world, send(world, publish_name=publish_name), "approved")
    if refused:
        with pytest.raises(InvalidInput) as error:
            act(feedback, "publish", world.leader, public_text=public_text)
        assert error.value.code == "personal_data"
    else:
        published = act(feedback, "publish", world.leader, public_text=public_text)
        assert published.is_published and published.public_text == public_text


def test_a_required_input_is_a_field_error(world):
    with pytest.raises(InvalidInput) as refused:
        act(send(world), "reject", world.leader)
    assert refused.value.field == "note"


def test_an_officer_of_another_agency_is_not_assignable(world):
    from accounts.models import Role
    from tests.accounts.factories import StaffFactory

    stranger = StaffFactory(agency=AgencyFactory(), roles=[Role.OFFICER])
    with pytest.raises(InvalidInput) as refused:
        act(send(world), "assign", world.leader, assignee=stranger)
    assert refused.value.field == "assignee"


from tests.feedback.factories import advance  # noqa: E402
