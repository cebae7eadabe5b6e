"""`seed_demo --dossiers N`: a year of activity whose figures match a full recount."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from dossiers.models import Dossier
from stats.figures import figures_for
from stats.periods import Period

pytestmark = pytest.mark.django_db


def is_late(dossier):
    pauses = sorted(dossier.pauses.all(), key=lambda pause: pause.started_at)
    end = dossier.resolved_at
    if pauses and pauses[-1].ended_at is None:
        end = pauses[-1].started_at
    due = dossier.legal_due_at
    return len(pauses) > 1 or (due is not None and end > due)


def recount(period):
    """Straight from the dossier table, without the aggregates."""
    span = (period.start, period.end)
    dossiers = Dossier.objects.filter(received_at__isnull=False)
    resolved = list(
        dossiers.filter(resolved_at__date__range=span).prefetch_related("pauses")
    )
    open_now = dossiers.filter(resolved_at__isnull=True).count()
    return {
        "received_new": dossiers.filter(received_at__date__range=span).count(),
        "resolved": len(resolved),
        "resolved_late": sum(1 for d in resolved if is_late(d)),
        "in_progress": open_now,
        "refused": Dossier.objects.filter(status="refused").count(),
    }


def test_seed_makes_a_year_that_the_figures_recount_exactly():
    out = StringIO()
    call_command("seed_demo", "--dossiers", "400", stdout=out)
    assert "400/400" in out.getvalue()
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {"returned", "processing", "refused", "stopped"} <= statuses
    today = timezone.localdate()
    whole = Period(today - timedelta(days=400), today)
    figures = figures_for(whole)
    expected = recount(whole)
    assert {name: getattr(figures, name) for name in expected} == expected
    assert figures.carried_over == 0
    assert 0 < figures.resolved_late < figures.resolved * 0.2
    month = Period.month(today.year, today.month)
    this_month = figures_for(month)
    assert this_month.received_new == recount(month)["received_new"]
    assert this_month.in_progress == expected["in_progress"]


def test_seed_refuses_a_negative_count():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", "--dossiers", "-1", stdout=StringIO())


# --- A bulk-seeded dossier is what the services would have built ---

DOSSIER_FIELDS = (
    "status", "channel", "procedure_id", "receiving_agency_id",
    "processing_agency_id", "owner_id", "applicant_kind", "applicant_name",
    "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
    "delivery_method", "created_at", "submitted_at", "received_at", "due_at",
    "legal_due_at", "resolved_at", "returned_at", "apologized_at",
    "supplement_requests", "assignee_id",
)  # fmt: skip
EVENT_FIELDS = (
    "action", "from_status", "to_status", "at", "actor_id", "actor_name",
    "agency_id", "note", "form_code", "data",
)  # fmt: skip
TRACKER_FIELDS = (
    "agency_id", "procedure_id", "field_id", "level", "assignee_id", "is_open",
    "legal_due_at", "overdue_from", "entries",
)  # fmt: skip


@pytest.fixture
def province(db):
    from accounts.models import AgencyKind, Role
    from tests.accounts.factories import AgencyFactory, CitizenFactory, StaffFactory
    from tests.dossiers.factories import ProcedureFactory

    top = AgencyFactory(identifier="000.00.00.H36", kind=AgencyKind.PEOPLES_COMMITTEE)
    office = AgencyFactory(parent=top)
    centre = AgencyFactory(
        identifier="000.00.02.H36", kind=AgencyKind.SERVICE_CENTRE, parent=office
    )
    department = AgencyFactory(identifier="000.00.04.H36", parent=top)
    ProcedureFactory(agencies=[department])
    CitizenFactory()
    CitizenFactory()
    StaffFactory(agency=centre, roles=[Role.CLERK])
    StaffFactory(agency=department, roles=[Role.OFFICER])
    StaffFactory(agency=department, roles=[Role.LEADER])


def shapes(dossiers):
    """One dossier of each distinct history (channel and actions)."""
    chosen = {}
    for dossier in dossiers:
        actions = tuple(
            dossier.events.order_by("at", "pk").values_list("action", flat=True)
        )
        chosen.setdefault(
            (dossier.channel, actions, hasattr(dossier, "rating")), dossier
        )
    return list(chosen.values())


def replay(bulk):
    """Build the bulk dossier's history again through the services, at its times."""
    from datetime import datetime

    import time_machine

    from accounts.models import User
    from dossiers import services
    from tests.dossiers.factories import pdf

    applicant = services.Applicant(
        kind=bulk.applicant_kind, name=bulk.applicant_name,
        id_number=bulk.applicant_id_number, phone=bulk.applicant_phone,
        email=bulk.applicant_email, address=bulk.applicant_address,
    )  # fmt: skip
    required = [c for c in bulk.procedure.components.all() if c.is_mandatory]
    officer = bulk.events.get(action="assign").data if bulk.events.filter(
        action="assign").exists() else None  # fmt: skip
    dossier = None
    for event in bulk.events.order_by("at", "pk"):
        actor = User.objects.get(pk=event.actor_id) if event.actor_id else None
        data = {"note": event.note} if event.note else {}
        with time_machine.travel(event.at, tick=False):
            if event.action == "create":
                dossier = services.dossier_create_online(
                    owner=actor, procedure=bulk.procedure,
                    processing_agency=bulk.processing_agency, applicant=applicant,
                )  # fmt: skip
                for component in required:
                    services.dossier_file_add(
                        dossier=dossier, actor=actor, upload=pdf(), component=component
                    )
                continue
            if event.action == "intake":
                dossier = services.dossier_intake(
                    clerk=actor, procedure=bulk.procedure,
                    processing_agency=bulk.processing_agency, applicant=applicant,
                    components=[(component, pdf()) for component in required],
                )  # fmt: skip
                continue
            if event.action == "receive" and dossier.status == "received":
                continue  # the intake received it at once
            if event.action == "assign":
                data["assignee"] = User.objects.get(full_name=officer["assignee"])
            if event.action == "apologize":
                data["new_due_at"] = datetime.fromisoformat(event.data["new_due_at"])
            if event.action == "forward":
                services.dossier_file_add(
                    dossier=dossier, actor=actor, upload=pdf("kq.pdf"), kind="result"
                )
            dossier = services.dossier_apply_action(
                code=dossier.reference, action=event.action, actor=actor, **data
            )
    rating = getattr(bulk, "rating", None)
    if rating is not None:
        scores = ("overall", "on_time", "staff_attitude", "publicity", "online_quality")
        with time_machine.travel(rating.created_at, tick=False):
            services.rating_submit(
                dossier=dossier, actor=dossier.owner, contacts=rating.contacts,
                scores={name: getattr(rating, name) for name in scores},
            )  # fmt: skip
    return dossier


