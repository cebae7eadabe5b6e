"""Dossier intake throughput and transition latency, through the API, on PostgreSQL.

Usage (a throwaway database; the script migrates it):
    DATABASE_URL=postgres://egov:egov@127.0.0.1:5432/egov_bench \
        .venv/bin/python bench/intake.py [--dossiers 200]

Each online filing is four API requests: create the draft, upload two 100 KB PDF
components (checked by content, hashed, stored) and submit (code under a row lock).
Then every dossier goes through receive → assign → forward → approve → return_result.
PDF forms are queued, not rendered (a worker does that), as in production.
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "False"
os.environ.pop("REDIS_URL", None)
os.environ["ALLOWED_HOSTS"] = "testserver"

import django

django.setup()

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import AccountType, Agency, AgencyKind, Role, User
from accounts.services import staff_set_roles
from procedures.models import Field, Procedure, RequiredComponent

PDF = b"%PDF-1.4\n" + b"0" * 100_000 + b"\n%%EOF\n"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def make_world() -> dict[str, object]:
    tag = uuid.uuid4().hex[:6]
    province = Agency.objects.create(
        name=f"UBND tỉnh {tag}", level="province", kind=AgencyKind.PEOPLES_COMMITTEE
    )
    centre = Agency.objects.create(
        name=f"Trung tâm {tag}",
        level="province",
        kind=AgencyKind.SERVICE_CENTRE,
        parent=province,
        identifier=f"B{tag[:2].upper()}.{tag[2:4]}.00.H99",
    )
    department = Agency.objects.create(
        name=f"Sở {tag}", level="province", kind=AgencyKind.DEPARTMENT, parent=province
    )
    field, _created = Field.objects.get_or_create(slug="bench", name="Bench")
    procedure = Procedure.objects.create(
        code=f"9.{tag}.H99",
        name="Thủ tục đo tải",
        field=field,
        level_province=True,
        service_level=4,
        online_mode="full",
        processing_time=5,
        processing_time_unit="working_days",
    )
    procedure.agencies.add(department)
    for position in (1, 2):
        RequiredComponent.objects.create(
            procedure=procedure,
            position=position,
            name=f"Giấy tờ {position}",
            originals=1,
            copies=0,
        )
    people = {
        "citizen": User.objects.create_user(
            username=f"c{tag}",
            full_name="Công Dân",
            account_type=AccountType.CITIZEN,
            phone="0912345678",
            email=f"c{tag}@example.vn",
        ),
    }
    for role, agency in (
        ("clerk", centre),
        ("officer", department),
        ("leader", department),
    ):
        people[role] = User.objects.create_user(
            username=f"{role}{tag}",
            full_name=role,
            account_type=AccountType.STAFF,
            agency=agency,
            email=f"{role}{tag}@example.vn",
        )
        staff_set_roles(user=people[role], roles=[Role(role)], granter=None)
    return {"procedure": procedure, "department": department, **people}


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def file_online(client: APIClient, world: dict[str, object]) -> tuple[str, float]:
    started = time.perf_counter()
    created = client.post(
        "/api/v1/dossiers/",
        {
            "procedure": world["procedure"].code,  # type: ignore[attr-defined]
            "processing_agency": str(world["department"].uuid),
        },  # type: ignore[attr-defined]
        format="json",
    ).json()
    for position in (1, 2):
        upload = SimpleUploadedFile("giay-to.pdf", PDF, content_type="application/pdf")
        client.post(
            f"/api/v1/dossiers/{created['id']}/files/",
            {"file": upload, "component": position},
            format="multipart",
        )
    submitted = client.post(
        f"/api/v1/dossiers/{created['id']}/transitions/",
        {"action": "submit"},
        format="json",
    )
    assert submitted.status_code == 200, submitted.content
    return submitted.json()["code"], time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=200)
    count = parser.parse_args().dossiers
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("Set DATABASE_URL to a throwaway PostgreSQL database.")
    call_command("migrate", verbosity=0)
    world = make_world()
    citizen = client_for(world["citizen"])  # type: ignore[arg-type]
    start = time.perf_counter()
    filings = [file_online(citizen, world) for _ in range(count)]
    elapsed = time.perf_counter() - start
    codes = [code for code, _seconds in filings]
    print(f"Online filing (create + 2 × 100 KB uploads + submit), {count} dossiers:")
    print(f"  throughput   {count / elapsed:8.1f} dossiers/s (one process)")
    seconds = [s for _code, s in filings]
    print(
        f"  per dossier  p50 {percentile(seconds, 0.5) * 1000:6.1f} ms   "
        f"p95 {percentile(seconds, 0.95) * 1000:6.1f} ms"
    )
    steps = [
        ("receive", "clerk", {}),
        ("assign", "leader", {"assignee": world["officer"].username}),  # type: ignore[attr-defined]
        ("forward", "officer", {}),
        ("approve", "leader", {}),
        ("return_result", "clerk", {}),
    ]
    clients = {role: client_for(world[role]) for role in ("clerk", "leader", "officer")}  # type: ignore[arg-type]
    print("Transition latency (POST /transitions/, row lock, history, steps):")
    for action, role, extra in steps:
        latencies = []
        for code in codes:
            if action == "forward":
                upload = SimpleUploadedFile(
                    "kq.pdf", PDF, content_type="application/pdf"
                )
                clients[role].post(
                    f"/api/v1/dossiers/{code}/files/",
                    {"file": upload, "kind": "result"},
                    format="multipart",
                )
            began = time.perf_counter()
            response = clients[role].post(
                f"/api/v1/dossiers/{code}/transitions/",
                {"action": action, **extra},
                format="json",
            )
            latencies.append(time.perf_counter() - began)
            assert response.status_code == 200, response.content
        print(
            f"  {action:<14} p50 {percentile(latencies, 0.5) * 1000:6.1f} ms   "
            f"p95 {percentile(latencies, 0.95) * 1000:6.1f} ms   "
            f"mean {statistics.mean(latencies) * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()
