"""Indicators 4.3 (reuse of the data store) and 4.5 (dossiers filed under VNeID),
on a handful of dossiers received in May 2026 whose every count is known by hand."""

from decimal import Decimal

import pytest
import time_machine

from datastore.models import StoredDocument
from dossiers import services
from procedures.models import Procedure
from stats import catalogue
from stats.figures import Scope, figures_for, indicators
from stats.periods import Period
from tests.accounts.factories import CitizenFactory
from tests.dossiers.conftest import act
from tests.dossiers.factories import PDF_BYTES, ProcedureFactory, pdf
from tests.stats.worlds import at

pytestmark = pytest.mark.django_db

MAY = Period.month(2026, 5)


def filed(world, owner, procedure, *, eid_level=None, reuse=None):
    """A dossier with both papers (the ID paper from the store when `reuse`)."""
    dossier = services.dossier_create_online(
        owner=owner,
        procedure=procedure,
        processing_agency=world.department,
        applicant=services.Applicant.of_user(owner),
        eid_level=eid_level,
    )
    declaration, id_paper = procedure.components.order_by("position")
    services.dossier_file_add(
        dossier=dossier, actor=owner, upload=pdf("to-khai.pdf"), component=declaration
    )
    if reuse is None:
        services.dossier_file_add(
            dossier=dossier, actor=owner, upload=pdf("cccd.pdf"), component=id_paper
        )
    else:
        services.dossier_file_reuse(
            dossier=dossier, actor=owner, component=id_paper, document=reuse
        )
    return dossier


def received(world, dossier, day):
    with time_machine.travel(at(5, day, 9), tick=False):
        dossier = act(dossier, "submit", dossier.owner)
        return act(dossier, "receive", world.clerk)


def test_reuse_and_vneid_indicators_of_may(world):
    for_citizens = world.procedure
    Procedure.objects.filter(pk=for_citizens.pk).update(target="Công dân Việt Nam")
    ProcedureFactory(agencies=[world.department], target="Cá nhân")  # no dossier
    for_companies = ProcedureFactory(
        agencies=[world.department], target="Tổ chức, doanh nghiệp"
    )
    citizen, other = world.citizen, CitizenFactory()
    with time_machine.travel(at(4, 20, 9), tick=False):
        # An April draft, never submitted, puts the citizen's ID card in the store.
        services.dossier_file_add(
            dossier=services.dossier_create_online(
                owner=citizen,
                procedure=for_citizens,
                processing_agency=world.department,
                applicant=services.Applicant.of_user(citizen),
            ),
            actor=citizen,
            upload=pdf("cccd-goc.pdf", PDF_BYTES + b"% the card\n"),
            component=for_citizens.components.get(position=2),
        )
    card = StoredDocument.objects.get(owner=citizen, kind="identity_card")

    # A: VNeID, the card reused (5/5). B: password, uploads (6/5).
    # C: VNeID, a procedure for companies (7/5). D: VNeID, a draft never received.
    received(world, filed(world, citizen, for_citizens, eid_level=2, reuse=card), 5)
    received(world, filed(world, other, for_citizens), 6)
    received(world, filed(world, other, for_companies, eid_level=1), 7)
    filed(world, other, for_citizens, eid_level=2)

    scope = Scope(agency_ids=frozenset({world.department.pk}))
    f = figures_for(MAY, scope, now=at(6, 10, 10))

    assert f.received_new == 3
    assert (f.received_eid, f.received_reused) == (2, 1)  # A and C; A
    assert (f.files_reused, f.files_received) == (1, 6)  # two papers each
    assert (f.eid_rate, f.reuse_rate) == (Decimal("66.67"), Decimal("33.33"))
    assert f.file_reuse_rate == Decimal("16.67")

    found = {i.code: i for i in indicators(f)}
    assert (found["4.3"].numerator, found["4.3"].denominator) == (1, 3)
    # 33.33 of the 80% goal: 41.6625, rounded 41.66.
    assert found["4.3"].attainment == Decimal("41.66")
    assert found["4.3"].note.endswith("Thành phần lấy từ kho: 1/6.")

    # No online procedure used (an empty set) must not empty the other counts.
    counts = catalogue.catalogue_counts(
        scope, set(), {for_citizens.pk, for_companies.pk}
    )
    assert counts.published == 3
    found = {i.code: i for i in catalogue.catalogue_indicators(counts, f)}
    # Two procedures for citizens; one had a dossier filed under VNeID. The
    # companies' procedure is outside the denominator.
    assert (found["4.5"].numerator, found["4.5"].denominator) == (1, 2)
    assert found["4.5"].rate == Decimal("50.00")
    assert found["4.5"].note.endswith("Theo hồ sơ: 2/3 hồ sơ nộp bằng tài khoản VNeID.")


def test_the_index_page_lists_4_3_and_4_5_with_values(client, world):
    Procedure.objects.filter(pk=world.procedure.pk).update(target="Công dân")
    received(world, filed(world, world.citizen, world.procedure, eid_level=2), 5)
    client.force_login(world.leader)
    with time_machine.travel(at(6, 10, 10), tick=False):
        response = client.get("/thong-ke/bao-cao/?period=month&year=2026&month=5")
    rows = {row[0]: row for row in response.context["indicators"].rows}

    assert rows["4.3"][2:5] == [0, 1, Decimal("0.00")]
    assert rows["4.5"][2:5] == [1, 1, Decimal("100.00")]
