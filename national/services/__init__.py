"""Write use cases of the national portal adapter (re-exported by module)."""

from national.services.catalogue import catalogue_sync, fetch
from national.services.delivery import (
    MAX_ATTEMPTS,
    sync_claim,
    sync_deliver,
    sync_retry,
    sync_sweep,
)
from national.services.outbox import queue_sending, sync_record_transition

__all__ = [
    "MAX_ATTEMPTS",
    "catalogue_sync",
    "fetch",
    "queue_sending",
    "sync_claim",
    "sync_deliver",
    "sync_record_transition",
    "sync_retry",
    "sync_sweep",
]
