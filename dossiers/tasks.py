from datetime import timedelta

from celery import shared_task

from dossiers import services

# Long enough for a worker to have rendered a form queued on commit.
FORM_SWEEP_GRACE = timedelta(minutes=5)


@shared_task(acks_late=True)
def dossier_form_render(event_id: int) -> None:
    """Render and store the official form of a dossier event; harmless when repeated."""
    services.dossier_form_store(event_id=event_id)


@shared_task
def dossier_forms_sweep() -> int:
    """Queue again the forms whose render message was lost (broker down, worker
    killed); rendering is idempotent, so a form queued twice is stored once."""
    missing = services.dossier_forms_missing(older_than=FORM_SWEEP_GRACE)
    for event_id in missing:
        services.queue_form_render(event_id, sweeping=True)
    return len(missing)
