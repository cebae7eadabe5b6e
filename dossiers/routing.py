"""Where a dossier goes: its receiving centre and the phases of its processing.

A procedure's workflow template (procedures.WorkflowStep) is grouped into the four
hand-overs the workflow knows: reception at the one-stop counter, assignment by the
head of the processing agency, processing by the officer, and the leader's approval.
Each phase's budget is the sum of its template steps; a procedure without a template
gets a default split of its legal time. Either way the four budgets add up to the
dossier's legal time and none is zero hours (an hour at least), so a hand-over is
never late by construction.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Agency, AgencyKind, Role
from procedures.budgets import HOURS_PER_WORKING_DAY, legal_hours
from procedures.models import Procedure

PHASES = ("reception", "assignment", "processing", "approval")


@dataclass(frozen=True)
class Phase:
    key: str
    name: str
    role: str
    hours: int


def phases_of(procedure: Procedure, total_hours: int | None = None) -> dict[str, Phase]:
    """The four phases with budgets adding up to `total_hours` (the dossier's legal
    time in working hours; the procedure's when not given), none of zero hours."""
    total = total_hours or _legal_total(procedure)
    steps = list(procedure.workflow_steps.all())
    names: dict[str, list[str]] = {key: [] for key in PHASES}
    hours = dict.fromkeys(PHASES, 0)
    seen_officer = False
    for step in steps:
        key = _phase_of_step(step.role, seen_officer)
        seen_officer = seen_officer or step.role == Role.OFFICER
        if key:
            names[key].append(step.name)
            hours[key] += step.hours
    budgets = fit_budgets(hours, total) if steps else default_budgets(total)
    return {
        key: Phase(
            key,
            "; ".join(names[key]) or _default_name(key),
            _role_of(key),
            budgets[key],
        )
        for key in PHASES
    }


def _legal_total(procedure: Procedure) -> int:
    total = legal_hours(procedure.processing_time, procedure.processing_time_unit)
    return total or HOURS_PER_WORKING_DAY


def _short_phase(total: int) -> int:
    """The budget of a short phase (reception, assignment): an eighth of the legal
    time, from one hour up to half a working day."""
    return max(1, min(4, total // 8))


def default_budgets(total: int) -> dict[str, int]:
    """Without a template: short reception and assignment, an eighth for approval,
    the rest for the officer."""
    short = _short_phase(total)
    approval = max(total // 8, 1)
    return fit_budgets(
        {
            "reception": short,
            "assignment": short,
            "processing": 0,
            "approval": approval,
        },
        total,
    )


def fit_budgets(hours: dict[str, int], total: int) -> dict[str, int]:
    """A template's phases made to add up to `total`: a phase the template lacks
    (no leader before the officer: nobody assigns) gets a short budget, and the
    officer's phase takes up the difference, keeping at least one hour."""
    fitted = dict(hours)
    for key in ("reception", "assignment", "approval"):
        if fitted[key] == 0:
            fitted[key] = _short_phase(total)
    others = sum(fitted[key] for key in PHASES if key != "processing")
    fitted["processing"] = max(total - others, 1)
    return fitted


def _phase_of_step(role: str, seen_officer: bool) -> str | None:
    if role == Role.OFFICER:
        return "processing"
    if role == Role.LEADER:
        return "approval" if seen_officer else "assignment"
    if role == Role.CLERK and not seen_officer:
        return "reception"
    return None  # clerical numbering and return after approval are not timed here


def _role_of(key: str) -> str:
    return {"reception": Role.CLERK, "processing": Role.OFFICER}.get(key, Role.LEADER)


def _default_name(key: str) -> str:
    return {
        "reception": _("Tiếp nhận, kiểm tra hồ sơ"),
        "assignment": _("Phân công xử lý"),
        "processing": _("Thẩm định, dự thảo kết quả"),
        "approval": _("Ký duyệt kết quả"),
    }[key]


def receiving_centre_for(agency: Agency) -> Agency:
    """The one-stop centre that receives dossiers for `agency`.

    Walks up to the people's committee of the agency's level and takes the public
    administrative service centre under it; without one, the agency receives itself.
    """
    chain = agency.ancestors(self_too=True)
    committee = next(
        (a for a in chain if a.kind == AgencyKind.PEOPLES_COMMITTEE), chain[-1]
    )
    centres = Agency.objects.filter(kind=AgencyKind.SERVICE_CENTRE).current()
    centre = centres.filter(
        Q(parent=committee) | Q(parent__parent=committee), level=committee.level
    ).first()
    return centre or agency
