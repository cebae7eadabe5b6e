# ruff: noqa: S603, S607 (the benchmark runs psql and itself, with fixed arguments)
"""p95 of the statistics dashboards' queries at 100,000 and 1,000,000 dossiers.

Usage (from the repository root):

    .venv/bin/python bench/stats.py \\
        --small postgres://egov:egov@127.0.0.1:5432/bench_stats_100k \\
        --large postgres://egov:egov@127.0.0.1:5432/bench_stats_1m \\
        [--seed] [--repeat 40]

Each database holds one year of activity made by `seed_demo --dossiers N`; with
--seed the script creates the databases and seeds them when they hold fewer dossiers
(the million takes several minutes). Each database is served by its own process, and
the two take turns: every query of the dashboards (the leader's, the province's, the
public page, the report) runs --repeat times on each, alternately, after a warm-up,
so both sizes see the same background load; a run is timed from the call to the
finished Python result, database and computing together. It prints the p95
of each in milliseconds at both sizes and their ratio, each query alone and each page
as a whole (all the queries the page runs). Targets, on the pages: p95 under 150 ms
at 1,000,000 dossiers and a ratio under 1.5 (the cost must not grow with the data).
A single query of a millisecond or two is at the mercy of the scheduler; its ratio
is printed for information.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"small": 100_000, "large": 1_000_000}
TARGET_MS, TARGET_RATIO = 150.0, 1.5


def serve() -> None:
    """Child process: set up Django on DATABASE_URL, then time the cases named on
    stdin one at a time (the parent alternates between the two databases, so both
    see the same background load)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
    import django

    django.setup()
    from dossiers.models import Dossier

    cases = _cases()
    print(json.dumps({"dossiers": Dossier.objects.count(), "cases": list(cases)}))
    sys.stdout.flush()
    for line in sys.stdin:
        case = cases[line.strip()]
        start = time.perf_counter()
        case()
        print((time.perf_counter() - start) * 1000, flush=True)


def _cases() -> dict[str, Callable[[], Any]]:
    from django.utils import timezone

    from accounts.models import Agency
    from stats import figures as fig
    from stats import tables
    from stats.query import StatsQueryForm

    def query(**params: str) -> Any:
        form = StatsQueryForm(params)
        assert form.is_valid(), form.errors
        return form.query()

    department = Agency.objects.get(identifier="000.00.04.H36")  # Department of Justice
    province = Agency.objects.get(identifier="000.00.00.H36")
    leader = query(agency=str(department.uuid))
    whole = query(agency=str(province.uuid), period="year")
    now = timezone.now()
    parts: dict[str, Callable[[], Any]] = {
        "leader: month/quarter/year cards": lambda: tables.overview(leader, now),
        "leader: 12-month trend": lambda: tables.months(leader, now),
        "leader: by field": lambda: tables.breakdown(leader, "field", now),
        "leader: by level": lambda: tables.breakdown(leader, "level", now),
        "leader: overdue and due soon": lambda: tables.overdue(leader, now),
        "leader: officers' workload": lambda: tables.workload(leader, now),
        "province: summary vs last year": lambda: tables.summary(whole, now),
        "province: ranking by level": lambda: tables.ranking(whole, now),
        "public: by agency": lambda: tables.breakdown(whole, "agency", now),
        "public: by field": lambda: tables.breakdown(whole, "field", now),
        "public: agency x field": lambda: tables.public_rows(whole, now),
        "report: form II.06a (year)": lambda: tables.report(whole, now),
        "report: indicators of 766": lambda: tables.indicators(whole, now),
        "open data: 12 months with stocks": lambda: fig.monthly_with_stocks(
            fig.last_months(now.date()), whole.scope, now
        ),
    }
    pages = {
        f"PAGE {page}": _all([case for name, case in parts.items()
                              if name.startswith(prefix)])
        for page, prefix in (
            ("leader dashboard", "leader"),
            ("province dashboard", "province"),
            ("public progress page", "public"),
            ("periodic report", "report"),
        )
    }  # fmt: skip
    return parts | pages


def _all(cases: list[Callable[[], Any]]) -> Callable[[], None]:
    def run() -> None:
        for case in cases:
            case()

    return run


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def ensure_seeded(url: str, size: int) -> None:
    env = os.environ | {"DATABASE_URL": url}
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    subprocess.run(["psql", admin, "-c", f"CREATE DATABASE {name}"],
                   capture_output=True, check=False)  # fmt: skip
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    count = subprocess.run(
        [*manage, "shell", "-c",
         "from dossiers.models import Dossier; print(Dossier.objects.count())"],
        env=env, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    missing = size - int(count or 0)
    if missing > size // 100:
        print(f"Seeding {missing} dossiers into {name}…", flush=True)
        subprocess.run([*manage, "seed_demo", "--dossiers", str(missing)], env=env,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip


def measure_both(small_url: str, large_url: str, repeat: int) -> list[dict[str, Any]]:
    children = [_child(url) for url in (small_url, large_url)]
    heads = [json.loads(child.stdout.readline()) for child in children]  # type: ignore[union-attr]
    results: list[dict[str, Any]] = [
        {"dossiers": head["dossiers"], "p95": {}} for head in heads
    ]
    for case in heads[0]["cases"]:
        times: list[list[float]] = [[], []]
        for round_ in range(repeat + 3):
            for index, child in enumerate(children):
                child.stdin.write(case + "\n")  # type: ignore[union-attr]
                child.stdin.flush()  # type: ignore[union-attr]
                elapsed = float(child.stdout.readline())  # type: ignore[union-attr]
                if round_ >= 3:  # the first rounds warm the caches up
                    times[index].append(elapsed)
        for index in (0, 1):
            results[index]["p95"][case] = _p95(times[index])
    for child in children:
        child.stdin.close()  # type: ignore[union-attr]
        child.wait()
    return results


def _child(url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, __file__, "--serve"],
        env=os.environ | {"DATABASE_URL": url},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    base = "postgres://egov:egov@127.0.0.1:5432/"
    parser.add_argument("--small", default=base + "bench_stats_100k")
    parser.add_argument("--large", default=base + "bench_stats_1m")
    parser.add_argument("--seed", action="store_true")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    if args.seed:
        ensure_seeded(args.small, SIZES["small"])
        ensure_seeded(args.large, SIZES["large"])
    small, large = measure_both(args.small, args.large, args.repeat)
    report(small, large)


def report(small: dict[str, Any], large: dict[str, Any]) -> None:
    print(
        f"p95 in ms, {small['dossiers']:,} and {large['dossiers']:,} dossiers "
        "(a page runs all the queries it shows)"
    )
    print(f"{'query':<40} {'small':>9} {'large':>9} {'ratio':>7}")
    worst_ms, worst_ratio = 0.0, 0.0
    for name, fast in small["p95"].items():
        slow = large["p95"][name]
        ratio = slow / fast if fast else 0.0
        print(f"{name:<40} {fast:>9.1f} {slow:>9.1f} {ratio:>7.2f}")
        if name.startswith("PAGE"):
            worst_ms, worst_ratio = max(worst_ms, slow), max(worst_ratio, ratio)
    print(f"pages: worst p95 at the large size {worst_ms:.1f} ms "
          f"(target < {TARGET_MS:.0f}), worst ratio {worst_ratio:.2f} "
          f"(target < {TARGET_RATIO})")  # fmt: skip
    ok = worst_ms < TARGET_MS and worst_ratio < TARGET_RATIO
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
