"""What the official forms print: the data of one event, one dossier or one period.

Read-only helpers for `dossiers.pdf`. Dates and times are formatted here, in the
words of the printed forms ("14 giờ 05 phút, ngày 25/11/2026"), so the templates stay
plain. The forms are legal documents in Vietnamese whatever the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import TWO_TIER_REFORM_DATE, Agency, AgencyKind
from dossiers.deadlines import step_outcome
from dossiers.models import Dossier, DossierEvent, DossierFile, DossierStep
from dossiers.workflow import TRANSITIONS
from procedures.models import FeeStatus, Procedure

SET_2018 = "2018"
SET_2025 = "2025"
# The actions that hand a dossier over: their effects close the open step.
_HAND_OVER_EFFECTS = {
    "start_steps",
    "assign_step",
    "approval_step",
    "back_step",
    "finish_steps",
    "transfer_agency",
}
CLOSING_ACTIONS = frozenset(
    transition.action
    for transition in TRANSITIONS
    if _HAND_OVER_EFFECTS.intersection(transition.effects)
)


# --- Which set of forms ---


def form_set_for_day(day: date) -> str:
    """Circular 01/2018 before the reform day, Circular 03/2025 from it on."""
    return SET_2018 if day < TWO_TIER_REFORM_DATE else SET_2025


def form_set_of(dossier: Dossier) -> str:
    """The set in force when the dossier was received (or filed, if never received)."""
    moment = dossier.received_at or dossier.submitted_at or dossier.created_at
    return form_set_for_day(timezone.localdate(moment))


# --- Words of the printed forms ---


def day_text(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    day = timezone.localdate(moment) if isinstance(moment, datetime) else moment
    return f"{day:%d/%m/%Y}"


def moment_text(moment: datetime | None) -> str:
    """Hour, minute and day, as the forms ask: 14 giờ 05 phút, ngày 25/11/2026."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def short_moment_text(moment: datetime | None) -> str:
    """Day and time for the narrow columns of the logbook: 25/11/2026 14:05."""
    if moment is None:
        return ""
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}"


def place_name() -> str:
    """The province's place name (Lâm Đồng for Tỉnh Lâm Đồng)."""
    return _without_unit(settings.PROVINCE_NAME.strip(), "")


_UNIT_WORDS = ("thành phố ", "tỉnh ", "đặc khu ", "phường ", "xã ", "thị trấn ")


def _without_unit(name: str, unit_type: str) -> str:
    """A local government's name without "Ủy ban nhân dân" and its unit type."""
    for prefix in ("ủy ban nhân dân ", "ubnd "):
        if name.lower().startswith(prefix):
            name = name[len(prefix) :]
    words = (f"{unit_type.strip().lower()} ",) if unit_type.strip() else ()
    for prefix in words + _UNIT_WORDS:
        if name.lower().startswith(prefix):
            return name[len(prefix) :]
    return name


def locality_of(agency: Agency) -> str:
    """The place line of an agency's documents (Decree 30/2020, Annex I): the name
    of the local government it belongs to, the province for provincial bodies."""
    committee = _committee_of(agency)
    if committee is None:
        return place_name()
    return _without_unit(committee.name, committee.unit_type)


def _committee_of(agency: Agency) -> Agency | None:
    return next(
        (
            a
            for a in agency.ancestors(self_too=True)
            if a.kind == AgencyKind.PEOPLES_COMMITTEE
        ),
        None,
    )


