"""Write use cases of documents. The `*_apply_action` functions are the only
writers of a document's status; each runs in one transaction under a row lock.

- registers: gap-free numbers per agency, kind and year;
- files: stored files and their signature checks;
- arrival: what arrives in an agency's queue, from anywhere;
- delivery: where an issued document stands at each recipient;
- incoming: arrival, registration, assignment, processing, opinions;
- outgoing: drafting, review, approval, issue and delivery statuses;
- exchange: edXML messages to and from peer portals;
- results: signed electronic results of dossiers.
"""

from documents.services.arrival import Attachment, Metadata, Sender, incoming_arrive
from documents.services.common import allowed_actions
from documents.services.delivery import delivery_status_set
from documents.services.exchange import (
    PEER_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    ExchangeRefused,
    PeerUnavailable,
    message_failed,
    message_receive,
    message_send,
    peer_authenticate,
)
from documents.services.incoming import (
    incoming_apply_action,
    incoming_enter,
    opinion_add,
)
from documents.services.outgoing import outgoing_apply_action, outgoing_create
from documents.services.registers import register_next_number

__all__ = [
    "PEER_HEADER",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "Attachment",
    "ExchangeRefused",
    "Metadata",
    "PeerUnavailable",
    "Sender",
    "allowed_actions",
    "delivery_status_set",
    "incoming_apply_action",
    "incoming_arrive",
    "incoming_enter",
    "message_failed",
    "message_receive",
    "message_send",
    "opinion_add",
    "outgoing_apply_action",
    "outgoing_create",
    "peer_authenticate",
    "register_next_number",
]
