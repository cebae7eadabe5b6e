"""Time the rendering of form 01 (receipt and appointment) with WeasyPrint.

Builds one received dossier inside a transaction that is rolled back at the end,
renders its receipt once to warm up (fonts, templates) and then RUNS times, and
prints the median and the 95th percentile in seconds. Needs a migrated database:

    DATABASE_URL=postgres://egov:egov@127.0.0.1:5432/egov_<name> \
        .venv/bin/python bench/forms.py
"""

import logging
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

import django

RUNS = 20


class Rollback(Exception):
    """Raised to undo the benchmark's rows."""


def build_event():
    from django.utils import timezone

    from accounts.models import (
        AccountType,
        AdministrativeLevel,
        Agency,
        AgencyKind,
        User,
    )
    from dossiers.models import Dossier, DossierEvent, DossierFile
    from procedures.models import Channel, Field, Procedure, RequiredComponent

    now = timezone.now()
    province = Agency.objects.create(
        identifier="000.00.00.H99",
        name="Ủy ban nhân dân tỉnh Đo Thử",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        level=AdministrativeLevel.PROVINCE,
    )
    centre = Agency.objects.create(
        identifier="000.00.98.H99",
        name="Trung tâm Phục vụ hành chính công tỉnh Đo Thử",
        kind=AgencyKind.SERVICE_CENTRE,
        level=AdministrativeLevel.PROVINCE,
        parent=province,
    )
    department = Agency.objects.create(
        identifier="000.00.97.H99",
        name="Sở Tư pháp tỉnh Đo Thử",
        kind=AgencyKind.DEPARTMENT,
        level=AdministrativeLevel.PROVINCE,
        parent=province,
    )
    field, _ = Field.objects.get_or_create(slug="do-thu", name="Đo thử")
    procedure = Procedure.objects.create(
        code="9.999999.000.00.00.H99",
        name="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        field=field,
        level_province=True,
        processing_time=10,
    )
    clerk = User.objects.create(
        username="bench-clerk",
        full_name="Nguyễn Thị Hường",
        account_type=AccountType.STAFF,
    )
    dossier = Dossier.objects.create(
        code="000.00.98.H99-261125-0001",
        procedure=procedure,
        receiving_agency=centre,
        processing_agency=department,
        applicant_name="Trần Văn Đức",
        applicant_id_number="068090001234",
        applicant_phone="0912345678",
        applicant_address="số 36 Trần Phú, phường Xuân Hương - Đà Lạt",
        channel=Channel.ONLINE,
        status="received",
        submitted_at=now,
        received_at=now,
        due_at=now + timedelta(days=14),
        legal_due_at=now + timedelta(days=14),
    )
    for position, name in enumerate(["Tờ khai", "Bản chụp Căn cước"], start=1):
        component = RequiredComponent.objects.create(
            procedure=procedure, position=position, name=name, originals=1, copies=1
        )
        DossierFile.objects.create(
            dossier=dossier,
            kind=DossierFile.Kind.COMPONENT,
            component=component,
            file="bench/none.pdf",  # never read: the form lists names only
            original_name=f"{name}.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
        )
    return DossierEvent.objects.create(
        dossier=dossier,
        action="receive",
        from_status="submitted",
        to_status="received",
        actor=clerk,
        actor_name=clerk.full_name,
        agency=centre,
        form_code="01",
    )


def measure():
    from django.db import transaction

    from dossiers.pdf import render_event_form

    timings = []
    try:
        with transaction.atomic():
            event = build_event()
            started = time.perf_counter()
            size = len(render_event_form(event))
            first = time.perf_counter() - started
            for _ in range(RUNS):
                started = time.perf_counter()
                render_event_form(event)
                timings.append(time.perf_counter() - started)
            raise Rollback
    except Rollback:
        pass
    cuts = statistics.quantiles(timings, n=20, method="inclusive")
    print(f"form 01: {size} bytes; first render {first:.3f} s")
    print(
        f"{RUNS} renders: p50 {statistics.median(timings):.3f} s, p95 {cuts[18]:.3f} s"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    django.setup()
    # WeasyPrint logs each layout step at INFO: keep the figures readable.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    measure()
