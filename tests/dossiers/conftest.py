from dataclasses import dataclass

import pytest

from accounts.models import Agency, AgencyKind, Role, User
from dossiers import services
from dossiers.models import Dossier
from procedures.models import Procedure
from tests.accounts.factories import AgencyFactory, CitizenFactory, StaffFactory
from tests.dossiers.factories import ProcedureFactory, pdf


@dataclass
class World:
    province: Agency
    centre: Agency
    department: Agency
    procedure: Procedure
    citizen: User
    clerk: User
    officer: User
    leader: User


@pytest.fixture
def world(db) -> World:
    province = AgencyFactory(
        identifier="000.00.00.H36",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        name="Ủy ban nhân dân tỉnh Lâm Đồng",
        unit_type="Tỉnh",
    )
    office = AgencyFactory(parent=province)
    centre = AgencyFactory(
        identifier="000.00.02.H36", kind=AgencyKind.SERVICE_CENTRE, parent=office
    )
    department = AgencyFactory(identifier="000.00.04.H36", parent=province)
    return World(
        province=province,
        centre=centre,
        department=department,
        procedure=ProcedureFactory(agencies=[department]),
        citizen=CitizenFactory(),
        clerk=StaffFactory(agency=centre, roles=[Role.CLERK]),
        officer=StaffFactory(agency=department, roles=[Role.OFFICER]),
        leader=StaffFactory(agency=department, roles=[Role.LEADER]),
    )


def draft(world: World) -> Dossier:
    dossier = services.dossier_create_online(
        owner=world.citizen,
        procedure=world.procedure,
        processing_agency=world.department,
        applicant=services.Applicant.of_user(world.citizen),
    )
    for component in world.procedure.components.all():
        services.dossier_file_add(
            dossier=dossier, actor=world.citizen, upload=pdf(), component=component
        )
    return dossier


def act(dossier: Dossier, action: str, actor: User, **data) -> Dossier:
    return services.dossier_apply_action(
        code=dossier.reference, action=action, actor=actor, **data
    )


def advance(world: World, dossier: Dossier, to: str) -> Dossier:
    """Move a dossier along the main path until it reaches status `to`."""
    steps = {
        "draft": lambda d: act(d, "submit", world.citizen),
        "submitted": lambda d: act(d, "receive", world.clerk),
        "received": lambda d: act(d, "assign", world.leader, assignee=world.officer),
        "processing": lambda d: _forward(world, d),
        "awaiting_approval": lambda d: act(d, "approve", world.leader),
        "result_ready": lambda d: act(d, "return_result", world.clerk),
    }
    while dossier.status != to:
        dossier = steps[dossier.status](dossier)
    return dossier


def _forward(world: World, dossier: Dossier) -> Dossier:
    services.dossier_file_add(
        dossier=dossier,
        actor=world.officer,
        upload=pdf("ket-qua.pdf"),
        kind="result",
    )
    return act(dossier, "forward", world.officer)


def wrong_digits(dossier: Dossier) -> str:
    """Four digits that end neither the applicant's phone nor their ID number."""
    endings = {dossier.applicant_phone[-4:], dossier.applicant_id_number[-4:]}
    return next(d for d in ("1357", "2468", "9753") if d not in endings)
