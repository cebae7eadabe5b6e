"""Staff dossier lists per role at a million dossiers, in-process on PostgreSQL.

Usage (a database filled with `seed_demo --dossiers 1000000`, never your own):

    DATABASE_URL=postgres://egov:egov@127.0.0.1:5432/egov_1m \\
    .venv/bin/python bench/lists.py [--repeat 30] [--pages 3]

For every demo staff account it requests the dossier list API (the first page, then
--pages - 1 next pages through the `next` link), the staff list page `/ho-so/` and
the overdue filter, and prints p50/p95 in milliseconds and the SQL queries per
request, with the p95 of the time spent in SQL (the rest is Python, and on a shared
machine, waiting for a core). Target (issue 11): p95 under 100 ms for every role.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

import django

django.setup()

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User

ACCOUNTS = [
    "quantri",
    "quantri.tuphap",
    "lanhdao.tuphap",
    "lanhdao.xuanhuong",
    "chuyenvien.tuphap",
    "chuyenvien.datdai",
    "motcua.tinh",
    "motcua.xuanhuong",
]


def timed(
    client: Client, url: str, repeat: int
) -> tuple[list[float], list[float], int, dict]:
    client.get(url)  # warm-up: plans, the user's scope
    times, database, queries, body = [], [], 0, {}
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
        database.append(
            sum(float(query["time"]) for query in captured.captured_queries) * 1000
        )
        if response["Content-Type"].startswith("application/json"):
            body = response.json()
    return times, database, queries, body


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1]


def main() -> None:
    settings.ALLOWED_HOSTS.append("testserver")
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--pages", type=int, default=3)
    options = parser.parse_args()
    total = connection.cursor()
    total.execute(
        "SELECT reltuples::bigint FROM pg_class WHERE relname = 'dossiers_dossier'"
    )
    print(f"about {total.fetchone()[0]:,} dossiers; {options.repeat} requests each")
    print(
        f"{'account':<20} {'list':<16} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'SQL p95':>8} {'queries':>8}"
    )
    for username in ACCOUNTS:
        client = Client()
        client.force_login(User.objects.get(username=username))
        url = "/api/v1/dossiers/"
        for page in range(1, options.pages + 1):
            times, database, queries, body = timed(client, url, options.repeat)
            report(username, f"API page {page}", times, database, queries)
            if not body.get("next"):
                break
            url = body["next"].split("testserver", 1)[-1]
        for label, url in [
            ("API overdue", "/api/v1/dossiers/?overdue=true"),
            ("/ho-so/", "/ho-so/"),
        ]:
            times, database, queries, _body = timed(client, url, options.repeat)
            report(username, label, times, database, queries)


def report(
    username: str, label: str, times: list[float], database: list[float], queries: int
) -> None:
    print(
        f"{username:<20} {label:<16} {statistics.median(times):>8.1f} "
        f"{p95(times):>8.1f} {p95(database):>8.1f} {queries:>8}"
    )


if __name__ == "__main__":
    main()
