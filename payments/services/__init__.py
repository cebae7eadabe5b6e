"""Write use cases of payments, in four modules re-exported here.

- requests: what a dossier owes (issued from the catalogue's fee items), ranges and
  exemptions settled by a clerk, cancelling and expiring requests;
- gateway: starting an online payment and handling the gateways' callbacks (IPN);
- settlement: marking a request paid (online or at the counter) and refunds, in
  parts, through the gateway for online payments;
- receipts: numbering receipts per agency and year without gaps.

Every service locks the PaymentRequest row it changes (`select_for_update`) and moves
its status only through payments.workflow.
"""

from payments.services.gateway import (
    ALREADY,
    BAD_AMOUNT,
    BAD_SIGNATURE,
    CONFIRMED,
    EXPIRED,
    NOT_FOUND,
    IpnAnswer,
    payment_callback,
    payment_start,
)
from payments.services.receipts import receipt_issue, receipt_number, receipt_store
from payments.services.requests import (
    fee_items_for,
    payment_expire_due,
    payment_item_settle,
    payment_request_cancel,
    payment_request_issue,
    payment_request_open,
    payment_requests_close,
)
from payments.services.settlement import (
    payment_record_counter,
    refund_record,
    refund_send,
    refundable,
)

__all__ = [
    "ALREADY",
    "BAD_AMOUNT",
    "BAD_SIGNATURE",
    "CONFIRMED",
    "EXPIRED",
    "NOT_FOUND",
    "IpnAnswer",
    "fee_items_for",
    "payment_callback",
    "payment_expire_due",
    "payment_item_settle",
    "payment_record_counter",
    "payment_request_cancel",
    "payment_request_issue",
    "payment_request_open",
    "payment_requests_close",
    "payment_start",
    "receipt_issue",
    "receipt_number",
    "receipt_store",
    "refund_record",
    "refund_send",
    "refundable",
]
