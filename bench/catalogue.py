"""Latency of the catalogue search at 5,000 procedures, in-process on PostgreSQL.

Usage (from the repository root, with DATABASE_URL pointing at PostgreSQL):

    .venv/bin/python bench/catalogue.py [--file ../shared/data/procedures.json]
        [--texts ../shared/data/procedure_texts.json] [--size 5000] [--repeat 20]

It creates a throw-away database (bench_<name>), imports the real catalogue, copies
procedures until there are --size of them, then times a fixed list of searches three
ways: the selector as the catalogue page runs it (count + one page of 20 rows with
their fees), the whole HTML page, and the API list. It prints p50/p95 in milliseconds
and the SQL queries per request, then drops the database. Target: p95 under 30 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")

import django

django.setup()

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from procedures import selectors
from procedures.imports import procedures_import, read_rows, read_texts
from procedures.models import FeeItem, Procedure

# A fixed list: what citizens type (with and without diacritics), codes, filters.
QUERIES: list[dict[str, str]] = [
    {"q": "dang ky khai sinh"},
    {"q": "Đăng ký khai sinh"},
    {"q": "khai sinh"},
    {"q": "ket hon"},
    {"q": "dat dai"},
    {"q": "cap lai giay chung nhan"},
    {"q": "tach thua"},
    {"q": "giay phep xay dung"},
    {"q": "chung chi hanh nghe"},
    {"q": "thanh lap doanh nghiep"},
    {"q": "doanh nghiep tu nhan"},
    {"q": "chung thuc"},
    {"q": "ho tich"},
    {"q": "moi truong"},
    {"q": "giao duc"},
    {"q": "y te"},
    {"q": "1.001193"},
    {"q": "2.001610.000.00.00.H36"},
    {"q": "dang ky", "level": "commune"},
    {"q": "cap", "service_level": "4"},
    {"q": "xyz khong co"},
    {},
]
PAGE_SIZE = 20


def main() -> None:
    options = _options()
    if connection.vendor != "postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL.")
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        f"bench_{settings.DATABASES['default']['NAME']}"
    )
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        _load(options.file, options.texts, options.size)
        _run(options.repeat)
        if options.by_query:
            _by_query(options.repeat)
    finally:
        if options.keep:
            print(f"Kept database {connection.settings_dict['NAME']}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def _options() -> argparse.Namespace:
    data = Path(os.environ.get("SHARED_DATA_DIR") or ROOT.parent / "shared" / "data")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=data / "procedures.json")
    parser.add_argument("--texts", type=Path, default=data / "procedure_texts.json")
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--by-query", action="store_true", help="also print each search's median"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database for EXPLAIN sessions"
    )
    return parser.parse_args()


def _load(path: Path, texts_path: Path, size: int) -> None:
    started = time.perf_counter()
    texts = read_texts(texts_path) if texts_path.exists() else None
    report = procedures_import(records=read_rows(path), texts=texts)
    print(
        f"Imported {path.name}: created {report.created}, rejected "
        f"{len(report.rejected)} in {time.perf_counter() - started:.1f} s"
    )
    _copy_until(size)
    with connection.cursor() as cursor:
        # What autovacuum does soon after a bulk load in production.
        cursor.execute("VACUUM ANALYZE procedures_procedure")
    print(f"Catalogue: {Procedure.objects.count()} procedures")


def _copy_until(size: int) -> None:
    """Copies of real procedures (new codes, same text) until there are `size`."""
    originals = list(Procedure.objects.order_by("pk"))
    missing = size - len(originals)
    copies = []
    for number in range(max(missing, 0)):
        source = originals[number % len(originals)]
        copy = Procedure(
            **{
                f.attname: getattr(source, f.attname)
                for f in Procedure._meta.concrete_fields
                if f.attname not in ("id", "code")
            }
        )
        copy.code = f"{source.code}.B{number}"[:40]
        copies.append(copy)
    Procedure.objects.bulk_create(copies, batch_size=1000)
    fees = {f.procedure_id: f for f in FeeItem.objects.order_by("procedure_id")}
    FeeItem.objects.bulk_create(
        FeeItem(
            procedure=copy,
            position=1,
            kind=fees[source.pk].kind,
            name=fees[source.pk].name,
            amount=fees[source.pk].amount,
        )
        for number, copy in enumerate(copies)
        if (source := originals[number % len(originals)]).pk in fees
    )


def _selector_search(params: dict[str, str]) -> None:
    filters = {
        "level": params.get("level"),
        "service_level": int(params["service_level"])
        if "service_level" in params
        else None,
    }
    queryset = selectors.procedure_catalogue(query=params.get("q", ""), **filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(1)
    for procedure in page:
        list(procedure.fee_items.all())


def _measure(label: str, call: Callable[[dict[str, str]], object], repeat: int) -> None:
    for params in QUERIES:  # warm-up: connections, caches, plans
        call(params)
    samples = []
    queries = 0
    for _round in range(repeat):
        for params in QUERIES:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                call(params)
                samples.append((time.perf_counter() - started) * 1000)
            queries = max(queries, len(captured))
    cut = statistics.quantiles(samples, n=100)
    print(
        f"{label:<34} n={len(samples):<5} p50 {cut[49]:6.1f} ms   "
        f"p95 {cut[94]:6.1f} ms   max {max(samples):6.1f} ms   "
        f"queries/request ≤ {queries}"
    )


def _run(repeat: int) -> None:
    client = Client()
    detail = Procedure.objects.get(code="1.001193.000.00.00.H36").code

    def page(params: dict[str, str]) -> object:
        response = client.get("/thu-tuc/", params)
        assert response.status_code == 200
        return response

    def api(params: dict[str, str]) -> object:
        response = client.get("/api/v1/procedures/", params)
        assert response.status_code == 200
        return response

    def detail_page(params: dict[str, str]) -> object:
        return client.get(f"/thu-tuc/{detail}/")

    print(f"{len(QUERIES)} searches x {repeat} rounds:")
    _measure("search (selector, count + page)", _selector_search, repeat)
    _measure("catalogue page /thu-tuc/ (HTML)", page, repeat)
    _measure("API /api/v1/procedures/", api, repeat)
    _measure("procedure page /thu-tuc/<code>/", detail_page, max(repeat // 4, 1))


def _by_query(repeat: int) -> None:
    print("Median of the selector search, by query:")
    for params in QUERIES:
        samples = []
        for _round in range(repeat):
            started = time.perf_counter()
            _selector_search(params)
            samples.append((time.perf_counter() - started) * 1000)
        print(f"  {statistics.median(samples):6.1f} ms  {params}")


if __name__ == "__main__":
    main()
