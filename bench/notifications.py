"""Notifications through the real pipeline: throughput and commit-to-SMS latency.

Usage (from the repository root, with PostgreSQL and Redis):

    DATABASE_URL=postgres://egov:egov@127.0.0.1:5432/egov \
    REDIS_URL=redis://127.0.0.1:6379/7 \
        .venv/bin/python bench/notifications.py [--burst 200] [--paced 40] \
        [--rate 2] [--workers 1 2] [--provider-delay 0 0.1]

It creates a throw-away database (bench_<name>), starts a local HTTP SMS gateway and
an SMTP server (the test stubs), and for each worker count starts a real
`celery -A egov worker --concurrency=N`:

- throughput: --burst dossiers are submitted while no worker runs (each writes an
  SMS and an e-mail), then the worker starts and drains the queue; notifications per
  second = rows sent / (last sent - first claimed);
- latency: with the worker running, --paced dossiers are submitted at --rate per
  second (2/s, four notifications a second, is a busy hour of a province); for each
  SMS, the time from the transition's commit to the gateway receiving the request,
  p50 and p95.

Each runs with providers that answer at once and with providers that take
--provider-delay seconds (a real gateway or relay takes 0.1-0.3 s): a worker process
mostly waits for the provider, so more processes send more. Target: p95 under 2 s
with one worker; throughput grows with the worker processes. The Redis database
given is flushed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "False"
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="bench-media-"))

import django

django.setup()

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Max, Min

from accounts.models import AgencyKind
from dossiers import services as dossier_services
from notifications.models import Channel, Notification, Status
from tests.accounts.factories import AgencyFactory, CitizenFactory
from tests.dossiers.factories import ProcedureFactory
from tests.notifications.stubs import GatewayStub, SmtpStub
from tests.notifications.worker import Worker, database_url

WAIT_SECONDS = 300


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--paced", type=int, default=40)
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--provider-delay",
        type=float,
        nargs="+",
        default=[0.0, 0.1],
        help="seconds the gateway and the SMTP server take to answer",
    )
    return parser.parse_args()


class World:
    """A centre, a department, a procedure without components, a citizen."""

    def __init__(self) -> None:
        province = AgencyFactory(
            identifier="000.00.00.H36", kind=AgencyKind.PEOPLES_COMMITTEE
        )
        self.centre = AgencyFactory(
            identifier="000.00.02.H36", kind=AgencyKind.SERVICE_CENTRE, parent=province
        )
        self.department = AgencyFactory(identifier="000.00.04.H36", parent=province)
        self.procedure = ProcedureFactory(agencies=[self.department], components=[])
        self.citizen = CitizenFactory()

    def submit(self) -> float:
        """Submit a new dossier; returns the moment its transaction committed."""
        dossier = dossier_services.dossier_create_online(
            owner=self.citizen,
            procedure=self.procedure,
            processing_agency=self.department,
            applicant=dossier_services.Applicant.of_user(self.citizen),
        )
        committed: list[float] = []
        with transaction.atomic():
            # Registered first, so it runs right at the commit, before the publish.
            transaction.on_commit(lambda: committed.append(time.time()))
            dossier_services.dossier_apply_action(
                code=dossier.reference, action="submit", actor=self.citizen
            )
        return committed[0]


def wait_sent(since_pk: int, count: int) -> None:
    rows = Notification.objects.filter(pk__gt=since_pk).exclude(channel=Channel.IN_APP)
    deadline = time.monotonic() + WAIT_SECONDS
    while rows.filter(status=Status.SENT).count() < count:
        if time.monotonic() > deadline:
            sys.exit(f"Not all sent within {WAIT_SECONDS} s.")
        time.sleep(0.2)


def last_pk() -> int:
    return Notification.objects.aggregate(last=Max("pk"))["last"] or 0


def throughput(world: World, worker: Worker, burst: int) -> tuple[int, float]:
    start = last_pk()
    for _ in range(burst):
        world.submit()
    worker.start()
    try:
        wait_sent(start, 2 * burst)
    finally:
        worker.stop()
    span = Notification.objects.filter(pk__gt=start).aggregate(
        first=Min("claimed_at"), last=Max("sent_at")
    )
    seconds = (span["last"] - span["first"]).total_seconds()
    return 2 * burst, 2 * burst / seconds


def latency(
    world: World, worker: Worker, gateway: GatewayStub, paced: int, rate: float
) -> list[float]:
    start = last_pk()
    gateway.reset()
    worker.start()
    commits: dict[int, float] = {}
    try:
        for _ in range(paced):
            began = time.monotonic()
            before = last_pk()
            commits[before] = world.submit()
            time.sleep(max(0.0, 1 / rate - (time.monotonic() - began)))
        wait_sent(start, 2 * paced)
    finally:
        worker.stop()
    return _latencies(start, commits, gateway)


def _latencies(
    start: int, commits: dict[int, float], gateway: GatewayStub
) -> list[float]:
    """Match each gateway request to its SMS row, and that row to its commit."""
    arrived = {
        request["body"]["reference"]: request["at"] for request in gateway.requests
    }
    marks = sorted(commits.items())
    latencies = []
    sms_rows = Notification.objects.filter(pk__gt=start, channel=Channel.SMS)
    for pk, uuid in sms_rows.values_list("pk", "uuid"):
        committed = [moment for first, moment in marks if first < pk][-1]
        latencies.append(arrived[str(uuid)] - committed)
    return latencies


def percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[
        round(fraction * 100) - 1
    ]


def main() -> None:
    options = _options()
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit(
            "The benchmark needs PostgreSQL and Redis: set DATABASE_URL, REDIS_URL."
        )
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        f"bench_{settings.DATABASES['default']['NAME']}"
    )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    gateway, smtp = GatewayStub().start(), SmtpStub().start()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-workers-"))
    try:
        cache.clear()  # the broker's database: no stale messages
        world = World()
        print(
            f"{options.burst} dossiers in a burst, {options.paced} at {options.rate}/s"
        )
        for delay, count in itertools.product(options.provider_delay, options.workers):
            gateway.delay = smtp.delay = delay
            worker = Worker(
                database=database_url(connection.settings_dict),
                gateway_url=gateway.url,
                email_url=smtp.url,
                log=log_dir / f"worker-{delay}-{count}.log",
                concurrency=count,
                pool=True,  # as in production (docker-compose.yml)
            )
            sent, rate = throughput(world, worker, options.burst)
            delays = latency(world, worker, gateway, options.paced, options.rate)
            print(
                f"provider answers in {delay:.2f} s, worker processes={count}: "
                f"{sent} notifications at {rate:.1f}/s; commit to SMS at the "
                f"gateway p50={percentile(delays, 0.5):.3f} s "
                f"p95={percentile(delays, 0.95):.3f} s max={max(delays):.3f} s "
                f"(n={len(delays)})"
            )
    finally:
        gateway.stop()
        smtp.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
