"""About sixty demo dossiers in every status, spread over the past months.

Every dossier is made through the services, as the pages would make it, and its
history is then moved back in time: after each action, everything the dossier has
recorded so far (dates, events, files, hand-overs, pauses, rating) is shifted into
the past by the time the next step is meant to take. Deadlines computed by the
services move with it, so a dossier handled slower than its legal time is late, and
open dossiers can be placed overdue or due soon. The same seed gives the same
dossiers (relative to the day the seed runs); seeding again adds nothing.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from accounts.models import Agency, User
from core.calendar import get_calendar
from demo.accounts import COMMUNE_IDENTIFIERS, XUAN_HUONG
from dossiers import services
from dossiers.models import (
    ClockPause,
    DeliveryMethod,
    Dossier,
    DossierEvent,
    DossierFile,
    DossierStep,
    SatisfactionRating,
)
from dossiers.workflow import DossierStatus
from procedures.models import Procedure, RequiredComponent
from stats.services import stats_rebuild

# Walk-in applicants get an address at this domain: it marks the demo's dossiers.
DEMO_EMAIL_DOMAIN = "nguoinop.example.vn"
JUSTICE = "000.00.04.H36"
LAND_OFFICE = "000.01.07.H36"
FINANCE = "000.00.05.H36"
XUAN_HUONG_COMMUNE = COMMUNE_IDENTIFIERS[XUAN_HUONG]

# A one-page PDF with a line of text: what a scanned paper looks like in the demo.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 60>>stream\n"
    b"BT /F1 18 Tf 72 760 Td (Ban scan giay to - du lieu mau) Tj ET\n"
    b"endstream endobj\n"
    b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class Route:
    """Who handles a procedure in the demo: counter, officer and (if any) leader."""

    procedure: str
    agency: str
    clerk: str
    officer: str
    leader: str | None


ROUTES = {
    "justice": Route(
        "2.000635.000.00.00.H36",
        JUSTICE,
        "motcua.tinh",
        "chuyenvien.tuphap",
        "lanhdao.tuphap",
    ),
    "birth": Route(
        "1.001193.000.00.00.H36",
        XUAN_HUONG_COMMUNE,
        "motcua.xuanhuong",
        "chuyenvien.xuanhuong",
        "lanhdao.xuanhuong",
    ),
    "marital": Route(
        "1.004873.000.00.00.H36",
        XUAN_HUONG_COMMUNE,
        "motcua.xuanhuong",
        "chuyenvien.xuanhuong",
        "lanhdao.xuanhuong",
    ),
    "will": Route(
        "2.001019.000.00.00.H36",
        XUAN_HUONG_COMMUNE,
        "motcua.xuanhuong",
        "chuyenvien.xuanhuong",
        "lanhdao.xuanhuong",
    ),
    # The land office has no leader among the demo accounts: its dossiers stop at
    # the approval step.
    "land": Route(
        "1.012786.H36", LAND_OFFICE, "motcua.tinh", "chuyenvien.datdai", None
    ),
    "business": Route("2.001610.000.00.00.H36", FINANCE, "motcua.tinh", "", None),
}
BEFORE_RECEPTION = frozenset(
    {
        DossierStatus.DRAFT,
        DossierStatus.SUBMITTED,
        DossierStatus.INCOMPLETE,
        DossierStatus.REFUSED,
        DossierStatus.WITHDRAWN,
    }
)
CLERKS = ("motcua.tinh", "motcua.xuanhuong")
ONLINE_APPLICANTS = ("068090001234", "068185004321", "5800123456")


@dataclass(frozen=True)
class Plan:
    route: str
    status: str
    online: bool = True
    owner: str = "068090001234"
    late: bool = False
    supplement: bool = False
    apology: bool = False
    due: str = ""  # for open dossiers: "overdue", "soon" or "" (not due yet)
    rated: bool = False


def _plans() -> list[Plan]:
    """The demo's dossiers: every status, both channels, late and on time."""
    bình, business = ONLINE_APPLICANTS[1], ONLINE_APPLICANTS[2]
    plans = [
        Plan("justice", "draft"),
        Plan("birth", "draft", owner=bình),
        # At the counters, waiting for reception (the clerk journey uses the first).
        Plan("justice", "submitted"),
        Plan("justice", "submitted", owner=bình),
        Plan("birth", "submitted", owner=bình),
        Plan("business", "submitted", owner=business),
        Plan("land", "submitted"),
        Plan("marital", "incomplete", owner=bình),
        Plan("justice", "incomplete"),
        Plan("will", "refused"),
        Plan("business", "refused", owner=business),
        # Waiting for an officer.
        Plan("justice", "received"),
        Plan("justice", "received", online=False),
        Plan("will", "received", online=False),
        Plan("business", "received", owner=business),
        # Being processed: overdue, due soon, in time.
        Plan("justice", "processing", due="overdue"),
        Plan("justice", "processing", online=False, due="overdue"),
        Plan("justice", "processing", due="soon", owner=bình),
        Plan("justice", "processing", online=False, due="soon"),
        Plan("justice", "processing", online=False, apology=True),
        Plan("marital", "processing", online=False),
        Plan("will", "processing", online=False, due="soon"),
        Plan("land", "processing", due="overdue"),
        Plan("land", "processing", online=False),
        Plan("justice", "supplement_requested", owner=bình),
        Plan("marital", "supplement_requested"),
        Plan("land", "supplement_requested"),
        Plan("justice", "awaiting_approval"),
        Plan("justice", "awaiting_approval", online=False, late=True),
        Plan("will", "awaiting_approval", online=False),
        Plan("land", "awaiting_approval", online=False),
        Plan("justice", "result_ready", owner=bình),
        Plan("birth", "result_ready", online=False),
        Plan("marital", "result_ready", online=False, supplement=True),
        Plan("justice", "result_ready", online=False, late=True),
        Plan("justice", "withdrawal_requested"),
        Plan("justice", "withdrawn", owner=bình),
        Plan("marital", "withdrawn"),
        Plan("justice", "stopped", online=False),
        Plan("will", "stopped", online=False, late=True),
    ]
    returned = [
        Plan("justice", "returned", rated=True),
        Plan("justice", "returned", owner=bình, rated=True, supplement=True),
        Plan("justice", "returned", online=False),
        Plan("justice", "returned", online=False, late=True),
        Plan("justice", "returned", online=False, late=True, apology=True),
        Plan("justice", "returned", online=False),
        Plan("birth", "returned", rated=True),
        Plan("birth", "returned", online=False),
        Plan("birth", "returned", online=False),
        Plan("birth", "returned", online=False, late=True),
        Plan("marital", "returned", owner=bình, rated=True),
        Plan("marital", "returned", online=False),
        Plan("marital", "returned", online=False, supplement=True),
        Plan("will", "returned", online=False),
        Plan("will", "returned", online=False, late=True),
        Plan("will", "returned", rated=True),
        Plan("justice", "returned", owner=business, rated=True),
        Plan("birth", "returned", online=False),
        Plan("marital", "returned", online=False),
        Plan("justice", "returned", online=False, apology=True),
    ]
    return plans + returned


FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "K'")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Đức", "Thu")
GIVEN_NAMES = ("An", "Bảo", "Cúc", "Dũng", "Hà", "Hùng", "Lan", "Long", "Mai", "Nam")
STREETS = ("Phan Đình Phùng", "Bùi Thị Xuân", "Hai Bà Trưng", "3 Tháng 2", "Yersin")
PHONE_PREFIXES = ("090", "091", "098", "097", "086", "035", "083")
SUPPLEMENT_NOTES = (
    "Bổ sung bản sao giấy khai sinh có chứng thực.",
    "Tờ khai thiếu chữ ký của người yêu cầu; đề nghị ký và nộp lại.",
    "Bổ sung giấy ủy quyền có chứng thực của người được ủy quyền.",
)
REFUSAL_NOTES = (
    "Yêu cầu không thuộc thẩm quyền giải quyết; đề nghị liên hệ UBND xã nơi cư trú.",
    "Người yêu cầu không thuộc đối tượng được cấp theo quy định.",
)
APOLOGY_NOTES = (
    "Phải xác minh thông tin hộ tịch tại cơ quan khác nên chưa trả kết quả đúng hẹn.",
    "Cán bộ thụ lý nghỉ ốm đột xuất, chưa bàn giao kịp thời.",
)
STOP_NOTES = (
    "Người yêu cầu đề nghị rút hồ sơ bằng văn bản.",
    "Hồ sơ có dấu hiệu giả mạo giấy tờ; chuyển cơ quan chức năng xác minh.",
)


# --- Moving a dossier's history back in time ---


