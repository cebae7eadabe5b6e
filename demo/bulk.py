"""A year of activity in bulk: `seed_demo --dossiers N` for demos and benchmarks.

Dossiers of the demo procedures and agencies are received on working days, in
working hours, over the past year and run their course: most are resolved early or
on time, a few percent late, some wait for a supplement (a clock pause), a few
online ones are refused, returned as incomplete or withdrawn, a few are stopped;
recent ones are still open.

The rows bypass the services on purpose, for speed (COPY on PostgreSQL, bulk_create
elsewhere), but not the rules: every event is an edge of the workflow table
(`transition_for`), its form comes from the table's effects, codes are made by
`format_code`, deadlines by `appointment_for` and `shift_deadline`, an apology's
notice by `apology_in_time`, and the statistics by the same `contribute` through
`stats_rebuild`. They are the rows the services would have written, without the
control sheet's steps and the rendered forms; tests/demo/test_bulk.py replays
bulk dossiers through the services and compares.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import AccountType, Agency, Role, User
from core.calendar import WorkingCalendar, get_calendar
from dossiers import routing
from dossiers.deadlines import apology_in_time, appointment_for, shift_deadline
from dossiers.models import (
    ClockPause,
    Dossier,
    DossierEvent,
    DossierFile,
    DossierSequence,
    SatisfactionRating,
)
from dossiers.services import FORM_EFFECTS
from dossiers.services.codes import format_code
from dossiers.workflow import DossierStatus as S
from dossiers.workflow import target_of, transition_for
from procedures.models import Channel, Procedure
from stats.services import copy_rows, stats_rebuild
from stats.worktime import WorkTimeline, timeline_for

CHUNK = 20000
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu", "Quốc", "Kim")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam")
NOTE = "Ghi chú"
# An online draft's first event is no edge of the table: the service creates the
# draft (dossiers.services.intake). Counter intake is the table's edge from nothing.
CREATION = {"create": S.DRAFT}


@dataclass
class Context:
    """What every generated dossier draws from: the catalogue and the staff."""

    rng: random.Random
    calendar: WorkingCalendar
    timeline: WorkTimeline
    now: datetime
    pairs: list[tuple[Procedure, Agency]]
    centres: dict[int, int]
    officers: dict[int, list[int]]
    leaders: dict[int, list[int]]
    clerks: dict[int, list[int]]
    citizens: list[int]
    people: dict[int, tuple[int | None, str]]  # user -> agency, name (as events keep)
    days: list[date]
    day_length: int
    sequences: dict[tuple[int, date], int] = field(default_factory=dict)
    identifiers: dict[int, str] = field(default_factory=dict)
    components: dict[int, list[int]] = field(default_factory=dict)
    procedures: dict[int, Procedure] = field(default_factory=dict)
    next_id: int = 1


@dataclass
class Plan:
    """One dossier and its history, as rows to write."""

    dossier: dict[str, Any]
    events: list[dict[str, Any]]
    pauses: list[dict[str, Any]]
    files: list[dict[str, Any]]
    rating: dict[str, Any] | None


def seed_bulk(count: int, *, seed: int = 2026, log: Callable[[str], None]) -> int:
    """Create `count` dossiers of the past year; returns how many were written."""
    context = _context(random.Random(seed))  # noqa: S311 (demo data)
    if not context.pairs:
        log("Không có thủ tục nào gắn với cơ quan giải quyết: bỏ qua.")
        return 0
    written = 0
    with transaction.atomic():
        while written < count:
            size = min(CHUNK, count - written)
            _write([_plan(context) for _ in range(size)])
            written += size
            log(f"{written}/{count} hồ sơ")
        _reset_sequences()
        _store_day_sequences(context.sequences)
    _analyze()
    report = stats_rebuild()
    log(f"Thống kê: {report.buckets} dòng tổng hợp.")
    return written


# --- Context ---


def _context(rng: random.Random) -> Context:
    calendar = get_calendar()
    now = timezone.now()
    today = timezone.localdate(now)
    days = [
        today - timedelta(days=offset)
        for offset in range(365)
        if calendar.is_working_day(today - timedelta(days=offset))
    ]
    context = Context(
        rng=rng,
        calendar=calendar,
        timeline=timeline_for(calendar),
        now=now,
        pairs=[],
        centres={},
        officers=_staff_of(Role.OFFICER),
        leaders=_staff_of(Role.LEADER),
        clerks=_staff_of(Role.CLERK),
        citizens=list(
            User.objects.filter(account_type=AccountType.CITIZEN)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        people={
            pk: (agency, name)
            for pk, agency, name in User.objects.values_list(
                "pk", "agency_id", "full_name"
            )
        },
        days=days,
        day_length=int(calendar.day_length / timedelta(microseconds=1)),
        identifiers={
            pk: identifier
            for pk, identifier in Agency.objects.values_list("id", "identifier")
            if identifier
        },
        next_id=(Dossier.objects.aggregate(last=Max("id"))["last"] or 0) + 1,
    )
    context.sequences = {
        (agency, day): last
        for agency, day, last in DossierSequence.objects.values_list(
            "agency_id", "day", "last"
        )
    }
    _choose_pairs(context)
    return context


def _choose_pairs(context: Context) -> None:
    """The (procedure, agency) pairs the services could run end to end: a receiving
    centre with an identifier (for codes) and a clerk, an officer and a leader."""
    procedures = Procedure.objects.prefetch_related("agencies", "components")
    for procedure in procedures.order_by("pk"):
        for agency in procedure.agencies.order_by("pk"):
            centre = routing.receiving_centre_for(agency).pk
            if (
                centre in context.identifiers
                and context.clerks.get(centre)
                and context.officers.get(agency.pk)
                and context.leaders.get(agency.pk)
            ):
                context.centres[agency.pk] = centre
                context.pairs.append((procedure, agency))
                context.procedures[procedure.pk] = procedure
        # What the reception guard asks for (Dossier.missing_components).
        context.components[procedure.pk] = [
            c.pk for c in procedure.components.all() if c.is_mandatory and not c.is_note
        ]


def _staff_of(role: str) -> dict[int, list[int]]:
    staff: defaultdict[int, list[int]] = defaultdict(list)
    users = User.objects.filter(roles__role=role, agency__isnull=False)
    for pk, agency in users.values_list("pk", "agency_id").order_by("pk"):
        staff[agency].append(pk)
    return staff


# --- One dossier ---


class _History:
    """Events appended in order, each an edge of the workflow table; only those up to
    now are kept."""

    def __init__(self, context: Context, dossier: dict[str, Any]) -> None:
        self.context, self.dossier = context, dossier
        self.events: list[dict[str, Any]] = []
        self.status = ""

    def add(
        self,
        action: str,
        at: datetime,
        actor: int | None,
        data: dict[str, Any] | None = None,
    ) -> bool:
        if at > self.context.now:
            return False
        target, effects = self._edge(action)
        agency, name = self.context.people.get(actor or 0, (None, ""))
        self.events.append(
            {
                "dossier_id": self.dossier["id"],
                "action": action,
                "from_status": self.status,
                "to_status": target,
                "actor_id": actor,
                "actor_name": name,
                "agency_id": agency,
                "at": at,
                "note": NOTE if action in _NEEDS_NOTE else "",
                "form_code": next(
                    (FORM_EFFECTS[n] for n in effects if n in FORM_EFFECTS), ""
                ),
                "data": data or {},
            }
        )
        self.status = target
        return True

    def _edge(self, action: str) -> tuple[str, tuple[str, ...]]:
        if not self.status and action in CREATION:
            return CREATION[action], ()
        transition = transition_for(action, self.status)
        if transition is None:
            raise ValueError(f"{action} from {self.status} is not in the table")
        return target_of(transition, self.status), transition.effects


# The actions whose guard asks for a note, and supplies (an empty one says nothing).
_NEEDS_NOTE = {
    "refuse",
    "return_for_supplement",
    "request_supplement",
    "supply",
    "apologize",
    "stop",
}


def _plan(context: Context) -> Plan:
    rng = context.rng
    procedure, agency = rng.choice(context.pairs)
    online = procedure.files_online and context.citizens and rng.random() < 0.6
    received = _received_at(context)
    dossier = _dossier_row(context, procedure, agency, received)
    history = _History(context, dossier)
    plan = Plan(dossier, history.events, [], [], None)
    clerk = _one(rng, context.clerks.get(dossier["receiving_agency_id"]))
    if online:
        _file_online(context, plan, history, received)
        if not _reception(context, plan, history, received, clerk):
            return _finish(plan, history)
    else:
        _intake(context, plan, history, received, clerk)
    _processing(context, plan, history, procedure, agency)
    return _finish(plan, history)


def _received_at(context: Context) -> datetime:
    """A moment of working time on a working day of the past year, not after now."""
    while True:
        day = context.rng.choice(context.days)
        start = context.timeline.position(timezone.make_aware(_morning(day)))
        moment = context.timeline.moment(
            start + context.rng.randrange(context.day_length)
        )
        if moment <= context.now:
            return moment.replace(microsecond=0)


def _morning(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def _dossier_row(
    context: Context, procedure: Procedure, agency: Agency, received: datetime
) -> dict[str, Any]:
    rng = context.rng
    context.next_id += 1
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return {
        "id": context.next_id - 1,
        "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
        "procedure_id": procedure.pk,
        "receiving_agency_id": context.centres[agency.pk],
        "processing_agency_id": agency.pk,
        "applicant_name": name,
        "applicant_id_number": f"068{rng.randrange(10**9):09d}",
        "applicant_phone": f"09{rng.randrange(10**8):08d}",
        "applicant_address": "tỉnh Lâm Đồng",
        "created_at": received,
        "received_at": None,
    }


def _code(context: Context, agency: int, day: date) -> str:
    """The next code of `agency` on `day`, as dossiers.services.codes numbers them."""
    number = context.sequences.get((agency, day), 0) + 1
    context.sequences[(agency, day)] = number
    return format_code(context.identifiers[agency], day, number)


def _one(rng: random.Random, choices: list[int] | None) -> int | None:
    return rng.choice(choices) if choices else None


def _file_online(
    context: Context, plan: Plan, history: _History, received: datetime
) -> None:
    """A citizen's draft, its files, and its submission (any hour: it is online);
    the code is dated by the day of submission."""
    rng, dossier = context.rng, plan.dossier
    owner = rng.choice(context.citizens)
    submitted = received - timedelta(minutes=rng.randrange(5, 900))
    dossier.update(channel=Channel.ONLINE, owner_id=owner, submitted_at=submitted)
    dossier["created_at"] = submitted - timedelta(minutes=rng.randrange(5, 60))
    history.add("create", dossier["created_at"], owner)
    _component_files(context, plan, dossier["created_at"], owner, digitized=False)
    history.add("submit", submitted, owner)
    receiving = dossier["receiving_agency_id"]
    dossier["code"] = _code(context, receiving, timezone.localdate(submitted))


def _intake(
    context: Context,
    plan: Plan,
    history: _History,
    received: datetime,
    clerk: int | None,
) -> None:
    """A walk-in dossier: scanned, coded by the day of reception, received at once."""
    dossier = plan.dossier
    dossier.update(channel=Channel.COUNTER, owner_id=None, submitted_at=received)
    receiving = dossier["receiving_agency_id"]
    dossier["code"] = _code(context, receiving, timezone.localdate(received))
    history.add("intake", received, clerk)  # from nothing to received
    _component_files(context, plan, received, clerk, digitized=True)
    _set_received(context, plan, received)


def _reception(
    context: Context,
    plan: Plan,
    history: _History,
    received: datetime,
    clerk: int | None,
) -> bool:
    """An online dossier is refused, returned incomplete, withdrawn, or received;
    True when received. The clerk acts in working hours."""
    draw, owner = context.rng.random(), plan.dossier["owner_id"]
    later = _working_after(context, received, timedelta(minutes=30))
    if draw < 0.03:
        history.add("refuse", later, clerk)
        return False
    if draw < 0.07:
        history.add("return_for_supplement", later, clerk)
        if draw < 0.045:
            history.add("withdraw", later + timedelta(days=2), owner)
            return False
        received = _working_after(context, received, 3 * context.calendar.day_length)
        history.add("supply", received - timedelta(hours=1), owner)
    elif draw < 0.085:
        history.add("withdraw", later, owner)
        return False
    return _receive(context, plan, history, received, clerk)


def _receive(
    context: Context,
    plan: Plan,
    history: _History,
    received: datetime,
    clerk: int | None,
) -> bool:
    if not history.add("receive", received, clerk):
        return False
    _set_received(context, plan, received)
    return True


def _set_received(context: Context, plan: Plan, received: datetime) -> None:
    """The appointment of the receipt, which pauses and apologies move later."""
    dossier = plan.dossier
    procedure = context.procedures[dossier["procedure_id"]]
    dossier["received_at"] = received
    dossier["legal_due_at"] = dossier["due_at"] = dossier["receipt_due_at"] = (
        appointment_for(procedure, received, context.calendar)
    )


def _working_after(context: Context, moment: datetime, span: timedelta) -> datetime:
    return context.timeline.add(moment, span)


def _component_files(
    context: Context, plan: Plan, at: datetime, by: int | None, *, digitized: bool
) -> None:
    for component in context.components[plan.dossier["procedure_id"]]:
        plan.files.append(_file(plan, "component", at, digitized, by))
        plan.files[-1]["component_id"] = component


def _file(
    plan: Plan, kind: str, at: datetime, digitized: bool, by: int | None
) -> dict[str, Any]:
    number = len(plan.files)
    return {
        "dossier_id": plan.dossier["id"],
        "kind": kind,
        "file": f"seed/{plan.dossier['uuid']}-{kind}-{number}.pdf",
        "original_name": f"{kind}.pdf",
        "content_type": "application/pdf",
        "size": 120_000,
        "sha256": "0" * 64,
        "is_digitized": digitized,
        "uploaded_by_id": by,
        "uploaded_at": at,
    }


def _processing(
    context: Context,
    plan: Plan,
    history: _History,
    procedure: Procedure,
    agency: Agency,
) -> None:
    """Assignment, pauses, signature (or a stop) and the return, in working time."""
    rng, line = context.rng, context.timeline
    dossier = plan.dossier
    if history.status != S.RECEIVED:
        return
    start = line.position(context.calendar.clock_start(dossier["received_at"]))
    due = dossier["legal_due_at"]
    budget = (line.position(due) - start) if due else 10 * context.day_length
    budget = max(budget, context.day_length // 4)
    officer = _one(rng, context.officers.get(agency.pk))
    leader = _one(rng, context.leaders.get(agency.pk))
    share = rng.uniform(1.05, 1.8) if rng.random() < 0.035 else rng.uniform(0.15, 0.97)
    work = int(budget * share)
    cursor = start + rng.randrange(max(1, min(work // 5, context.day_length)))
    assignee = {"assignee": context.people[officer][1]} if officer else None
    if not history.add("assign", line.moment(cursor), leader, assignee):
        return
    dossier["assignee_id"] = officer
    _pauses(context, plan, history, cursor, start + work, officer)
    end = start + work + _paused(plan, context.timeline)
    if history.status != S.PROCESSING:
        return
    ending = rng.random()
    if ending < 0.015:
        at = _after(context, history, start + work // 2)
        _stop(context, plan, history, at, officer, ending < 0.005)
        return
    if share > 1 and dossier["legal_due_at"] and rng.random() < 0.4:
        _apology(context, plan, history, leader)
    _sign(context, plan, history, end, officer, leader)


def _pauses(
    context: Context,
    plan: Plan,
    history: _History,
    begin: int,
    end: int,
    officer: int | None,
) -> None:
    """Zero, one (12%) or two (1%) supplement requests; each one over moves the
    deadlines by the working time it lasted, as the services do."""
    rng, line, dossier = context.rng, context.timeline, plan.dossier
    draw = rng.random()
    count = 2 if draw < 0.01 else (1 if draw < 0.13 else 0)
    cursor = begin
    # The applicant supplies online; a walk-in applicant at the counter, by the clerk.
    supplier = dossier["owner_id"] or _one(
        rng, context.clerks.get(dossier["receiving_agency_id"])
    )
    for _ in range(count):
        cursor = rng.randrange(cursor, max(cursor + 1, end))
        length = rng.randrange(context.day_length // 2, 5 * context.day_length)
        started = line.moment(cursor)
        if not history.add("request_supplement", started, officer):
            break
        pause = {"dossier_id": dossier["id"], "reason": NOTE,
                 "started_at": started, "ended_at": None}  # fmt: skip
        plan.pauses.append(pause)
        dossier["supplement_requests"] = len(plan.pauses)
        resumed = line.moment(cursor + length)
        if not history.add("supply", resumed, supplier):
            break
        pause["ended_at"] = resumed
        paused = context.calendar.working_time_between(started, resumed)
        for name in ("legal_due_at", "due_at"):
            dossier[name] = shift_deadline(dossier[name], paused, context.calendar)
        cursor += length


def _after(context: Context, history: _History, position: int) -> int:
    """`position`, or just after the last event (events stay in time order)."""
    last = context.timeline.position(history.events[-1]["at"])
    return max(position, last + 60 * 10**6)


def _paused(plan: Plan, line: WorkTimeline) -> int:
    return sum(
        line.position(p["ended_at"]) - line.position(p["started_at"])
        for p in plan.pauses
        if p["ended_at"] is not None
    )


def _stop(
    context: Context,
    plan: Plan,
    history: _History,
    at: int,
    actor: int | None,
    withdrawal: bool,
) -> None:
    """Stopped by the officer, at the online applicant's request or not."""
    moment = context.timeline.moment(at)
    owner = plan.dossier["owner_id"]
    if withdrawal and owner and not history.add("request_withdrawal", moment, owner):
        return
    stopped = _working_after(context, moment, timedelta(hours=1))
    if history.add("stop", stopped, actor):
        plan.dossier["resolved_at"] = history.events[-1]["at"]
        plan.dossier["assignee_id"] = None


