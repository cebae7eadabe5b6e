"""Storing a dossier's file once the caller has decided the actor may add it."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.models import AccountType, User
from core import uploads
from core.exceptions import DomainError
from dossiers.models import Dossier, DossierFile
from procedures.models import RequiredComponent


def file_store(
    *,
    dossier: Dossier,
    actor: User,
    upload: UploadedFile,
    component: RequiredComponent | None = None,
    kind: str = DossierFile.Kind.COMPONENT,
) -> DossierFile:
    """Check the file's content and the dossier's quota, then store it."""
    if component is not None and component.procedure_id != dossier.procedure_id:
        raise DomainError("component", _("Thành phần không thuộc thủ tục của hồ sơ."))
    used = dossier.files.aggregate(total=Sum("size"))["total"] or 0
    checked = uploads.check_upload(upload, used_bytes=used)
    is_staff = actor.account_type == AccountType.STAFF
    return DossierFile.objects.create(
        dossier=dossier,
        kind=kind,
        component=component,
        file=upload,
        original_name=(upload.name or "")[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        is_digitized=is_staff and kind == DossierFile.Kind.COMPONENT,
        uploaded_by=actor,
    )
