import pytest

from accounts import services as accounts_services
from accounts.models import Role, VerificationMethod
from dossiers import services
from tests.accounts.factories import AgencyFactory, CitizenFactory, StaffFactory
from tests.dossiers.factories import ProcedureFactory, pdf

VICTIM = services.Applicant(
    kind="person",
    name="Nguyễn Thị Hoa",
    id_number="068299000333",
    phone="0912000333",
    email="hoa@example.vn",
    address="12 Phan Đình Phùng, Đà Lạt",
)


@pytest.fixture
def counter(db):
    return make_counter()


def make_counter():
    """A department with a procedure, and a clerk of the department who takes
    walk-ins."""
    department = AgencyFactory()
    return {
        "department": department,
        "procedure": ProcedureFactory(agencies=[department]),
        "clerk": StaffFactory(agency=department, roles=[Role.CLERK]),
    }


def walk_in(counter, applicant=VICTIM):
    procedure = counter["procedure"]
    return services.dossier_intake(
        clerk=counter["clerk"],
        procedure=procedure,
        processing_agency=counter["department"],
        applicant=applicant,
        components=[(c, pdf()) for c in procedure.components.all()],
    )


def verified_citizen(**fields):
    user = CitizenFactory(**fields)
    return accounts_services.account_verify(
        user=user,
        method=VerificationMethod.DEMO,
        full_name=fields.get("full_name", user.full_name),
        channel="command",
    )
