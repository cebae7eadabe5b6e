"""A year of activity in bulk: `seed_demo --dossiers N` for demos and benchmarks.

Dossiers of the demo procedures and agencies are received on working days over the
past year and run their course: most are resolved early or on time, a few percent
late, some wait for a supplement (a clock pause), a few are refused, returned as
incomplete, withdrawn or stopped; recent ones are still open. Deadlines come from
the working-day calendar (holidays respected) through the statistics timeline.
Rows go in with COPY on PostgreSQL (psycopg 3) and bulk_create elsewhere, and the
aggregates are rebuilt at the end. The rows bypass the services on purpose, for
speed; they are the rows the services would have written (without the control
sheet's steps and the rendered forms).
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

from accounts.models import Agency, Role, User
from core.calendar import WorkingCalendar, get_calendar
from dossiers import routing
from dossiers.deadlines import appointment_for
from dossiers.models import (
    ClockPause,
    Dossier,
    DossierEvent,
    DossierFile,
    DossierSequence,
    SatisfactionRating,
)
from dossiers.workflow import DossierStatus as S
from procedures.models import Channel, Procedure, TimeUnit
from stats.services import copy_rows, stats_rebuild
from stats.worktime import WorkTimeline, timeline_for

CHUNK = 20000
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu", "Quốc", "Kim")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam")


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
    days: list[date]
    day_length: int
    sequences: dict[tuple[int, date], int] = field(default_factory=dict)
    identifiers: dict[int, str] = field(default_factory=dict)
    components: dict[int, int | None] = field(default_factory=dict)
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
    report = stats_rebuild()
    log(f"Thống kê: {report.buckets} dòng tổng hợp.")
    return written


# --- Context ---


def _context(rng: random.Random) -> Context:
    calendar = get_calendar()
    now = timezone.now()
    pairs = [
        (procedure, agency)
        for procedure in Procedure.objects.prefetch_related("agencies", "components")
        for agency in procedure.agencies.all()
    ]
    agencies = {agency.pk: agency for _procedure, agency in pairs}
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
        pairs=pairs,
        centres={pk: routing.receiving_centre_for(a).pk for pk, a in agencies.items()},
        officers=_staff_of(Role.OFFICER),
        leaders=_staff_of(Role.LEADER),
        clerks=_staff_of(Role.CLERK),
        days=days,
        day_length=int(calendar.day_length / timedelta(microseconds=1)),
        next_id=(Dossier.objects.aggregate(last=Max("id"))["last"] or 0) + 1,
    )
    context.identifiers = {
        pk: identifier
        for pk, identifier in Agency.objects.values_list("id", "identifier")
        if identifier
    }
    context.sequences = {
        (agency, day): last
        for agency, day, last in DossierSequence.objects.values_list(
            "agency_id", "day", "last"
        )
    }
    for procedure, _agency in pairs:
        component = next(iter(procedure.components.all()), None)
        context.components[procedure.pk] = component.pk if component else None
    return context


def _staff_of(role: str) -> dict[int, list[int]]:
    staff: defaultdict[int, list[int]] = defaultdict(list)
    users = User.objects.filter(roles__role=role, agency__isnull=False)
    for pk, agency in users.values_list("pk", "agency_id").order_by("pk"):
        staff[agency].append(pk)
    return staff


# --- One dossier ---


class _History:
    """Events appended in order; only those up to now are kept."""

    def __init__(self, context: Context, dossier: dict[str, Any]) -> None:
        self.context, self.dossier = context, dossier
        self.events: list[dict[str, Any]] = []
        self.status = ""

    def add(self, action: str, to: str, at: datetime, actor: int | None = None) -> bool:
        if at > self.context.now:
            return False
        self.events.append(
            {
                "dossier_id": self.dossier["id"],
                "action": action,
                "from_status": self.status,
                "to_status": to,
                "actor_id": actor,
                "at": at,
                "note": "Ghi chú" if action in _NEEDS_NOTE else "",
            }
        )
        self.status = to
        return True


_NEEDS_NOTE = {"refuse", "return_for_supplement", "request_supplement", "stop"}


def _plan(context: Context) -> Plan:
    rng = context.rng
    procedure, agency = rng.choice(context.pairs)
    channel = _channel(rng, procedure)
    received = _received_at(context)
    dossier = _dossier_row(context, procedure, agency, channel, received)
    history = _History(context, dossier)
    plan = Plan(dossier, history.events, [], [], None)
    clerk = _one(rng, context.clerks.get(dossier["receiving_agency_id"]))
    if channel == Channel.ONLINE:
        submitted = received - timedelta(minutes=rng.randrange(5, 900))
        dossier["created_at"] = submitted - timedelta(minutes=rng.randrange(5, 60))
        history.add("create", S.DRAFT, dossier["created_at"])
        history.add("submit", S.SUBMITTED, submitted)
    else:
        history.add("intake", S.SUBMITTED, received, clerk)
    dossier["submitted_at"] = history.events[-1]["at"]
    if not _reception(context, plan, history, received, clerk):
        return _finish(plan, history)
    _processing(context, plan, history, procedure, agency)
    return _finish(plan, history)


def _channel(rng: random.Random, procedure: Procedure) -> str:
    if procedure.service_level < 3:
        return Channel.POST if rng.random() < 0.05 else Channel.COUNTER
    draw = rng.random()
    return (
        Channel.ONLINE
        if draw < 0.6
        else (Channel.POST if draw < 0.63 else Channel.COUNTER)
    )


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
    context: Context,
    procedure: Procedure,
    agency: Agency,
    channel: str,
    received: datetime,
) -> dict[str, Any]:
    rng = context.rng
    receiving = context.centres[agency.pk]
    context.next_id += 1
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    return {
        "id": context.next_id - 1,
        "uuid": uuid.UUID(int=rng.getrandbits(128), version=4),
        "code": _code(context, receiving, timezone.localdate(received)),
        "procedure_id": procedure.pk,
        "receiving_agency_id": receiving,
        "processing_agency_id": agency.pk,
        "applicant_name": name,
        "applicant_id_number": f"068{rng.randrange(10**9):09d}",
        "applicant_phone": f"09{rng.randrange(10**8):08d}",
        "applicant_address": "tỉnh Lâm Đồng",
        "channel": channel,
        "created_at": received,
        "received_at": None,
    }


def _code(context: Context, agency: int, day: date) -> str:
    number = context.sequences.get((agency, day), 0) + 1
    context.sequences[(agency, day)] = number
    identifier = context.identifiers.get(agency, f"000.00.00.X{agency:02d}")
    return f"{identifier}-{day:%y%m%d}-{number:04d}"


def _one(rng: random.Random, choices: list[int] | None) -> int | None:
    return rng.choice(choices) if choices else None


def _reception(
    context: Context,
    plan: Plan,
    history: _History,
    received: datetime,
    clerk: int | None,
) -> bool:
    """Refused, returned incomplete, withdrawn, or received; True when received."""
    draw = context.rng.random()
    later = received + timedelta(minutes=30)
    if draw < 0.02:
        history.add("refuse", S.REFUSED, later, clerk)
        return False
    if draw < 0.045:
        history.add("return_for_supplement", S.INCOMPLETE, later, clerk)
        if draw < 0.03:
            history.add("withdraw", S.WITHDRAWN, later + timedelta(days=2))
            return False
        received = received + timedelta(days=3)
        history.add("supply", S.SUBMITTED, received - timedelta(hours=1))
    elif draw < 0.055:
        history.add("withdraw", S.WITHDRAWN, later)
        return False
    if not history.add("receive", S.RECEIVED, received, clerk):
        return False
    plan.dossier["received_at"] = received
    _component_file(context, plan, received, clerk)
    return True


def _component_file(
    context: Context, plan: Plan, at: datetime, clerk: int | None
) -> None:
    counter = plan.dossier["channel"] != Channel.ONLINE
    if counter and context.rng.random() < 0.02:
        return  # a paper dossier that was not scanned
    plan.files.append(_file(plan, "component", at, counter, clerk))
    plan.files[-1]["component_id"] = context.components[plan.dossier["procedure_id"]]


def _file(
    plan: Plan, kind: str, at: datetime, digitized: bool, by: int | None
) -> dict[str, Any]:
    return {
        "dossier_id": plan.dossier["id"],
        "kind": kind,
        "file": f"seed/{plan.dossier['uuid']}-{kind}.pdf",
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
    received = dossier["received_at"]
    start = line.position(context.calendar.clock_start(received))
    due = _appointment(context, procedure, received)
    budget = (line.position(due) - start) if due else 10 * context.day_length
    budget = max(budget, context.day_length // 4)
    officer = _one(rng, context.officers.get(agency.pk))
    leader = _one(rng, context.leaders.get(agency.pk))
    share = rng.uniform(1.05, 1.8) if rng.random() < 0.035 else rng.uniform(0.15, 0.97)
    work = int(budget * share)
    cursor = start + rng.randrange(max(1, min(work // 5, context.day_length)))
    dossier["assignee_id"] = officer
    history.add("assign", S.PROCESSING, line.moment(cursor), leader)
    shift = _pauses(context, plan, history, cursor, start + work, officer)
    dossier["legal_due_at"] = line.moment(line.position(due) + shift) if due else None
    dossier["due_at"] = dossier["legal_due_at"]
    dossier["receipt_due_at"] = due  # what the receipt said, before any pause
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


def _appointment(
    context: Context, procedure: Procedure, received: datetime
) -> datetime | None:
    unit, amount = procedure.processing_time_unit, procedure.processing_time
    if unit in {TimeUnit.WORKING_DAYS, TimeUnit.HOURS} and amount is not None:
        hours = amount * (8 if unit == TimeUnit.WORKING_DAYS else 1)
        start = context.calendar.clock_start(received)
        return context.timeline.add(start, timedelta(hours=hours))
    return appointment_for(procedure, received, context.calendar)


def _pauses(
    context: Context,
    plan: Plan,
    history: _History,
    begin: int,
    end: int,
    officer: int | None,
) -> int:
    """Zero, one (12%) or two (1%) supplement requests; the working time they
    added to the deadline (only pauses already over have moved it)."""
    rng, line = context.rng, context.timeline
    draw = rng.random()
    count = 2 if draw < 0.01 else (1 if draw < 0.13 else 0)
    shift, cursor = 0, begin
    for _ in range(count):
        cursor = rng.randrange(cursor, max(cursor + 1, end))
        length = rng.randrange(context.day_length // 2, 5 * context.day_length)
        started = line.moment(cursor)
        if not history.add(
            "request_supplement", S.SUPPLEMENT_REQUESTED, started, officer
        ):
            break
        pause = {"dossier_id": plan.dossier["id"], "reason": "Bổ sung giấy tờ",
                 "started_at": started, "ended_at": None}  # fmt: skip
        plan.pauses.append(pause)
        plan.dossier["supplement_requests"] = len(plan.pauses)
        resumed = line.moment(cursor + length)
        if not history.add("supply", S.PROCESSING, resumed):
            break
        pause["ended_at"] = resumed
        shift += line.position(resumed) - line.position(started)
        cursor += length
    return shift


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
    moment = context.timeline.moment(at)
    if withdrawal and not history.add(
        "request_withdrawal", S.WITHDRAWAL_REQUESTED, moment
    ):
        return
    if history.add("stop", S.STOPPED, moment + timedelta(hours=1), actor):
        plan.dossier["resolved_at"] = history.events[-1]["at"]
        plan.dossier["assignee_id"] = None


def _apology(
    context: Context, plan: Plan, history: _History, leader: int | None
) -> None:
    line, dossier = context.timeline, plan.dossier
    due = line.position(dossier["legal_due_at"])
    before = line.moment(_after(context, history, due - context.day_length))
    if history.add("apologize", S.PROCESSING, before, leader):
        dossier["apologized_at"] = before
        dossier["due_at"] = line.moment(
            line.position(dossier["legal_due_at"]) + 3 * context.day_length
        )


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
    if not history.add("forward", S.AWAITING_APPROVAL, forwarded, officer):
        return
    plan.files.append(_file(plan, "result", forwarded, False, officer))
    signed = line.moment(_after(context, history, end))
    if not history.add("approve", S.RESULT_READY, signed, leader):
        return
    dossier["resolved_at"], dossier["assignee_id"] = signed, None
    returned = line.moment(
        line.position(signed)
        + rng.randrange(context.day_length // 4, 3 * context.day_length)
    )
    clerk = _one(rng, context.clerks.get(dossier["receiving_agency_id"]))
    if not history.add("return_result", S.RETURNED, returned, clerk):
        return
    dossier["returned_at"] = returned
    if rng.random() < 0.25:
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
    if history.status not in {S.PROCESSING, S.SUPPLEMENT_REQUESTED,
                              S.AWAITING_APPROVAL, S.WITHDRAWAL_REQUESTED}:  # fmt: skip
        dossier["assignee_id"] = None
    if plan.rating and history.status != S.RETURNED:
        plan.rating = None
    return plan


# --- Writing ---


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
