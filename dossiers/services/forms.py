"""The official PDF forms kept with the events that produced them."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from dossiers.models import DossierEvent, DossierFile

logger = logging.getLogger(__name__)


def dossier_forms_missing(*, older_than: timedelta, limit: int = 500) -> list[int]:
    """Events whose official form is still not stored (a lost task message)."""
    stored = DossierFile.objects.filter(
        event=OuterRef("pk"), form_code=OuterRef("form_code")
    )
    return list(
        DossierEvent.objects.exclude(form_code="")
        .filter(at__lt=timezone.now() - older_than)
        .exclude(Exists(stored))
        .order_by("at")
        .values_list("pk", flat=True)[:limit]
    )


def dossier_form_store(*, event_id: int) -> DossierFile | None:
    """Render the event's official form to PDF and keep it with the event.

    Idempotent: a form already stored is returned as it is, so a task delivered twice
    renders once. The rendering (up to a second) happens outside the transaction.
    """
    event = DossierEvent.objects.select_related("dossier").filter(pk=event_id).first()
    if event is None or not event.form_code:
        return None
    existing = event.files.filter(form_code=event.form_code).first()
    if existing is not None:
        return existing
    from dossiers import pdf

    content = pdf.render_event_form(event)
    name = f"mau-{event.form_code}-{event.dossier.code}.pdf"
    try:
        with transaction.atomic():
            return DossierFile.objects.create(
                dossier=event.dossier,
                kind=DossierFile.Kind.FORM,
                event=event,
                form_code=event.form_code,
                file=ContentFile(content, name=name),
                original_name=name,
                content_type="application/pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
    except IntegrityError:
        # Another worker stored it first (unique per event and form).
        return event.files.filter(form_code=event.form_code).first()
