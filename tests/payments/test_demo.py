import pytest
from django.utils import timezone

from accounts.demo import seed_accounts
from accounts.models import User
from payments.demo import seed_payments
from payments.models import PaymentRequest
from payments.reconciliation import reconciliation_for
from procedures.demo import seed_procedures

pytestmark = pytest.mark.django_db


def test_demo_payments_cover_every_outcome_and_reconcile_to_the_dong():
    seed_accounts()
    seed_procedures()
    assert seed_payments()[0].startswith("6 yêu cầu thanh toán (tạo mới)")
    statuses = sorted(PaymentRequest.objects.values_list("status", flat=True))
    assert statuses == ["expired", "failed", "paid", "paid", "pending", "refunded"]
    report = reconciliation_for(
        User.objects.get(username="quantri"), timezone.localdate()
    )
    assert report.balanced
    # 8.000 đồng: one online, one at the counter, one at the counter then refunded.
    assert report.confirmed_total == report.receipts_total == 24000
    assert seed_payments() == ["6 yêu cầu thanh toán (đã có)"]