def _shift(
    dossier_id: int, delta: timedelta, *, received: bool, apologized: bool
) -> None:
    """Everything this dossier has recorded happened `delta` earlier."""
    if delta <= timedelta(0):
        return
    Dossier.objects.filter(pk=dossier_id).update(
        **{
            name: F(name) - delta
            for name in (
                "created_at",
                "submitted_at",
                "received_at",
                "legal_due_at",
                "due_at",
                "apologized_at",
                "resolved_at",
                "returned_at",
            )
        }
    )
    DossierEvent.objects.filter(dossier_id=dossier_id).update(at=F("at") - delta)
    DossierFile.objects.filter(dossier_id=dossier_id).update(
        uploaded_at=F("uploaded_at") - delta
    )
    if not received:
        return  # no hand-overs, pauses, ratings or apologies yet
    DossierStep.objects.filter(dossier_id=dossier_id).update(
        started_at=F("started_at") - delta,
        due_at=F("due_at") - delta,
        finished_at=F("finished_at") - delta,
    )
    ClockPause.objects.filter(dossier_id=dossier_id).update(
        started_at=F("started_at") - delta, ended_at=F("ended_at") - delta
    )
    SatisfactionRating.objects.filter(dossier_id=dossier_id).update(
        created_at=F("created_at") - delta
    )
    if apologized:
        _shift_apology_dates(dossier_id, delta)


def _shift_apology_dates(dossier_id: int, delta: timedelta) -> None:
    """The new appointment an apology gave is kept in the event's data, as text."""
    for event in DossierEvent.objects.filter(dossier_id=dossier_id, action="apologize"):
        moment = datetime.fromisoformat(event.data["new_due_at"]) - delta
        data = {**event.data, "new_due_at": moment.isoformat()}
        DossierEvent.objects.filter(pk=event.pk).update(data=data)


# --- Making one dossier ---


