from datetime import timedelta

import pytest
from django.utils import timezone

from payments import gateways, services
from stats import figures as fig
from stats.online_payment import payment_counts
from tests.payments.conftest import callback, owing, received, signed_query
from tests.procedures.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_indicator_3_6_counts_dossiers_paid_online(paying):
    free = ProcedureFactory(agencies=[paying.department])
    free_dossier_world = type(paying)(**{**vars(paying), "procedure": free})
    received(free_dossier_world)  # no fee: not counted
    online = owing(paying)
    attempt, _url = services.payment_start(
        request_uuid=online.uuid,
        actor=paying.citizen,
        gateway=gateways.get_gateway("sandbox"),
        return_url="http://testserver/",
        client_address="203.0.113.9",
    )
    services.payment_callback(
        gateway=gateways.get_gateway("sandbox"),
        params=signed_query(callback(attempt.reference, 50000)),
    )
    at_counter = owing(paying)
    services.payment_record_counter(
        request_uuid=at_counter.uuid, actor=paying.clerk, method="cash"
    )
    received(paying)  # owes, has not paid
    today = timezone.localdate()
    counts = payment_counts(
        start=today - timedelta(days=1),
        end=today,
        scope=fig.Scope(agency_ids=frozenset({paying.department.pk})),
    )
    assert counts.fee_dossiers == 3
    assert counts.paid_online_dossiers == 1
    found = {item.code: item for item in fig.indicators(fig.Figures(), counts)}
    assert str(found["3.6"].rate) == "33.33"  # 1 / 3
