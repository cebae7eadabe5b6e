"""Two officers clicking at once: real concurrent connections on PostgreSQL."""

import pytest

from accounts.models import Role
from core.exceptions import TransitionNotAllowed
from dossiers import services
from dossiers.models import Dossier, DossierEvent
from tests.accounts.factories import StaffFactory
from tests.concurrency import run_together
from tests.dossiers.conftest import act, draft
from tests.dossiers.factories import pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_clerks_receiving_at_once_apply_it_once(world):
    dossier = act(draft(world), "submit", world.citizen)
    second_clerk = StaffFactory(agency=world.centre, roles=[Role.CLERK])
    clerks = [world.clerk, second_clerk]
    results = run_together(
        2,
        lambda i: services.dossier_apply_action(
            code=dossier.code, action="receive", actor=clerks[i]
        ),
    )
    refused = [r for r in results if isinstance(r, TransitionNotAllowed)]
    succeeded = [r for r in results if isinstance(r, Dossier)]
    assert len(succeeded) == 1 and len(refused) == 1, results
    assert refused[0].code == "state"
    assert DossierEvent.objects.filter(dossier=dossier, action="receive").count() == 1


def test_concurrent_intakes_get_distinct_consecutive_codes(world):
    clerks = [world.clerk] + [
        StaffFactory(agency=world.centre, roles=[Role.CLERK]) for _ in range(5)
    ]
    components = list(world.procedure.components.all())

    def intake(index):
        return services.dossier_intake(
            clerk=clerks[index],
            procedure=world.procedure,
            processing_agency=world.department,
            applicant=services.Applicant.of_user(world.citizen),
            components=[(component, pdf()) for component in components],
        ).code

    codes = run_together(len(clerks), intake)
    assert all(isinstance(code, str) for code in codes), codes
    assert len(set(codes)) == len(clerks)
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, len(clerks) + 1))