def _apology(
    context: Context, plan: Plan, history: _History, leader: int | None
) -> None:
    line, dossier = context.timeline, plan.dossier
    due = line.position(dossier["legal_due_at"])
    before = line.moment(_after(context, history, due - context.day_length))
    new_due = line.moment(due + 3 * context.day_length)
    data = {
        "new_due_at": new_due.isoformat(),
        "late_notice": not apology_in_time(before, dossier["due_at"], context.calendar),
    }
    if history.add("apologize", before, leader, data):
        dossier["apologized_at"] = before
        dossier["apology_late"] = data["late_notice"]
        dossier["due_at"] = new_due


def _sign(
    context: Context,
    plan: Plan,
    history: _History,
    end: int,
    officer: int | None,
    leader: int | None,
) -> None:
    line, rng, dossier = context.timeline, context.rng, plan.dossier
    forwarded = line.moment(_after(context, history, end - context.day_length // 16))
    if forwarded > context.now:
        return
    plan.files.append(_file(plan, "result", forwarded, False, officer))
    history.add("forward", forwarded, officer)
    signed = line.moment(_after(context, history, end))
    if not history.add("approve", signed, leader):
        return
    dossier["resolved_at"], dossier["assignee_id"] = signed, None
    returned = line.moment(
        line.position(signed)
        + rng.randrange(context.day_length // 4, 3 * context.day_length)
    )
    clerk = _one(rng, context.clerks.get(dossier["receiving_agency_id"]))
    if not history.add("return_result", returned, clerk):
        return
    dossier["returned_at"] = returned
    # Only the owner of an online dossier can rate it (rating_submit).
    if dossier["owner_id"] and rng.random() < 0.4:
        plan.rating = _rating(rng, dossier["id"], returned + timedelta(hours=2))


def _rating(rng: random.Random, dossier_id: int, at: datetime) -> dict[str, Any]:
    overall = rng.choices((5, 4, 3, 2, 1), weights=(55, 30, 8, 5, 2))[0]
    scores = dict.fromkeys(
        ("overall", "on_time", "staff_attitude", "publicity", "online_quality"),
        overall,
    )
    return {"dossier_id": dossier_id, "contacts": 1, "created_at": at, **scores}


def _finish(plan: Plan, history: _History) -> Plan:
    dossier = plan.dossier
    dossier["status"] = history.status
    dossier["updated_at"] = history.events[-1]["at"]
    if plan.rating and history.status != S.RETURNED:
        plan.rating = None
    return plan


# --- Writing ---


BULK_MODELS = (Dossier, DossierEvent, ClockPause, DossierFile, SatisfactionRating)


def _analyze() -> None:
    """Fresh planner statistics: right after a bulk load PostgreSQL still believes
    the tables nearly empty until autovacuum comes by, and plans the staff lists as
    for a few rows (measured at 200,000 dossiers: 550 ms a list instead of 0.4 ms).
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in BULK_MODELS:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


def _write(plans: list[Plan]) -> None:
    _insert(Dossier, [plan.dossier for plan in plans], with_id=True)
    _insert(DossierEvent, [event for plan in plans for event in plan.events])
    _insert(ClockPause, [pause for plan in plans for pause in plan.pauses])
    _insert(DossierFile, [file for plan in plans for file in plan.files])
    _insert(SatisfactionRating, [plan.rating for plan in plans if plan.rating])


def _insert(
    model: type[models.Model], rows: list[dict[str, Any]], with_id: bool = False
) -> None:
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**row) for row in rows], batch_size=1000
        )
        return
    fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
    names = [f.column for f in fields]
    copy_rows(model._meta.db_table, names, _prepared(fields, rows))


def _prepared(fields: list[Any], rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    """Values in column order; psycopg adapts them itself, JSON needs a wrapper."""
    from psycopg.types.json import Jsonb

    names = [f.attname for f in fields]
    defaults = [f.get_default() for f in fields]
    json = [isinstance(f, models.JSONField) for f in fields]
    for row in rows:
        values = [row.get(n, d) for n, d in zip(names, defaults, strict=True)]
        yield [
            Jsonb(v) if is_json else v for v, is_json in zip(values, json, strict=True)
        ]


def _reset_sequences() -> None:
    """Ids were given explicitly: move the id sequences past them."""
    if connection.vendor != "postgresql":
        return
    models_ = (Dossier, DossierEvent, ClockPause, DossierFile, SatisfactionRating)
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            sql = f"SELECT COALESCE(MAX(id), 1) FROM {table}"  # noqa: S608
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), ({sql}))", [table]
            )


def _store_day_sequences(sequences: dict[tuple[int, date], int]) -> None:
    """The next code of each agency and day continues after the seeded ones."""
    existing = {(row.agency_id, row.day): row for row in DossierSequence.objects.all()}
    new, changed = [], []
    for (agency, day), last in sequences.items():
        row = existing.get((agency, day))
        if row is None:
            new.append(DossierSequence(agency_id=agency, day=day, last=last))
        elif row.last < last:
            row.last = last
            changed.append(row)
    DossierSequence.objects.bulk_create(new, batch_size=5000)
    DossierSequence.objects.bulk_update(changed, ["last"], batch_size=5000)
