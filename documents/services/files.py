"""Storing document files and checking their signatures."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import DomainError
from core.uploads import check_upload
from documents.models import DocumentFile, IncomingDocument, OutgoingDocument
from documents.signing import SignatureCheck, pdf_verify

if TYPE_CHECKING:
    from documents.selectors import SignedRecord

PDF = "application/pdf"


def upload_read(upload: UploadedFile) -> tuple[bytes, str]:
    """The bytes and content type of an accepted upload (dossiers' upload rules)."""
    checked = check_upload(upload)
    upload.seek(0)
    return upload.read(), checked.content_type


def file_store(
    *,
    document: IncomingDocument | OutgoingDocument,
    data: bytes,
    name: str,
    content_type: str,
    user: User | None,
    is_main: bool,
    check_signature: bool = False,
) -> DocumentFile:
    """Store a file of `document`; a PDF of an incoming document is verified now,
    and the outcome is kept with the file."""
    if content_type == PDF and not data.startswith(b"%PDF-"):
        raise DomainError(
            "file_type", _("Tệp %(name)s không phải PDF.") % {"name": name}
        )
    if is_main and content_type != PDF:
        raise DomainError("file_type", _("Tệp văn bản chính phải là PDF."))
    row = DocumentFile(
        is_main=is_main,
        original_name=name[:200],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=user,
    )
    if isinstance(document, IncomingDocument):
        row.incoming = document
    else:
        row.outgoing = document
    if check_signature and content_type == PDF:
        signature_record(row, pdf_verify(data))
    row.file.save(name, ContentFile(data), save=False)
    row.save()
    return row


def signature_record(row: DocumentFile, check: SignatureCheck) -> None:
    row.signature_status = check.status
    row.signature_signer = check.signer[:255]
    row.signature_signed_at = check.signed_at
    row.signature_reasons = check.reasons


def file_bytes(row: DocumentFile | SignedRecord) -> bytes:
    with row.file.open("rb") as handle:
        data: bytes = handle.read()
    return data
