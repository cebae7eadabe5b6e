"""Celery tasks of dossiers, and the queueing of them (services never import tasks)."""

import logging
from datetime import timedelta

from celery import shared_task

from core import broker
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
        queue_form_render(event_id, sweeping=True)
    return len(missing)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def logbook_export_build(export_id: int) -> None:
    """Build a logbook (form 07) asked for on the page; a year as CSV or a quarter
    as PDF takes longer than the default limits of a task."""
    services.logbook_export_build(export_id=export_id)


@shared_task
def logbook_exports_sweep() -> tuple[int, int]:
    """Queue again the books whose message was lost; remove the old ones."""
    stale = services.logbook_exports_stale()
    for export_id in stale:
        queue_logbook_export(export_id, sweeping=True)
    return len(stale), services.logbook_exports_purge()


def queue_logbook_export(export_id: int, *, sweeping: bool = False) -> None:
    """Publish the build; with the broker down the book waits for the sweep."""
    if not broker.publish(logbook_export_build, export_id, during_pause=sweeping):
        logger.warning("Broker unreachable: logbook %s left to the sweep.", export_id)


def form_render_on_commit(change: Transitioned) -> None:
    """Subscriber (on commit, dossiers.apps): render the event's official form in a
    task, since rendering takes up to a second."""
    if change.event.form_code:
        queue_form_render(change.event.pk)


def queue_form_render(event_id: int, *, sweeping: bool = False) -> None:
    """Publish the render task; a broker outage leaves the form to the sweep and
    never turns the committed transition into an error for the person acting."""
    if not broker.publish(dossier_form_render, event_id, during_pause=sweeping):
        logger.warning(
            "Broker unreachable: form of event %s left to the sweep.", event_id
        )
