from national import services
from national.exceptions import PortalUnavailable
from national.models import NationalSync, StubRequest, SyncStatus

BACKOFF = {"backoff": 5, "backoff_max": 600}


def deliver(ids) -> list[str]:
    """Run the send task's body for each id, as a worker would (a transient error
    leaves the row for Celery's retry)."""
    outcomes = []
    for pk in ids:
        if not services.sync_claim(sync_id=pk):
            outcomes.append("not claimed")
            continue
        try:
            outcomes.append(services.sync_deliver(sync_id=pk, **BACKOFF))
        except PortalUnavailable:
            outcomes.append("retry")
    return outcomes


def deliver_pending() -> list[str]:
    ids = NationalSync.objects.filter(status=SyncStatus.PENDING).order_by(
        "dossier_id", "sequence"
    )
    return deliver(list(ids.values_list("pk", flat=True)))


def received_statuses(code):
    """(SoThuTu, TrangThaiHoSo) of each status update the stub accepted."""
    return [
        (row.sequence, row.payload["TrangThaiHoSo"])
        for row in StubRequest.objects.filter(operation="status", dossier_code=code)
    ]