@dataclass
class Maker:
    rng: random.Random
    users: dict[str, User]
    procedures: dict[str, Procedure]
    agencies: dict[str, Agency]
    people: int = 0

    def hours(self, low: float, high: float) -> timedelta:
        return timedelta(hours=self.rng.uniform(low, high))

    def pick(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options)

    def upload(self, name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")

    def walk_in(self) -> services.Applicant:
        self.people += 1
        name = " ".join(
            (self.pick(FAMILY_NAMES), self.pick(MIDDLE_NAMES), self.pick(GIVEN_NAMES))
        )
        phone = self.pick(PHONE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"
        return services.Applicant(
            kind="person",
            name=name.replace("K' ", "K'"),
            id_number=f"068{self.rng.randrange(10**9):09d}",
            phone=phone,
            email=f"nguoinop{self.people:03d}@{DEMO_EMAIL_DOMAIN}",
            address=f"{self.rng.randint(1, 199)} {self.pick(STREETS)}, Đà Lạt",
        )


def _papers(procedure: Procedure) -> list[RequiredComponent]:
    return [c for c in procedure.components.all() if not c.is_note and c.is_mandatory]


def _create(maker: Maker, plan: Plan, route: Route) -> Dossier:
    procedure = maker.procedures[route.procedure]
    agency = maker.agencies[route.agency]
    post = procedure.result_by_post and maker.rng.random() < 0.2
    delivery = {
        "delivery_method": DeliveryMethod.POST if post else DeliveryMethod.COUNTER,
        "delivery_address": "Hộp thư 12, Bưu điện Đà Lạt" if post else "",
    }
    if not plan.online:
        return services.dossier_intake(
            clerk=maker.users[route.clerk],
            procedure=procedure,
            processing_agency=agency,
            applicant=maker.walk_in(),
            components=[
                (c, maker.upload(f"ban-quet-{c.position}.pdf"))
                for c in _papers(procedure)
            ],
            **delivery,
        )
    owner = maker.users[plan.owner]
    dossier = services.dossier_create_online(
        owner=owner,
        procedure=procedure,
        processing_agency=agency,
        applicant=services.Applicant.of_user(owner),
        **delivery,
    )
    for component in _papers(procedure):
        services.dossier_file_add(
            dossier=dossier,
            actor=owner,
            upload=maker.upload(f"giay-to-{component.position}.pdf"),
            component=component,
        )
    return dossier


class Story:
    """One dossier's actions, each after a pause moved into the past."""

    def __init__(self, maker: Maker, plan: Plan, dossier: Dossier) -> None:
        self.maker, self.plan, self.dossier = maker, plan, dossier
        self.route = ROUTES[plan.route]

    def user(self, username: str) -> User:
        return self.maker.users[username]

    @property
    def clerk(self) -> str:
        """The demo clerk at the dossier's receiving centre (online dossiers go to
        the centre that routing chooses), else the route's."""
        for username in CLERKS:
            user = self.maker.users.get(username)
            if user and user.agency_id == self.dossier.receiving_agency_id:
                return username
        return self.route.clerk

    def wait(self, delta: timedelta) -> None:
        received = self.dossier.status not in BEFORE_RECEPTION
        _shift(self.dossier.pk, delta, received=received, apologized=self.plan.apology)

    def act(self, wait: timedelta, action: str, actor: str, **data: object) -> None:
        self.wait(wait)
        self.dossier = services.dossier_apply_action(
            code=self.dossier.reference, action=action, actor=self.user(actor), **data
        )

    def remaining(self) -> timedelta:
        """Time left until the appointment, as it stands now."""
        due = Dossier.objects.values_list("due_at", flat=True).get(pk=self.dossier.pk)
        return max((due or timezone.now()) - timezone.now(), timedelta(hours=2))


def _tell(maker: Maker, plan: Plan) -> Dossier:
    route = ROUTES[plan.route]
    story = Story(maker, plan, _create(maker, plan, route))
    if plan.status == "draft":
        return _finish(story, maker.hours(1, 48))
    if plan.online:
        story.act(maker.hours(0.2, 3), "submit", plan.owner)
        if plan.status == "submitted":
            return _finish(story, maker.hours(0.5, 20))
        if _before_reception(story):
            return story.dossier
        story.act(maker.hours(2, 20), "receive", story.clerk)
    if plan.status == "received":
        return _finish(story, maker.hours(0.5, 6))
    return _process(story)


def _before_reception(story: Story) -> bool:
    """The statuses that end at the counter; True when the story is over."""
    plan, maker = story.plan, story.maker
    if plan.status in ("incomplete", "refused"):
        action = "return_for_supplement" if plan.status == "incomplete" else "refuse"
        notes = SUPPLEMENT_NOTES if plan.status == "incomplete" else REFUSAL_NOTES
        story.act(maker.hours(2, 20), action, story.clerk, note=maker.pick(notes))
        _finish(story, maker.hours(4, 24 * 20))
        return True
    if plan.status == "withdrawn":
        story.act(maker.hours(1, 30), "withdraw", plan.owner, note="Nộp nhầm thủ tục.")
        _finish(story, maker.hours(24, 24 * 60))
        return True
    return False


def _process(story: Story) -> Dossier:
    plan, route, maker = story.plan, story.route, story.maker
    # How long processing takes: a share of the legal time, or more when late.
    budget = story.remaining()
    spend = budget * maker.rng.uniform(1.2, 1.8) if plan.late else budget * 0.5
    if plan.due:
        spend = budget * 0.2
    assigner = route.leader or route.officer
    story.act(spend * 0.1, "assign", assigner, assignee=story.user(route.officer))
    if plan.apology:
        _apologize(story, spend * 0.2)
    if plan.status == "supplement_requested" or plan.supplement:
        story.act(
            spend * 0.1,
            "request_supplement",
            route.officer,
            note=maker.pick(SUPPLEMENT_NOTES),
        )
        if plan.status == "supplement_requested":
            return _finish(story, maker.hours(2, 40))
        supplier = plan.owner if plan.online else story.clerk
        story.act(
            maker.hours(8, 60), "supply", supplier, note="Đã nộp giấy tờ theo yêu cầu."
        )
    if plan.status in ("processing", "withdrawal_requested", "stopped"):
        return _open_end(story, spend)
    return _resolve(story, spend)


def _apologize(story: Story, wait: timedelta) -> None:
    story.wait(wait)
    due = Dossier.objects.values_list("due_at", flat=True).get(pk=story.dossier.pk)
    story.act(
        timedelta(0),
        "apologize",
        story.route.officer,
        note=story.maker.pick(APOLOGY_NOTES),
        # A working moment some working days after the current appointment.
        new_due_at=get_calendar().add_working_days(
            due or timezone.now(), story.maker.rng.randint(3, 7)
        ),
    )


def _open_end(story: Story, spend: timedelta) -> Dossier:
    plan, route, maker = story.plan, story.route, story.maker
    if plan.status == "withdrawal_requested":
        story.act(
            spend * 0.2, "request_withdrawal", plan.owner, note="Không còn nhu cầu."
        )
        return _finish(story, maker.hours(1, 20))
    if plan.status == "stopped":
        story.act(spend * 0.3, "stop", route.officer, note=maker.pick(STOP_NOTES))
        return _finish(story, maker.hours(24 * 3, 24 * 90))
    return _finish_due(story)


def _resolve(story: Story, spend: timedelta) -> Dossier:
    plan, route, maker = story.plan, story.route, story.maker
    story.wait(spend * 0.5)
    services.dossier_file_add(
        dossier=story.dossier,
        actor=story.user(route.officer),
        upload=maker.upload("ket-qua-giai-quyet.pdf"),
        kind=DossierFile.Kind.RESULT,
    )
    story.act(maker.hours(0.1, 1), "forward", route.officer, note="Đủ điều kiện.")
    if plan.status == "awaiting_approval" or route.leader is None:
        return _finish(story, maker.hours(1, 6))
    story.act(spend * 0.2, "approve", route.leader)
    if plan.status == "result_ready":
        return _finish(story, maker.hours(1, 30))
    story.act(maker.hours(2, 48), "return_result", story.clerk)
    if plan.rated:
        _rate(story)
    return _finish(story, maker.hours(24, 24 * 150))


def _rate(story: Story) -> None:
    rng = story.maker.rng
    overall = rng.choice((5, 5, 4, 4, 3, 2))
    story.wait(story.maker.hours(2, 30))
    services.rating_submit(
        dossier=story.dossier,
        actor=story.user(story.plan.owner),
        scores={
            "overall": overall,
            "on_time": min(5, overall + rng.choice((0, 1))),
            "staff_attitude": rng.choice((4, 5)),
            "publicity": rng.choice((3, 4, 5)),
            "online_quality": rng.choice((3, 4, 5)),
        },
        contacts=rng.choice((0, 0, 1, 2)),
        comment=rng.choice(
            ("", "Cán bộ hướng dẫn tận tình.", "Cần rút ngắn thời gian.")
        ),
    )


def _finish(story: Story, ago: timedelta, snap: bool = True) -> Dossier:
    """Move the whole story `ago` into the past, adjusted (by less than a day) so
    that an appointment falls at the end of a working day, as the services set it
    when the clock starts in the morning."""
    due = Dossier.objects.values_list("due_at", flat=True).get(pk=story.dossier.pk)
    if due is not None and snap:
        landed = timezone.localtime(due - ago)
        closing = landed.replace(hour=17, minute=0, second=0, microsecond=0)
        ago = due - closing
    story.wait(ago)
    return story.dossier


def _finish_due(story: Story) -> Dossier:
    """Place an open dossier's appointment: passed, within a working day, or later."""
    due = Dossier.objects.values_list("due_at", flat=True).get(pk=story.dossier.pk)
    now = timezone.now()
    targets = {
        "overdue": now - story.maker.hours(30, 80),
        "soon": now + story.maker.hours(1, 3),
        "": now + story.maker.hours(30, 90),
    }
    ago = (due - targets[story.plan.due]) if due else timedelta(0)
    return _finish(story, ago, snap=story.plan.due != "soon")


# --- Seeding ---


@contextmanager
def _forms_rendered_on_first_download() -> Iterator[None]:
    """The embedded run executes tasks eagerly: rendering the demo's ~80 official
    forms would take a minute. Here they are queued instead (lost without a worker),
    and the download view renders each on first use."""
    from egov.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = eager


def seed_dossiers(rng: random.Random) -> list[str]:
    """Create the demo dossiers once; returns lines describing what is there."""
    if Dossier.objects.filter(applicant_email__endswith=DEMO_EMAIL_DOMAIN).exists():
        return [_summary("hồ sơ mẫu đã có")]
    seed_plans(rng, _plans())
    # The stories are backdated with queryset updates, after the statistics were
    # recorded at today's times: count them again from the dossiers.
    stats_rebuild()
    return [_summary("tạo mới")]


def seed_plans(rng: random.Random, plans: list[Plan]) -> list[Dossier]:
    """Tell the stories of `plans` (the demo's, or a few for a test)."""
    with _forms_rendered_on_first_download(), transaction.atomic():
        maker = _maker(rng)
        return [_tell(maker, plan) for plan in plans]


def _maker(rng: random.Random) -> Maker:
    usernames = {
        name
        for route in ROUTES.values()
        for name in (route.clerk, route.officer, route.leader)
        if name
    } | set(ONLINE_APPLICANTS + CLERKS)
    codes = {route.procedure for route in ROUTES.values()}
    identifiers = {route.agency for route in ROUTES.values()}
    return Maker(
        rng=rng,
        users={u.username: u for u in User.objects.filter(username__in=usernames)},
        procedures={
            p.code: p
            for p in Procedure.objects.filter(code__in=codes).prefetch_related(
                "components"
            )
        },
        agencies={
            str(a.identifier): a
            for a in Agency.objects.filter(identifier__in=identifiers)
        },
    )


def _summary(state: str) -> str:
    rows = Dossier.objects.order_by().values_list("status").annotate(n=Count("pk"))
    counts = {str(DossierStatus(status).label): n for status, n in rows}
    listed = ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))
    return f"{sum(counts.values())} hồ sơ ({state}): {listed}"
