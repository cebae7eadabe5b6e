"""IPN handling on PostgreSQL: throughput, and 50 concurrent duplicate callbacks.

Usage (a throwaway database; the script migrates it):
    DATABASE_URL=postgres://egov:egov@127.0.0.1:5432/egov_bench \
        .venv/bin/python bench/payments.py [--payments 300] [--threads 4]

Every callback goes through GET /api/v1/payments/ipn/sandbox/ as a gateway would
send it: signature check, row lock on the request, attempt and request updates,
receipt numbered under the agency's counter lock, a history line and the citizen's
notification rows (queued, not sent). Dossiers are inserted directly; the
requests and attempts are made by the services.
"""

import argparse
import logging
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "False"
os.environ.pop("REDIS_URL", None)
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["PAYMENT_SANDBOX"] = "True"

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AccountType, Agency, AgencyKind, User
from dossiers.models import Dossier
from payments import gateways, services
from payments.gateways.vnpay import sign
from payments.models import PaymentAttempt, PaymentReceipt
from procedures.models import FeeItem, Field, Procedure

IPN = "/api/v1/payments/ipn/sandbox/"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def make_world() -> tuple[Procedure, Agency, User]:
    tag = uuid.uuid4().hex[:6]
    centre = Agency.objects.create(
        name=f"Trung tâm {tag}",
        level="province",
        kind=AgencyKind.SERVICE_CENTRE,
        identifier=f"B{tag[:2].upper()}.{tag[2:4]}.00.H99",
    )
    field, _created = Field.objects.get_or_create(slug="bench", name="Bench")
    procedure = Procedure.objects.create(
        code=f"9.{tag}.H99",
        name="Thủ tục đo tải",
        field=field,
        level_province=True,
        service_level=4,
        online_mode="full",
        online_payment=True,
    )
    FeeItem.objects.create(procedure=procedure, position=1, name="Lệ phí", amount=8000)
    citizen = User.objects.create_user(
        username=f"c{tag}",
        full_name="Công Dân",
        account_type=AccountType.CITIZEN,
        phone="0912345678",
    )
    return procedure, centre, citizen


def owing_attempts(count: int) -> list[PaymentAttempt]:
    procedure, centre, citizen = make_world()
    gateway = gateways.get_gateway("sandbox")
    now = timezone.now()
    attempts = []
    for index in range(count):
        dossier = Dossier.objects.create(
            code=f"{centre.identifier}-BENCH-{index:05d}",
            procedure=procedure,
            receiving_agency=centre,
            processing_agency=centre,
            owner=citizen,
            applicant_name="Công Dân",
            applicant_id_number="068090001234",
            applicant_phone="0912345678",
            applicant_address="Đà Lạt",
            channel="online",
            status="received",
            submitted_at=now,
            received_at=now,
        )
        request = services.payment_request_issue(
            dossier=dossier, moment="reception", actor=None
        )
        assert request is not None
        attempt, _url = services.payment_start(
            request_uuid=request.uuid,
            actor=citizen,
            gateway=gateway,
            return_url="http://testserver/",
            client_address="127.0.0.1",
        )
        attempts.append(attempt)
    return attempts


def signed(attempt: PaymentAttempt) -> dict[str, str]:
    params = {
        "vnp_Amount": str(attempt.amount * 100),
        "vnp_BankCode": "NCB",
        "vnp_ResponseCode": "00",
        "vnp_TmnCode": "SANDBOX",
        "vnp_TransactionNo": f"T{attempt.reference}",
        "vnp_TransactionStatus": "00",
        "vnp_TxnRef": attempt.reference,
    }
    params["vnp_SecureHash"] = sign(params, settings.PAYMENT_SANDBOX_SECRET)
    return params


def call(params: dict[str, str]) -> tuple[str, float]:
    began = time.perf_counter()
    answer = APIClient().get(IPN, params).json()["RspCode"]
    return answer, time.perf_counter() - began


def in_threads(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def runner(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def throughput(attempts: list[PaymentAttempt], threads: int) -> None:
    half = len(attempts) // 2
    serial, parallel = attempts[:half], attempts[half:]
    start = time.perf_counter()
    results = [call(signed(attempt)) for attempt in serial]
    elapsed = time.perf_counter() - start
    seconds = [s for _answer, s in results]
    assert {answer for answer, _s in results} == {"00"}
    print(f"IPN, {len(serial)} distinct payments, one connection:")
    print(f"  throughput   {len(serial) / elapsed:8.1f} callbacks/s")
    print(
        f"  latency      p50 {percentile(seconds, 0.5) * 1000:6.1f} ms   "
        f"p95 {percentile(seconds, 0.95) * 1000:6.1f} ms   "
        f"mean {statistics.mean(seconds) * 1000:6.1f} ms"
    )
    share = len(parallel) // threads
    start = time.perf_counter()
    answers = in_threads(
        threads,
        lambda t: [
            call(signed(attempt))[0]
            for attempt in parallel[t * share : (t + 1) * share]
        ],
    )
    elapsed = time.perf_counter() - start
    done = sum(len(batch) for batch in answers)
    assert all(answer == "00" for batch in answers for answer in batch)
    print(f"IPN, {done} distinct payments, {threads} parallel connections:")
    print(f"  throughput   {done / elapsed:8.1f} callbacks/s")


def duplicates(copies: int) -> None:
    [attempt] = owing_attempts(1)
    params = signed(attempt)
    start = time.perf_counter()
    results = in_threads(copies, lambda _i: call(params))
    elapsed = time.perf_counter() - start
    answers = [answer for answer, _s in results]
    receipts = PaymentReceipt.objects.filter(request=attempt.request).count()
    print(f"{copies} concurrent duplicate callbacks for one payment:")
    print(
        f"  answers      00 × {answers.count('00')}, 02 × {answers.count('02')}, "
        f"other × {copies - answers.count('00') - answers.count('02')}"
    )
    print(f"  receipts     {receipts}   (all answered in {elapsed * 1000:.0f} ms)")
    assert answers.count("00") == 1 and answers.count("02") == copies - 1
    assert receipts == 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--payments", type=int, default=300)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--duplicates", type=int, default=50)
    options = parser.parse_args()
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("Set DATABASE_URL to a throwaway PostgreSQL database.")
    call_command("migrate", verbosity=0)
    # Replays are logged as warnings by design; 49 of them would drown the figures.
    logging.getLogger("payments").setLevel(logging.ERROR)
    attempts = owing_attempts(options.payments)
    throughput(attempts, options.threads)
    duplicates(options.duplicates)


if __name__ == "__main__":
    main()
