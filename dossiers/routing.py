"""Where a dossier goes: its receiving centre and the phases of its processing.

A procedure's workflow template (procedures.WorkflowStep) is grouped into the four
hand-overs the workflow knows: reception at the one-stop counter, assignment by the
head of the processing agency, processing by the officer, and the leader's approval.
Each phase's budget is the sum of its template steps; a procedure without a template
gets a default split of its legal time.
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


def phases_of(procedure: Procedure) -> dict[str, Phase]:
    steps = list(procedure.workflow_steps.all())
    if not steps:
        return _default_phases(procedure)
    grouped: dict[str, list[str]] = {key: [] for key in PHASES}
    hours = dict.fromkeys(PHASES, 0)
    seen_officer = False
    for step in steps:
        key = _phase_of_step(step.role, seen_officer)
        seen_officer = seen_officer or step.role == Role.OFFICER
        if key:
            grouped[key].append(step.name)
            hours[key] += step.hours
    return {
        key: Phase(
            key,
            "; ".join(grouped[key]) or _default_name(key),
            _role_of(key),
            hours[key],
        )
        for key in PHASES
    }


def _phase_of_step(role: str, seen_officer: bool) -> str | None:
    if role == Role.OFFICER:
        return "processing"
    if role == Role.LEADER:
        return "approval" if seen_officer else "assignment"
    if role == Role.CLERK and not seen_officer:
        return "reception"
    return None  # clerical numbering and return after approval are not timed here


def _default_phases(procedure: Procedure) -> dict[str, Phase]:
    total = legal_hours(procedure.processing_time, procedure.processing_time_unit)
    total = total or HOURS_PER_WORKING_DAY
    reception = min(4, total // 8)
    assignment = min(4, total // 8)
    approval = max(total // 8, 1)
    processing = max(total - reception - assignment - approval, 0)
    budgets = (reception, assignment, processing, approval)
    return {
        key: Phase(key, _default_name(key), _role_of(key), hours)
        for key, hours in zip(PHASES, budgets, strict=True)
    }


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
