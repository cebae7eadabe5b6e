"""Storing a dossier's file once the caller has decided the actor may add it."""

from __future__ import annotations

from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.models import AccountType, User
from core import uploads
from core.exceptions import DomainError
from datastore.kinds import kind_of
from datastore.models import StoredDocument
from datastore.services import stored_document_keep
from dossiers.models import Dossier, DossierFile
from procedures.models import RequiredComponent


def file_store(
    *,
    dossier: Dossier,
    actor: User,
    upload: UploadedFile,
    component: RequiredComponent | None = None,
    kind: str = DossierFile.Kind.COMPONENT,
    reused_from: StoredDocument | None = None,
) -> DossierFile:
    """Check the file's content and the dossier's quota, then store it."""
    if component is not None and component.procedure_id != dossier.procedure_id:
        raise DomainError("component", _("Thành phần không thuộc thủ tục của hồ sơ."))
    used = dossier.files.aggregate(total=Sum("size"))["total"] or 0
    checked = uploads.check_upload(upload, used_bytes=used)
    is_staff = actor.account_type == AccountType.STAFF
    stored = DossierFile.objects.create(
        dossier=dossier,
        kind=kind,
        component=component,
        file=upload,
        original_name=(upload.name or "")[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        is_digitized=is_staff and kind == DossierFile.Kind.COMPONENT,
        is_reused=reused_from is not None,
        reused_from=reused_from,
        uploaded_by=actor,
    )
    if (
        reused_from is None
        and kind == DossierFile.Kind.COMPONENT
        and actor.pk == dossier.owner_id
    ):
        _keep_in_store(stored, component)
    return stored


def _keep_in_store(stored: DossierFile, component: RequiredComponent | None) -> None:
    """What an applicant uploads goes to their data store too (docs/datastore.md)."""
    assert stored.dossier.owner is not None  # noqa: S101 (the uploader owns it)
    name = component.name if component is not None else stored.original_name
    with stored.file.open("rb") as handle:
        stored_document_keep(
            owner=stored.dossier.owner,
            kind=kind_of(name),
            title=name,
            source=StoredDocument.Source.UPLOAD,
            content=File(handle, name=stored.original_name),
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            dossier_code=stored.dossier.code or "",
        )
