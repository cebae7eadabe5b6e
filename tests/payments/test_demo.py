import pytest
from django.utils import timezone

from accounts.models import User
from demo.accounts import seed_accounts
from demo.payments import seed_payments
from demo.procedures import seed_procedures
from payments.models import PaymentRequest
from payments.reconciliation import reconciliation_for

pytestmark = pytest.mark.django_db


def test_demo_payments_cover_every_outcome_and_reconcile_to_the_dong(
    broker, django_capture_on_commit_callbacks
):
    seed_accounts()
    seed_procedures()
    with django_capture_on_commit_callbacks(execute=True):
        assert seed_payments()[0].startswith("6 yêu cầu thanh toán (tạo mới)")
    statuses = sorted(PaymentRequest.objects.values_list("status", flat=True))
    assert statuses == ["expired", "failed", "paid", "paid", "pending", "refunded"]
    report = reconciliation_for(
        User.objects.get(username="quantri"), timezone.localdate()
    )
    assert report.balanced
    # 8.000 đồng: one online, one at the counter, one at the counter then refunded.
    assert report.confirmed_total == report.receipts_total == 24000
    # The pending one waits in national status 6.
    waiting = PaymentRequest.objects.get(status="pending").dossier
    assert (waiting.status, waiting.national_status) == ("awaiting_payment", 6)
    assert seed_payments() == ["6 yêu cầu thanh toán (đã có)"]