def date_words(day: date) -> str:
    """Decree 30/2020 dates: a leading zero for days 1-9 and for months 1 and 2
    only ("ngày 04 tháng 7 năm 2026", "ngày 15 tháng 02 năm 2026")."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date_text(day: date, place: str | None = None) -> str:
    return f"{place or place_name()}, {date_words(day)}"


def vnd_text(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def lookup_url(code: str) -> str:
    """The public lookup page of a dossier, which its QR code opens."""
    query = urlencode({"code": code})
    return f"{settings.SITE_URL.rstrip('/')}/tra-cuu/?{query}"


# --- The issuing agency ---


@dataclass(frozen=True)
class Issuer:
    """The two lines at the top left: the governing body and the issuing agency."""

    governing: str
    name: str
    agency: Agency
    place: str = ""


def issuer_of(agency: Agency) -> Issuer:
    governing = next(
        (a for a in agency.ancestors() if a.kind == AgencyKind.PEOPLES_COMMITTEE), None
    )
    place = locality_of(agency)
    return Issuer(
        governing=unbroken(governing.name.upper(), place) if governing else "",
        name=unbroken(agency.name.upper(), place),
        agency=agency,
        place=place,
    )


def unbroken(text: str, name: str) -> str:
    """`text` with the proper name `name` kept on one line (no "LÂM / ĐỒNG")."""
    if not name:
        return text
    for variant in (name, name.upper()):
        text = text.replace(variant, variant.replace(" ", "\u00a0"))
    return text


# --- Form 01 and the logbook: the book number ---


def book_number(dossier: Dossier) -> tuple[int, int] | None:
    """(book, number): one book a year per receiving agency, numbered by receipt."""
    if dossier.received_at is None:
        return None
    year = timezone.localtime(dossier.received_at).year
    earlier = _received_in_year(dossier.receiving_agency_id, year).filter(
        Q(received_at__lt=dossier.received_at)
        | Q(received_at=dossier.received_at, pk__lte=dossier.pk)
    )
    return year, earlier.count()


def _received_in_year(agency_id: int, year: int) -> QuerySet[Dossier]:
    start = timezone.make_aware(datetime(year, 1, 1))  # noqa: DTZ001 (made aware)
    end = timezone.make_aware(datetime(year + 1, 1, 1))  # noqa: DTZ001
    return Dossier.objects.filter(
        receiving_agency_id=agency_id, received_at__gte=start, received_at__lt=end
    )


# --- Form 01: receipt and appointment ---


@dataclass(frozen=True)
class ComponentRow:
    name: str
    originals: int | None
    copies: int | None
    files: int


def submitted_components(dossier: Dossier) -> list[ComponentRow]:
    """The components supplied, in the order of the procedure, with their copies."""
    files = DossierFile.objects.filter(
        dossier=dossier, kind=DossierFile.Kind.COMPONENT, component__isnull=False
    ).select_related("component")
    counts: dict[int, int] = {}
    components = {}
    for component in (file.component for file in files):
        if component is not None:
            counts[component.pk] = counts.get(component.pk, 0) + 1
            components[component.pk] = component
    ordered = sorted(components.values(), key=lambda component: component.position)
    return [ComponentRow(c.name, c.originals, c.copies, counts[c.pk]) for c in ordered]


def asked_components(event: DossierEvent, dossier: Dossier) -> list[ComponentRow]:
    """The documents a supplement request named; without names, the mandatory
    components still missing."""
    positions = [item["position"] for item in event.data.get("components", [])]
    asked = (
        list(dossier.procedure.components.filter(position__in=positions))
        if positions
        else dossier.missing_components()
    )
    return [ComponentRow(c.name, c.originals, c.copies, 0) for c in asked]


def processing_time_text(procedure: Procedure) -> str:
    if procedure.processing_time is None:
        return procedure.processing_time_text or "Theo quy định của thủ tục"
    unit = procedure.get_processing_time_unit_display()
    return f"{procedure.processing_time} {unit}"


def fee_lines(procedure: Procedure, channel: str = "") -> list[str]:
    """The fees and charges this dossier owes: the items of its channel and those
    of every channel, not another channel's rate."""
    if procedure.fee_status == FeeStatus.FREE:
        return ["Không thu phí, lệ phí"]
    lines = []
    items = procedure.fee_items.all()
    if channel:
        items = items.filter(channel__in=("", channel))
    for item in items[:5]:
        unit = f"/{item.unit}" if item.unit else ""
        lines.append(f"{item.name}: {vnd_text(item.amount)}{unit}")
    if not lines and procedure.fee_text:
        lines.append(procedure.fee_text[:300])
    return lines or ["Theo quy định"]


