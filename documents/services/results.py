"""Signed electronic results of dossiers (kết quả điện tử).

When a leader approves a dossier whose result is a PDF, the result is signed with
the processing agency's certificate (visible block, QR code to the public
verification page) and kept as the dossier's ElectronicResult, which the applicant
downloads. Signing runs in a task queued on commit of the approval.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from datastore.kinds import kind_of
from datastore.models import StoredDocument
from datastore.services import stored_document_keep
from documents.models import ElectronicResult
from documents.signing import pdf_sign
from dossiers.models import Dossier, DossierFile
from dossiers.workflow import DossierStatus

# Approved dossiers: the result is signed even while its hand-over waits for fees.
APPROVED = (
    DossierStatus.RESULT_READY,
    DossierStatus.AWAITING_RESULT_PAYMENT,
    DossierStatus.RETURNED,
)


def _result_pdf(dossier: Dossier) -> DossierFile | None:
    """The latest result file, when it is a PDF (a result that is a document)."""
    return (
        dossier.files.filter(
            kind=DossierFile.Kind.RESULT, content_type="application/pdf"
        )
        .order_by("-uploaded_at", "-pk")
        .first()
    )


def electronic_result_issue(*, dossier_id: int) -> ElectronicResult | None:
    """Sign the approved dossier's result PDF once; None when there is none.

    Called by documents.tasks.electronic_result_sign. Locks the dossier row, so two
    runs of the task sign once; an approved dossier only (result ready or later).
    """
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update(of=("self",))
            .select_related("processing_agency", "electronic_result")
            .filter(pk=dossier_id)
            .first()
        )
        if dossier is None or dossier.status not in APPROVED:
            return None
        existing = ElectronicResult.objects.filter(dossier=dossier).first()
        source = _result_pdf(dossier)
        if existing is not None or source is None:
            return existing
        return _sign(dossier, source)


def _sign(dossier: Dossier, source: DossierFile) -> ElectronicResult:
    key = uuid.uuid4()
    with source.file.open("rb") as handle:
        data = handle.read()
    signed = pdf_sign(
        agency=dossier.processing_agency,
        data=data,
        verify_url=settings.SITE_URL + reverse("documents:verify-file", args=[key]),
        reason=_("Kết quả giải quyết hồ sơ %(code)s") % {"code": dossier.code},
        field_name="Result",
    )
    result = ElectronicResult(
        uuid=key,
        dossier=dossier,
        source=source,
        agency=dossier.processing_agency,
        sha256=hashlib.sha256(signed).hexdigest(),
    )
    result.file.save(f"{dossier.code}.pdf", ContentFile(signed), save=False)
    result.save()
    if dossier.owner is not None:
        # The applicant receives it in their data store too (docs/datastore.md).
        stored_document_keep(
            owner=dossier.owner,
            kind=kind_of(dossier.procedure.name),
            title=_("Kết quả: %(procedure)s") % {"procedure": dossier.procedure.name},
            source=StoredDocument.Source.RESULT,
            content=ContentFile(signed),
            original_name=f"{dossier.code}.pdf",
            content_type="application/pdf",
            size=len(signed),
            sha256=result.sha256,
            dossier_code=dossier.code or "",
            valid_from=timezone.localdate(result.signed_at),
        )
    return result


def results_unsigned(*, older_than: timedelta) -> list[int]:
    """Approved dossiers of the last week with a PDF result and no signed one yet,
    resolved more than `older_than` ago."""
    now = timezone.now()
    return list(
        Dossier.objects.filter(
            status__in=APPROVED,
            resolved_at__gte=now - timedelta(days=7),
            resolved_at__lt=now - older_than,
            electronic_result__isnull=True,
            files__kind=DossierFile.Kind.RESULT,
            files__content_type="application/pdf",
        )
        .values_list("pk", flat=True)
        .distinct()[:500]
    )
