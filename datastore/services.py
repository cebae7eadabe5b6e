"""Writes of the data store: keeping a document once per content, deleting one."""

from __future__ import annotations

from datetime import date

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import AccountType, User
from core.exceptions import DomainError
from datastore.kinds import DocumentKind, is_reusable
from datastore.models import StoredDocument


def stored_document_keep(
    *,
    owner: User,
    kind: str,
    title: str,
    source: str,
    content: File[bytes],
    original_name: str,
    content_type: str,
    size: int,
    sha256: str,
    dossier_code: str = "",
    valid_from: date | None = None,
) -> StoredDocument | None:
    """Keep a checked file in the owner's store; the same content is kept once (a
    later copy only names an unknown kind). Staff keep nothing: None."""
    if owner.account_type == AccountType.STAFF:
        return None
    existing = StoredDocument.objects.filter(owner=owner, sha256=sha256).first()
    if existing is not None:
        return _learn_kind(existing, kind, title)
    document = StoredDocument(
        owner=owner,
        kind=kind if kind in DocumentKind.values else DocumentKind.OTHER,
        title=title[:255],
        source=source,
        dossier_code=dossier_code,
        original_name=original_name[:255],
        content_type=content_type,
        size=size,
        sha256=sha256,
    )
    if valid_from is not None:
        document.valid_from = valid_from
    document.file.save(original_name, content, save=False)
    try:
        # Two uploads of one file at once: the second finds the first's row.
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.delete(save=False)
        return StoredDocument.objects.get(owner=owner, sha256=sha256)
    return document


def _learn_kind(document: StoredDocument, kind: str, title: str) -> StoredDocument:
    if not is_reusable(document.kind) and is_reusable(kind):
        document.kind, document.title = kind, title[:255]
        document.save(update_fields=["kind", "title"])
    return document


def stored_document_delete(*, owner: User, document: StoredDocument) -> None:
    """The owner removes a document from their store; dossiers keep their copies."""
    if document.owner_id != owner.pk:
        raise Http404("No such document in this store.")
    document.delete()
    transaction.on_commit(lambda: document.file.delete(save=False))


def stored_document_set_validity(
    *, owner: User, document: StoredDocument, valid_from: date, valid_until: date | None
) -> StoredDocument:
    """The owner says how long a paper is valid (an ID card's expiry date)."""
    if document.owner_id != owner.pk:
        raise Http404("No such document in this store.")
    if valid_until is not None and valid_until < valid_from:
        raise DomainError("validity", _("Ngày hết hiệu lực phải sau ngày có hiệu lực."))
    document.valid_from, document.valid_until = valid_from, valid_until
    document.save(update_fields=["valid_from", "valid_until"])
    return document