def receipt_appointment(dossier: Dossier) -> datetime | None:
    """The appointment told at reception, stored then (never recomputed): pauses
    and the apology move the dossier's due date, not what the receipt said."""
    return dossier.receipt_due_at


def delivery_text(dossier: Dossier) -> str:
    text = str(dossier.get_delivery_method_display())
    if dossier.delivery_address:
        text = f"{text}: {dossier.delivery_address}"
    return text


# --- Form 04: the apology ---


def apology_new_due(event: DossierEvent, dossier: Dossier) -> datetime | None:
    value = event.data.get("new_due_at")
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return dossier.due_at
    return dossier.due_at


# --- Form 06: the control sheet ---


@dataclass(frozen=True)
class HandOver:
    """One row of the control sheet: who gave the dossier to whom, when, how timely."""

    position: int
    name: str
    giver: str
    giver_person: str
    receiver: str
    receiver_person: str
    moment: str
    due: str
    outcome: str
    note: str


def hand_overs(dossier: Dossier) -> list[HandOver]:
    steps = list(
        DossierStep.objects.filter(dossier=dossier)
        .select_related("agency", "handler")
        .order_by("position", "started_at", "pk")
    )
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("at", "pk"))
    givers = _givers(steps, events)
    rows = []
    for index, step in enumerate(steps):
        following = steps[index + 1] if index + 1 < len(steps) else None
        giver = givers.get(step.pk) or _person(step)
        # Whoever held the dossier next received it.
        taker = (
            (_person(following) or givers.get(following.pk, "")) if following else ""
        )
        rows.append(_hand_over(step, following, dossier, giver, taker))
    if dossier.returned_at is not None:
        rows.append(_return_row(dossier, dossier.returned_at, len(rows) + 1, events))
    return rows


def _givers(steps: list[DossierStep], events: list[DossierEvent]) -> dict[int, str]:
    """Who handed each finished step over: the actor of the action that closed it.

    Steps close one after another, each by one action whose event is written at or
    after the moment the step finished, so the two sequences pair up in order.
    """
    closing = iter([event for event in events if event.action in CLOSING_ACTIONS])
    finished = sorted(
        (step.finished_at, step.position, step.pk)
        for step in steps
        if step.finished_at is not None
    )
    givers: dict[int, str] = {}
    event = next(closing, None)
    for finished_at, _position, step_pk in finished:
        while event is not None and event.at < finished_at:
            event = next(closing, None)
        if event is None:
            break
        givers[step_pk] = event.actor_name
        event = next(closing, None)
    return givers


def _hand_over(
    step: DossierStep,
    following: DossierStep | None,
    dossier: Dossier,
    giver: str,
    taker: str,
) -> HandOver:
    if following is not None:
        receiver = _unit(following)
    elif step.finished_at is not None and dossier.resolved_at is not None:
        receiver = dossier.receiving_agency.name
    else:
        receiver = ""
    note = f"{step.budget_hours} giờ làm việc"
    if step.finished_at is None:
        note = f"đang xử lý; {note}"
    return HandOver(
        position=step.position,
        name=step.name,
        giver=_unit(step),
        giver_person=giver,
        receiver=receiver,
        receiver_person=taker,
        moment=moment_text(step.finished_at),
        due=moment_text(step.due_at),
        outcome=str(step.get_outcome_display()) if step.outcome else "",
        note=note,
    )


