"""Write use cases of notifications, in three modules re-exported here.

- outbox: rows written in the cause's transaction (notify_transition, the
  subscriber of dossier events; notify_dossier_event, notify_applicant,
  notify_staff), people's choices and in-app notices;
- sending: one task per row, claimed by a conditional UPDATE; retries; the sweep;
  the provider's delivery reports;
- reminders: the working mornings' digests for officers and results to collect.
"""

from notifications.services.outbox import (
    APPLICANT,
    ASSIGNEE,
    CLERKS,
    LEADERS,
    dossier_context,
    notices_mark_read,
    notify_address,
    notify_applicant,
    notify_dossier_event,
    notify_staff,
    notify_transition,
    preference_set,
    route,
)
from notifications.services.reminders import (
    RESULT_REMINDER_INTERVAL,
    remind_collection,
    remind_officers,
)
from notifications.services.sending import (
    MAX_ATTEMPTS,
    RETRY_BACKOFF_MAX_SECONDS,
    RETRY_BACKOFF_SECONDS,
    STUCK_AFTER,
    SWEEP_GRACE,
    notification_claim,
    notification_deliver,
    notification_delivery_report,
    notification_retry,
    notification_sweep,
    queue_on_commit,
    queue_sending,
)

__all__ = [
    "APPLICANT",
    "ASSIGNEE",
    "CLERKS",
    "LEADERS",
    "MAX_ATTEMPTS",
    "RESULT_REMINDER_INTERVAL",
    "RETRY_BACKOFF_MAX_SECONDS",
    "RETRY_BACKOFF_SECONDS",
    "STUCK_AFTER",
    "SWEEP_GRACE",
    "dossier_context",
    "notices_mark_read",
    "notification_claim",
    "notification_deliver",
    "notification_delivery_report",
    "notification_retry",
    "notification_sweep",
    "notify_address",
    "notify_applicant",
    "notify_dossier_event",
    "notify_staff",
    "notify_transition",
    "preference_set",
    "queue_on_commit",
    "queue_sending",
    "remind_collection",
    "remind_officers",
    "route",
]
