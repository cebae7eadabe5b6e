from documents.views.public import verify, verify_stored
from documents.views.staff import (
    file_download,
    inbox,
    incoming_act,
    incoming_detail,
    incoming_new,
    opinion,
    outbox,
    outgoing_act,
    outgoing_detail,
    outgoing_new,
    register_print,
    result_download,
    worklist,
)

__all__ = [
    "file_download",
    "inbox",
    "incoming_act",
    "incoming_detail",
    "incoming_new",
    "opinion",
    "outbox",
    "outgoing_act",
    "outgoing_detail",
    "outgoing_new",
    "register_print",
    "result_download",
    "verify",
    "verify_stored",
    "worklist",
]
