"""Limits that hold under concurrency: real parallel connections on PostgreSQL and
real Redis counters."""

import pytest
from rest_framework.test import APIClient

from dossiers import services
from dossiers.models import DossierFile
from tests.concurrency import run_together
from tests.dossiers.conftest import act, draft, wrong_digits
from tests.dossiers.factories import PDF_BYTES, pdf

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_wrong_guesses_evaluate_at_most_the_limit_per_code(world, settings):
    settings.LOOKUP_LIMIT_PER_CODE = 5
    dossier = act(draft(world), "submit", world.citizen)
    evaluated = []

    def guess(index):
        result = services.dossier_lookup_limited(
            code=dossier.code,
            verify=wrong_digits(dossier),
            address=f"203.0.113.{index}",
        )
        evaluated.append(index)
        return result

    results = run_together(20, guess)
    refused = [r for r in results if isinstance(r, services.LookupLimited)]
    assert len(evaluated) == 5, results
    assert len(refused) == 15


def test_parallel_uploads_never_exceed_the_dossier_quota(world, settings):
    size = len(PDF_BYTES)
    settings.DOSSIER_MAX_TOTAL_BYTES = 3 * size + size // 2  # room for 3 files
    dossier = services.dossier_create_online(
        owner=world.citizen,
        procedure=world.procedure,
        processing_agency=world.department,
        applicant=services.Applicant.of_user(world.citizen),
    )
    component = world.procedure.components.first()

    def upload(index):
        return services.dossier_file_add(
            dossier=dossier,
            actor=world.citizen,
            upload=pdf(f"to-{index}.pdf"),
            component=component,
        )

    results = run_together(8, upload)
    stored = [r for r in results if isinstance(r, DossierFile)]
    assert len(stored) == 3, results
    assert DossierFile.objects.filter(dossier=dossier).count() == 3
    refused = [r for r in results if not isinstance(r, DossierFile)]
    assert {error.code for error in refused} == {"dossier_too_large"}


def test_parallel_guesses_through_page_and_api_share_the_limit(world, settings):
    settings.LOOKUP_LIMIT_PER_CODE = 4
    dossier = act(draft(world), "submit", world.citizen)
    query = {"code": dossier.code, "verify": wrong_digits(dossier)}

    def guess(index):
        client = APIClient(REMOTE_ADDR=f"198.51.100.{index}")
        path = "/tra-cuu/" if index % 2 else "/api/v1/lookup/"
        return client.get(path, query).status_code

    statuses = run_together(10, guess)
    assert sorted(statuses) == [404] * 4 + [429] * 6
