"""About sixty demo dossiers in every status, spread over the past months.

Every dossier is made through the services, as the pages would make it, at the
moment each action happens: the story of a dossier is planned on the working-day
calendar (clerks, officers and leaders act on working days in working hours;
citizens file online at any hour) and each action runs with the clock set to its
moment (time-machine). So the guards judge every action at its own time, codes are
dated by the day of submission or reception, and deadlines are the ones the law
gives. Dossiers handled slower than their legal time are late, and open dossiers
are placed overdue or due soon by choosing when they were received. The same seed
gives the same dossiers (relative to the day the seed runs); seeding again adds
nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Agency, User
from core.calendar import WorkingCalendar, get_calendar
from demo.accounts import COMMUNE_IDENTIFIERS, XUAN_HUONG
from dossiers import services
from dossiers.deadlines import appointment_for
from dossiers.models import DeliveryMethod, Dossier, DossierFile
from dossiers.workflow import DossierStatus
from procedures.models import Procedure, RequiredComponent
from stats.services import stats_rebuild
from stats.worktime import WorkTimeline, timeline_for

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
    withdrawal: bool = False  # stopped at the applicant's request


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
        Plan("justice", "stopped", owner=bình, withdrawal=True),
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
# A stop for ineligibility says why; a stop at the applicant's request follows
# their withdrawal request and says so.
STOP_NOTES = (
    "Hồ sơ có dấu hiệu giả mạo giấy tờ; chuyển cơ quan chức năng xác minh.",
    "Người yêu cầu không đủ điều kiện theo quy định; dừng giải quyết.",
)
STOP_AT_REQUEST_NOTE = "Dừng giải quyết theo đề nghị rút hồ sơ của người yêu cầu."
SUPPLY_NOTE = "Đã bổ sung giấy tờ theo yêu cầu."


# --- The clock of the stories ---

MICRO = timedelta(microseconds=1)


@dataclass(frozen=True)
class Clock:
    """The calendar the stories are planned on, and the moment the seed runs."""

    calendar: WorkingCalendar
    line: WorkTimeline
    now: datetime

    def forward(self, moment: datetime, work: timedelta) -> datetime:
        """The moment `work` of working time after `moment`, a minute into working
        time (never on a period's boundary): someone at work could act then."""
        position = self.line.position(moment) + work // MICRO
        return self.line.moment(position + timedelta(minutes=1) // MICRO)

    def back(self, moment: datetime, work: timedelta) -> datetime:
        """A working moment `work` of working time before `moment`."""
        return self.forward(self.line.subtract(moment, work), timedelta(0))

    def between(self, start: datetime, end: datetime) -> timedelta:
        return self.line.between(start, end)


# --- Making one dossier ---


@dataclass
class Maker:
    rng: random.Random
    users: dict[str, User]
    procedures: dict[str, Procedure]
    agencies: dict[str, Agency]
    clock: Clock | None = None
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
        eid_level=None,  # the demo's citizens log in with passwords
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
    """One dossier's actions, each run through the services at its own moment."""

    def __init__(self, maker: Maker, plan: Plan) -> None:
        if maker.clock is None:
            raise ValueError("A story needs the maker's clock.")
        self.maker, self.plan, self.clock = maker, plan, maker.clock
        self.route = ROUTES[plan.route]
        self.procedure = maker.procedures[self.route.procedure]
        self.dossier: Dossier

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

    def create(self, at: datetime) -> None:
        with time_machine.travel(at, tick=False):
            self.dossier = _create(self.maker, self.plan, self.route)

    def act(self, at: datetime, action: str, actor: str, **data: object) -> None:
        with time_machine.travel(at, tick=False):
            self.dossier = services.dossier_apply_action(
                code=self.dossier.reference,
                action=action,
                actor=self.user(actor),
                **data,
            )


def _tell(maker: Maker, plan: Plan) -> Dossier:
    story = Story(maker, plan)
    if plan.status in BEFORE_RECEPTION:
        return _before_reception(story)
    if plan.status == "received":
        received = story.clock.back(story.clock.now, maker.hours(0.5, 6))
        end = story.clock.now
    elif plan.status in CLOSED:
        received, end = _closed_span(story)
    else:
        received, end = _received_for_due(story), story.clock.now
    _file_and_receive(story, received)
    if plan.status == "received":
        return story.dossier
    return _process(story, received, end)


def _before_reception(story: Story) -> Dossier:
    """The statuses that end before reception: the citizen files online at any
    hour, the clerk answers in working hours."""
    plan, maker, clock = story.plan, story.maker, story.clock
    if plan.status in ("incomplete", "refused"):
        answered = clock.back(clock.now - maker.hours(4, 24 * 20), timedelta(0))
        submitted = answered - maker.hours(1, 30)
    else:
        answered = clock.now  # nobody at the counter has answered yet
        submitted = clock.now - maker.hours(
            0.5, 20 if plan.status != "withdrawn" else 60
        )
    story.create(submitted - maker.hours(0.2, 3))
    if plan.status == "draft":
        return story.dossier
    story.act(submitted, "submit", plan.owner)
    if plan.status in ("incomplete", "refused"):
        action = "return_for_supplement" if plan.status == "incomplete" else "refuse"
        notes = SUPPLEMENT_NOTES if plan.status == "incomplete" else REFUSAL_NOTES
        story.act(answered, action, story.clerk, note=maker.pick(notes))
    elif plan.status == "withdrawn":
        withdrawn = submitted + (answered - submitted) * maker.rng.uniform(0.1, 0.9)
        story.act(withdrawn, "withdraw", plan.owner, note="Nộp nhầm thủ tục.")
    return story.dossier


def _file_and_receive(story: Story, received: datetime) -> None:
    """Online: filed hours before the clerk receives it; at the counter: at once."""
    plan, maker = story.plan, story.maker
    if not plan.online:
        story.create(received)
        return
    submitted = received - maker.hours(0.5, 20)
    story.create(submitted - maker.hours(0.2, 3))
    story.act(submitted, "submit", plan.owner)
    story.act(received, "receive", story.clerk)


def _legal_work(story: Story) -> timedelta:
    """The working time the procedure allows, from a reception on a morning."""
    clock = story.clock
    morning = clock.back(clock.now - timedelta(days=200), timedelta(0))
    due = appointment_for(story.procedure, morning, clock.calendar)
    return clock.between(morning, due) if due else clock.calendar.day_length * 5


def _closed_span(story: Story) -> tuple[datetime, datetime]:
    """A returned or stopped dossier: handled within its legal time or (late) well
    beyond it, and finished some days to months ago."""
    maker, clock = story.maker, story.clock
    factor = (
        maker.rng.uniform(1.8, 2.2) if story.plan.late else maker.rng.uniform(0.3, 0.8)
    )
    span = _legal_work(story) * factor / STEPS["approve"]
    end = clock.back(clock.now - maker.hours(48, 24 * 150), timedelta(0))
    return clock.back(end, span), end


def _received_for_due(story: Story) -> datetime:
    """An open dossier's reception, chosen so that its appointment has passed, is
    within a working day, or is still days away (the plan's `due`)."""
    clock, plan = story.clock, story.plan
    now = clock.now
    wanted = plan.due or ("overdue" if plan.late else "")
    _low, high = {
        "overdue": (now - timedelta(hours=80), now - timedelta(hours=30)),
        "soon": (now, clock.calendar.add_working_time(now, clock.calendar.day_length)),
        "": (now + timedelta(hours=30), now + timedelta(hours=240)),
    }[wanted]
    # Moving the reception back moves the appointment back: the first reception
    # whose appointment reaches the window's top or below is the one (a reception on a
    # morning ago lands inside, since the window spans a working day or more).
    received = clock.back(now, timedelta(hours=2))
    for _step in range(3000):
        due = appointment_for(story.procedure, received, clock.calendar)
        if due is None or due <= high:
            return received
        received = clock.back(received, timedelta(minutes=30))
    return received


def _process(story: Story, received: datetime, end: datetime) -> Dossier:
    plan, route, maker = story.plan, story.route, story.maker
    span = story.clock.between(received, end) - timedelta(minutes=10)

    def at(step: str) -> datetime:
        return story.clock.forward(received, span * STEPS[step])

    officer = story.user(route.officer)
    story.act(at("assign"), "assign", route.leader or route.officer, assignee=officer)
    if plan.apology:
        _apologize(story, at("apologize"))
    if plan.status == "supplement_requested" or plan.supplement:
        note = maker.pick(SUPPLEMENT_NOTES)
        story.act(
            at("request_supplement"), "request_supplement", route.officer, note=note
        )
        if plan.status == "supplement_requested":
            return story.dossier
        supplier = plan.owner if plan.online else story.clerk
        story.act(at("supply"), "supply", supplier, note=SUPPLY_NOTE)
    if plan.status == "processing":
        return story.dossier
    if plan.status in ("withdrawal_requested", "stopped"):
        return _withdraw_or_stop(story, at)
    return _resolve(story, at)


# Where each action falls in the working time from reception to the story's end.
STEPS = {
    "assign": 0.1,
    "apologize": 0.25,
    "request_supplement": 0.35,
    "supply": 0.5,
    "request_withdrawal": 0.6,
    "stop": 0.7,
    "forward": 0.85,
    "approve": 0.92,
    "return_result": 1.0,
}
CLOSED = frozenset({DossierStatus.RETURNED, DossierStatus.STOPPED})


def _apologize(story: Story, at: datetime) -> None:
    """A new appointment some working days after the current one, at its end."""
    due = Dossier.objects.values_list("due_at", flat=True).get(pk=story.dossier.pk)
    new_due = story.clock.calendar.add_working_days(
        due or at, story.maker.rng.randint(3, 7)
    )
    story.act(
        at,
        "apologize",
        story.route.officer,
        note=story.maker.pick(APOLOGY_NOTES),
        new_due_at=new_due,
    )


def _withdraw_or_stop(story: Story, at: Callable[[str], datetime]) -> Dossier:
    plan, route, maker = story.plan, story.route, story.maker
    if plan.status == "withdrawal_requested" or plan.withdrawal:
        story.act(
            at("request_withdrawal"),
            "request_withdrawal",
            plan.owner,
            note="Không còn nhu cầu.",
        )
    if plan.status == "stopped":
        note = STOP_AT_REQUEST_NOTE if plan.withdrawal else maker.pick(STOP_NOTES)
        story.act(at("stop"), "stop", route.officer, note=note)
    return story.dossier


def _resolve(story: Story, at: Callable[[str], datetime]) -> Dossier:
    plan, route, maker = story.plan, story.route, story.maker
    with time_machine.travel(at("forward"), tick=False):
        services.dossier_file_add(
            dossier=story.dossier,
            actor=story.user(route.officer),
            upload=maker.upload("ket-qua-giai-quyet.pdf"),
            kind=DossierFile.Kind.RESULT,
        )
    story.act(at("forward"), "forward", route.officer, note="Đủ điều kiện.")
    if plan.status == "awaiting_approval" or route.leader is None:
        return story.dossier
    story.act(at("approve"), "approve", route.leader)
    if plan.status == "result_ready":
        return story.dossier
    story.act(at("return_result"), "return_result", story.clerk)
    if plan.rated:
        _rate(story, at("return_result") + maker.hours(2, 30))
    return story.dossier


def _rate(story: Story, at: datetime) -> None:
    rng = story.maker.rng
    overall = rng.choice((5, 5, 4, 4, 3, 2))
    with time_machine.travel(at, tick=False):
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
    # As after any load: the figures are counted once more from the dossiers.
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
    calendar = get_calendar()
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
        clock=Clock(calendar, timeline_for(calendar), timezone.now()),
    )


def _summary(state: str) -> str:
    rows = Dossier.objects.order_by().values_list("status").annotate(n=Count("pk"))
    counts = {str(DossierStatus(status).label): n for status, n in rows}
    listed = ", ".join(f"{label} {n}" for label, n in sorted(counts.items()))
    return f"{sum(counts.values())} hồ sơ ({state}): {listed}"
