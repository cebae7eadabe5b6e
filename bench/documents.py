# ruff: noqa: S603, S607 (the benchmark runs psql and manage.py with fixed arguments)
"""p95 of the inbox list and summary search at 2,000,000 documents, in-process.

Usage (from the repository root):

    .venv/bin/python bench/documents.py \\
        --database postgres://egov:egov@127.0.0.1:5432/bench_documents \\
        [--seed] [--size 2000000] [--repeat 30]

The database holds documents made by `seed_demo --documents N`; with --seed the
script creates and seeds it when it holds fewer than --size (two million take
several minutes). Every case goes through the whole API view (authentication,
filters, selector, cursor pagination, serializer) with DRF's test client, as the
clerk or the leader of the agency with the most incoming documents, --repeat times
after a warm-up. It prints each case's median and p95 in milliseconds. Target: every
list and search page under 100 ms p95.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100.0


def ensure_seeded(url: str, size: int) -> None:
    env = os.environ | {"DATABASE_URL": url, "REDIS_URL": ""}
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    name = parts.path.lstrip("/")
    subprocess.run(
        ["psql", admin, "-c", f"CREATE DATABASE {name}"],
        capture_output=True,
        check=False,
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    count = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from documents.models import IncomingDocument as I, "
            "OutgoingDocument as O; print(I.objects.count() + O.objects.count())",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()[-1]
    missing = size - int(count)
    if missing > 0:
        subprocess.run(
            [*manage, "seed_demo", "--skip-demo-dossiers", "--documents", str(missing)],
            env=env,
            check=True,
        )


def _cases() -> dict[str, Callable[[], Any]]:
    from django.db.models import Count
    from rest_framework.test import APIClient

    from accounts.models import Role, User
    from accounts.services import staff_set_roles
    from documents.models import IncomingDocument

    busiest = (
        IncomingDocument.objects.values("agency_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest, "no documents: run with --seed"
    agency_id = busiest["agency_id"]
    print(f"busiest agency: {busiest['n']} incoming documents")

    def client_for(role: str) -> APIClient:
        user, _ = User.objects.get_or_create(
            username=f"bench.{role}",
            defaults={
                "full_name": role,
                "account_type": "staff",
                "agency_id": agency_id,
            },
        )
        staff_set_roles(user=user, roles=[role], granter=None)
        client = APIClient(SERVER_NAME="localhost")
        client.force_authenticate(user)
        return client

    clerk, leader = client_for(Role.CLERK), client_for(Role.LEADER)
    url = "/api/v1/documents/incoming/"

    def get(client: APIClient, **params: str) -> Callable[[], Any]:
        def run() -> Any:
            answer = client.get(url, params)
            assert answer.status_code == 200, answer.content[:300]
            return answer.json()

        return run

    second_page = clerk.get(url).json()["next"]
    deep = clerk.get(url, {"date_to": "2026-06-30"}).json()["next"]
    return {
        "inbox, first page": get(clerk),
        "inbox, next page (cursor)": lambda: clerk.get(second_page).json(),
        "inbox, a page in June (date range + cursor)": lambda: clerk.get(deep).json(),
        "inbox, leader (agency tree)": get(leader),
        "inbox, status in progress": get(clerk, status="in_progress"),
        "inbox, urgent": get(clerk, urgency="very_urgent"),
        "inbox, overdue": get(clerk, due="overdue"),
        "inbox, type + date range": get(
            clerk, doc_type="QĐ", date_from="2026-03-01", date_to="2026-03-31"
        ),
        "search: 'dang ky khai sinh'": get(clerk, q="dang ky khai sinh"),
        "search: 'Du lịch cộng đồng' (accents)": get(clerk, q="Du lịch cộng đồng"),
        "search: 'khieu nai' + overdue": get(clerk, q="khieu nai", due="overdue"),
        "search: a word found nowhere": get(clerk, q="khongcotrongvanban"),
    }


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def measure(repeat: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    import django

    django.setup()
    from documents.models import IncomingDocument, OutgoingDocument

    total = IncomingDocument.objects.count() + OutgoingDocument.objects.count()
    print(f"{total} documents")
    worst = 0.0
    for name, case in _cases().items():
        case()  # warm-up
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            case()
            times.append((time.perf_counter() - start) * 1000)
        p95 = _p95(times)
        worst = max(worst, p95)
        print(f"{name:48} median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms")
    print(f"worst p95 {worst:.1f} ms (target {TARGET_MS:.0f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--size", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", action="store_true")
    options = parser.parse_args()
    if options.seed:
        ensure_seeded(options.database, options.size)
    os.environ["DATABASE_URL"] = options.database
    os.environ["REDIS_URL"] = ""
    # Production settings otherwise (DEBUG off), but the test client speaks plain
    # HTTP, which they would redirect to HTTPS, and the bench signs nothing kept.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "False")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    measure(options.repeat)


if __name__ == "__main__":
    main()
