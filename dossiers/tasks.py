from celery import shared_task

from dossiers import services


@shared_task(acks_late=True)
def dossier_form_render(event_id: int) -> None:
    """Render and store the official form of a dossier event; harmless when repeated."""
    services.dossier_form_store(event_id=event_id)
