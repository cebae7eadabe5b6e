"""Reads of the data store. Only the owner ever sees their documents: no role,
not even the system administrator's, reaches another person's store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.permissions import AnyUser
from datastore.kinds import is_reusable, kind_of
from datastore.models import StoredDocument
from procedures.models import RequiredComponent


def stored_documents_of(user: AnyUser) -> QuerySet[StoredDocument]:
    if not user.is_authenticated:
        return StoredDocument.objects.none()
    return StoredDocument.objects.filter(owner_id=user.pk)


def stored_document_get(user: AnyUser, key: object) -> StoredDocument:
    """The user's own document by its uuid; anyone else's is a 404, as if missing."""
    found = stored_documents_of(user).filter(uuid=str(key)).first()
    if found is None:
        raise Http404("No such document in this store.")
    return found


def valid_on(day: date) -> Q:
    return Q(valid_from__lte=day) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def reusable_for(
    user: AnyUser, components: Iterable[RequiredComponent], day: date | None = None
) -> dict[int, list[StoredDocument]]:
    """The user's valid documents each component could take, by component position
    (one query): a document of the kind the component names."""
    day = day or timezone.localdate()
    wanted = {c.position: kind_of(c.name) for c in components}
    kinds = {kind for kind in wanted.values() if is_reusable(kind)}
    if not kinds:
        return {}
    documents = list(
        stored_documents_of(user).filter(valid_on(day), kind__in=sorted(kinds))
    )
    return {
        position: [d for d in documents if d.kind == kind]
        for position, kind in wanted.items()
        if kind in kinds
    }
