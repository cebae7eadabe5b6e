"""Exchange with peer portals: an outbox of edXML messages and their receipt.

Sending: services write an ExchangeMessage row in the business transaction and
queue documents.tasks.exchange_deliver on commit; the task posts it with an HMAC
of the peer's key and retries while the peer is unreachable. Receiving: the
endpoint checks the HMAC and the clock skew, and the unique (peer, direction,
message id) refuses a replay before anything is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid

import requests
from celery import Task, current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Agency
from core.exceptions import DomainError
from documents import edxml
from documents.models import (
    Confidentiality,
    DocumentType,
    ExchangeMessage,
    ExchangePeer,
    IncomingDocument,
    IncomingSource,
    OutgoingDocument,
    OutgoingRecipient,
)
from documents.services.arrival import (
    Attachment,
    Metadata,
    Sender,
    attachments_of,
    incoming_arrive,
)
from documents.services.delivery import delivery_status_set, recipient_status_save
from documents.services.revisions import REVISIONS, REVOCATION, incoming_revise
from documents.workflow import DeliveryStatus

PEER_HEADER = "X-Edxml-Peer"
TIMESTAMP_HEADER = "X-Edxml-Timestamp"
SIGNATURE_HEADER = "X-Edxml-Signature"


class PeerUnavailable(Exception):
    """The peer did not answer or answered 5xx: worth retrying later."""


class ExchangeRefused(DomainError):
    """A message that is not authentic, is replayed or cannot be read."""


def signature_of(key: str, timestamp: str, body: bytes) -> str:
    return hmac.new(
        key.encode(), timestamp.encode() + b"." + body, hashlib.sha256
    ).hexdigest()


def _local_organ(agency: Agency) -> edxml.Organ:
    return edxml.Organ(agency.identifier or "", agency.name)


def document_queue(
    *,
    document: OutgoingDocument,
    recipient: OutgoingRecipient,
    message_type: str = "edoc",
    description: str = "",
) -> None:
    """Queue the issued document (or its replacement, revocation or update) for a
    recipient on a peer portal.

    State secrets are never exchanged electronically (Decision 28/2018, Art. 1).
    """
    if document.confidentiality != Confidentiality.NORMAL:
        raise DomainError(
            "confidential", _("Văn bản mật không được gửi qua hệ thống liên thông.")
        )
    message_id = str(uuid.uuid4())
    package = edxml.Package(
        message_id=message_id,
        message_type=message_type,
        description=description,
        document_id=document.uuid.hex,
        sender=_local_organ(document.agency),
        recipients=[edxml.Organ(recipient.organ_id, recipient.organ_name)],
        doc_type=document.doc_type,
        subject=document.summary,
        number=str(document.number or ""),
        notation=document.notation,
        issued_on=document.issued_on,
        signer_name=document.signer_name,
        signer_position=document.signer_position,
        urgency=document.urgency,
        page_count=document.page_count,
        due_on=document.due_on,
        traces=[(document.agency.identifier or "", edxml.timestamp(timezone.now()))],
        files=[
            edxml.File(a.name, a.content_type, a.data, a.is_main)
            for a in attachments_of(document)
        ]
        if message_type in edxml.WITH_FILES
        else [],
    )
    _outbox_add(
        recipient.peer,
        ExchangeMessage.Kind.DOCUMENT,
        message_id,
        edxml.package_build(package),
        recipient,
    )


def status_queue(*, document: IncomingDocument, axis_value: str, reason: str) -> None:
    """Queue a status message back to the portal the document came from."""
    message_id = str(uuid.uuid4())
    status = edxml.Status(
        message_id=message_id,
        document_id=document.external_id,
        sender=_local_organ(document.agency),
        addressee_id=document.sender_identifier,
        axis_value=axis_value,
        description=reason,
        at=edxml.timestamp(timezone.now()),
    )
    assert document.peer is not None  # noqa: S101 (callers check peer_id)
    _outbox_add(
        document.peer,
        ExchangeMessage.Kind.STATUS,
        message_id,
        edxml.status_build(status),
        None,
    )


def _outbox_add(
    peer: ExchangePeer | None,
    kind: str,
    message_id: str,
    payload: bytes,
    recipient: OutgoingRecipient | None,
) -> None:
    if peer is None:
        raise DomainError("peer", _("Nơi nhận không thuộc hệ thống liên thông nào."))
    message = ExchangeMessage.objects.create(
        peer=peer,
        direction=ExchangeMessage.Direction.OUT,
        kind=kind,
        message_id=message_id,
        payload=payload.decode(),
        recipient=recipient,
    )
    # robust: a broker outage must not fail the request that already committed;
    # the sweep re-queues the message.
    transaction.on_commit(lambda: _deliver_task().delay(message.pk), robust=True)


def _deliver_task() -> Task:
    """The registered `documents.tasks.exchange_deliver`. The tasks module imports
    these services to run them; the services reach the task by its name (as
    notifications.services.sending does) so the two modules form no cycle."""
    task: Task = current_app.tasks["documents.tasks.exchange_deliver"]
    return task


def message_send(message: ExchangeMessage) -> None:
    """Post one message; PeerUnavailable when worth retrying, DomainError when the
    peer refused it for good."""
    body = message.payload.encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/xml",
        PEER_HEADER: settings.EXCHANGE_PORTAL_CODE,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: signature_of(message.peer.key, timestamp, body),
    }
    try:
        response = requests.post(
            message.peer.endpoint_url, data=body, headers=headers, timeout=20
        )
    except requests.RequestException as error:
        raise PeerUnavailable(str(error)) from error
    if response.status_code >= 500:
        raise PeerUnavailable(f"HTTP {response.status_code}")
    if response.status_code >= 400 and response.status_code != 409:
        # 409 is a replay: the peer already has the message.
        raise DomainError(
            "refused", f"HTTP {response.status_code} {response.text[:300]}"
        )


def message_failed(message: ExchangeMessage, error: str) -> None:
    """Give up on a message: mark it failed, and its recipient when a document."""
    with transaction.atomic():
        ExchangeMessage.objects.filter(pk=message.pk).update(
            state=ExchangeMessage.State.FAILED, last_error=error[:2000]
        )
        if message.recipient_id is not None:
            recipient = OutgoingRecipient.objects.select_for_update().get(
                pk=message.recipient_id
            )
            recipient_status_save(recipient, DeliveryStatus.FAILED, error[:500])


def peer_authenticate(
    *, code: str, timestamp: str, signature: str, body: bytes
) -> ExchangePeer:
    """The peer that signed `body`, or ExchangeRefused (a 401)."""
    peer = ExchangePeer.objects.filter(code=code).first()
    refused = ExchangeRefused("signature", _("Chữ ký gói tin không hợp lệ."))
    if peer is None or not timestamp.isdigit():
        raise refused
    if abs(time.time() - int(timestamp)) > settings.EXCHANGE_MAX_SKEW_SECONDS:
        raise ExchangeRefused("expired", _("Gói tin đã quá hạn."))
    if not hmac.compare_digest(signature_of(peer.key, timestamp, body), signature):
        raise refused
    return peer


def message_receive(*, peer: ExchangePeer, body: bytes) -> ExchangeMessage:
    """Store and apply an authenticated message from `peer`, once."""
    try:
        parsed = edxml.parse(body)
    except edxml.PackageError as error:
        raise ExchangeRefused("package", str(error)) from error
    kind = (
        ExchangeMessage.Kind.STATUS
        if isinstance(parsed, edxml.Status)
        else ExchangeMessage.Kind.DOCUMENT
    )
    try:
        with transaction.atomic():
            message = ExchangeMessage.objects.create(
                peer=peer,
                direction=ExchangeMessage.Direction.IN,
                kind=kind,
                message_id=_uuid(parsed.message_id),
                payload=body.decode(),
                state=ExchangeMessage.State.DONE,
                done_at=timezone.now(),
            )
            if isinstance(parsed, edxml.Status):
                _status_apply(peer, parsed)
            else:
                _package_apply(peer, parsed)
    except IntegrityError as error:
        raise ExchangeRefused("replay", _("Gói tin đã được nhận trước đó.")) from error
    return message


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise ExchangeRefused("package", "MessageId is not a UUID") from error


def _package_apply(peer: ExchangePeer, package: edxml.Package) -> None:
    """Deliver into the queue of each addressed agency of this portal, and
    acknowledge the arrival at once (Art. 21); a replacement, revocation or update
    reaches the document the same peer sent before."""
    identifiers = [organ.organ_id for organ in package.recipients]
    agencies = list(Agency.objects.filter(identifier__in=identifiers))
    if not agencies:
        raise ExchangeRefused("recipient", _("Không có cơ quan nhận trong hệ thống."))
    if package.message_type in REVISIONS:
        _revision_apply(peer, package, agencies)
        return
    for agency in agencies:
        document = incoming_arrive(
            agency=agency,
            sender=Sender(
                name=package.sender.name,
                identifier=package.sender.organ_id,
                peer=peer,
                external_id=package.document_id,
                source=IncomingSource.EXCHANGE,
            ),
            metadata=_metadata(package),
            attachments=[
                Attachment(f.name, f.data, f.content_type, f.is_main)
                for f in package.files
            ],
        )
        status_queue(document=document, axis_value="inbox", reason="")


def _revision_apply(
    peer: ExchangePeer, package: edxml.Package, agencies: list[Agency]
) -> None:
    documents = list(
        IncomingDocument.objects.filter(
            peer=peer, agency__in=agencies, external_id=package.document_id
        ).values_list("pk", flat=True)
    )
    if not documents:
        raise ExchangeRefused("document", _("Không tìm thấy văn bản đã nhận."))
    metadata = None if package.message_type == REVOCATION else _metadata(package)
    for pk in documents:
        try:
            incoming_revise(
                document_id=pk,
                kind=package.message_type,
                metadata=metadata,
                attachments=[
                    Attachment(f.name, f.data, f.content_type, f.is_main)
                    for f in package.files
                ],
                reason=package.description,
            )
        except DomainError as error:
            raise ExchangeRefused(error.code, error.message) from error


def _metadata(package: edxml.Package) -> Metadata:
    doc_type = package.doc_type
    if doc_type not in DocumentType.values:
        raise ExchangeRefused("doc_type", f"unknown document type {doc_type}")
    return Metadata(
        doc_type=doc_type,
        summary=package.subject,
        number=package.number,
        notation=package.notation,
        issued_on=package.issued_on,
        signer_name=package.signer_name,
        signer_position=package.signer_position,
        urgency=package.urgency,
        page_count=package.page_count,
        due_on=package.due_on,
    )


def _status_apply(peer: ExchangePeer, status: edxml.Status) -> None:
    recipient = OutgoingRecipient.objects.filter(
        peer=peer,
        organ_id=status.sender.organ_id,
        document__uuid=_uuid(status.document_id),
    ).first()
    if recipient is None:
        raise ExchangeRefused("document", _("Không tìm thấy văn bản đã gửi."))
    delivery_status_set(
        recipient_id=recipient.pk,
        axis_value=status.axis_value,
        reason=status.description,
    )