def _return_row(
    dossier: Dossier, returned_at: datetime, position: int, events: list[DossierEvent]
) -> HandOver:
    # Judged on the legal deadline (moved only by pauses): an apology's new
    # appointment does not make a late result timely (DOMAIN.md decision 7).
    due = dossier.legal_due_at or dossier.due_at
    outcome = ""
    if due is not None:
        code = step_outcome(due, returned_at)
        outcome = str(DossierStep.Outcome(code).label)
    returns = [event for event in events if event.action == "return_result"]
    return HandOver(
        position=position,
        name="Trả kết quả cho tổ chức, cá nhân",
        giver=dossier.receiving_agency.name,
        giver_person=returns[-1].actor_name if returns else "",
        receiver=dossier.applicant_name,
        receiver_person=dossier.applicant_name,
        moment=moment_text(returned_at),
        due=moment_text(due),
        outcome=outcome,
        note="",
    )


def _unit(step: DossierStep) -> str:
    return f"{step.agency.name} ({step.get_role_display().lower()})"


def _person(step: DossierStep) -> str:
    return step.handler.full_name if step.handler else ""


# --- Form 07: the logbook of a period ---


@dataclass(frozen=True)
class LogbookRow:
    book: int
    number: int
    code: str
    procedure: str
    applicant: str
    contact: str
    processing_agency: str
    received: str
    due: str
    transferred: str
    resolved: str
    returned: str
    note: str


LOGBOOK_CHUNK = 2000


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """From the start of `start` to the end of `end`, local time (both days in)."""
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def logbook_dossiers(*, agency: Agency, start: date, end: date) -> QuerySet[Dossier]:
    """Dossiers `agency` received in the period, in the order they were received."""
    since, until = period_bounds(start, end)
    transferred = DossierStep.objects.filter(
        dossier=OuterRef("pk"), finished_at__isnull=False
    ).order_by("position", "pk")
    return (
        Dossier.objects.filter(
            receiving_agency=agency, received_at__gte=since, received_at__lt=until
        )
        .select_related("procedure", "processing_agency")
        .annotate(transferred_at=Subquery(transferred.values("finished_at")[:1]))
        .order_by("received_at", "pk")
    )


def logbook_rows(*, agency: Agency, start: date, end: date) -> list[LogbookRow]:
    """The period's dossiers numbered as in their year's book (form 01 prints it)."""
    return list(iter_logbook_rows(agency=agency, start=start, end=end))


def iter_logbook_rows(
    *, agency: Agency, start: date, end: date
) -> Iterator[LogbookRow]:
    """The same rows, read from the database in chunks (memory stays flat)."""
    since = period_bounds(start, end)[0]
    numbers: dict[int, int] = {}
    dossiers = logbook_dossiers(agency=agency, start=start, end=end)
    for dossier in dossiers.iterator(chunk_size=LOGBOOK_CHUNK):
        year = timezone.localtime(dossier.received_at).year
        if year not in numbers:
            before = _received_in_year(agency.pk, year).filter(received_at__lt=since)
            numbers[year] = before.count()
        numbers[year] += 1
        yield _logbook_row(dossier, year, numbers[year])


def _logbook_row(dossier: Dossier, year: int, number: int) -> LogbookRow:
    contact = ", ".join(
        part for part in (dossier.applicant_address, dossier.applicant_phone) if part
    )
    return LogbookRow(
        book=year,
        number=number,
        code=dossier.code or "",
        procedure=dossier.procedure.name,
        applicant=dossier.applicant_name,
        contact=contact,
        processing_agency=dossier.processing_agency.name,
        received=short_moment_text(dossier.received_at),
        due=short_moment_text(dossier.due_at),
        transferred=short_moment_text(getattr(dossier, "transferred_at", None)),
        resolved=short_moment_text(dossier.resolved_at),
        returned=short_moment_text(dossier.returned_at),
        note=_logbook_note(dossier),
    )


def _logbook_note(dossier: Dossier) -> str:
    late = dossier.due_at is not None and (
        (dossier.resolved_at or timezone.now()) > dossier.due_at
    )
    status = str(dossier.get_status_display())
    return f"{status}; quá hạn" if late else status
