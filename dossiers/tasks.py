"""Celery tasks of dossiers, and the queueing of them (services never import tasks)."""

import logging
from datetime import timedelta

from celery import shared_task
from kombu.exceptions import OperationalError

from dossiers import services
from dossiers.events import Transitioned

logger = logging.getLogger(__name__)

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
        queue_form_render(event_id)
    return len(missing)


def form_render_on_commit(change: Transitioned) -> None:
    """Subscriber (on commit, dossiers.apps): render the event's official form in a
    task, since rendering takes up to a second."""
    if change.event.form_code:
        queue_form_render(change.event.pk)


def queue_form_render(event_id: int) -> None:
    """Publish the render task; a broker outage leaves the form to the sweep and
    never turns the committed transition into an error for the person acting."""
    try:
        dossier_form_render.delay(event_id)
    except OperationalError:
        logger.warning(
            "Broker unreachable: form of event %s left to the sweep.", event_id
        )