def fields(obj, names):
    return {name: getattr(obj, name) for name in names}


def history(dossier):
    return {
        "events": [
            fields(e, EVENT_FIELDS) for e in dossier.events.order_by("at", "pk")
        ],
        "pauses": list(dossier.pauses.order_by("started_at").values_list(
            "started_at", "ended_at", "reason")),
        "files": sorted(dossier.files.values_list(
            "kind", "component_id", "is_digitized", "uploaded_by_id", "uploaded_at")),
    }  # fmt: skip


def test_a_bulk_dossier_equals_the_one_the_services_build(province):
    from demo.bulk import seed_bulk
    from stats.models import StatsDossier

    seed_bulk(160, seed=7, log=lambda line: None)
    seeded = shapes(Dossier.objects.select_related("procedure").order_by("pk"))
    assert len(seeded) >= 8
    assert {d.channel for d in seeded} == {"online", "counter"}
    for bulk in seeded:
        built = replay(bulk)
        assert fields(built, DOSSIER_FIELDS) == fields(bulk, DOSSIER_FIELDS), bulk.pk
        assert built.code[:-4] == bulk.code[:-4]  # same centre and day, next number
        assert history(built) == history(bulk), bulk.pk
        trackers = StatsDossier.objects.filter(pk__in=[bulk.pk, built.pk])
        by_dossier = {t.pk: fields(t, TRACKER_FIELDS) for t in trackers}
        assert by_dossier.get(built.pk) == by_dossier.get(bulk.pk), bulk.pk
