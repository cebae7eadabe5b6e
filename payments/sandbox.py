"""The sandbox bank: the portal plays the gateway for the embedded run and tests.

Its page receives the same signed redirect a real VNPAY would, lets the citizen pay,
cancel or fail, then behaves like the bank: it first calls the portal's IPN endpoint
server-to-server over HTTP with a signed query (through the same view and signature
check as any gateway), then sends the browser back to the return URL. Its refund API
answers signed refund requests (JSON over POST) like VNPAY's merchant API.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from urllib.parse import urlencode

import requests
from django.utils import timezone

from payments.gateways.vnpay import (
    CANCELLED,
    REFUND_ANSWER_FIELDS,
    REFUND_FIELDS,
    SUCCESS,
    VnpayGateway,
    sign,
    sign_fields,
)

logger = logging.getLogger(__name__)

# The choices on the bank page → vnp_ResponseCode (51: insufficient funds).
OUTCOMES = {"pay": SUCCESS, "cancel": CANCELLED, "fail": "51"}
IPN_TIMEOUT_SECONDS = 10


def callback_params(
    gateway: VnpayGateway, order: dict[str, str], outcome: str
) -> dict[str, str]:
    """The signed query a bank sends after the citizen chose `outcome`."""
    code = OUTCOMES[outcome]
    params = {
        "vnp_TmnCode": order["vnp_TmnCode"],
        "vnp_Amount": order["vnp_Amount"],
        "vnp_BankCode": "SANDBOX",
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": order.get("vnp_OrderInfo", ""),
        "vnp_PayDate": timezone.localtime().strftime("%Y%m%d%H%M%S"),
        "vnp_ResponseCode": code,
        "vnp_TransactionNo": str(secrets.randbelow(10**8)).zfill(8),
        "vnp_TransactionStatus": code if code == SUCCESS else "02",
        "vnp_TxnRef": order["vnp_TxnRef"],
    }
    params["vnp_SecureHash"] = sign(params, gateway.secret)
    return params


def deliver_ipn(url: str, params: dict[str, str]) -> str:
    """Call the IPN endpoint like a bank's server; the answer's RspCode, or "" when
    the call failed (a real bank would retry; the sandbox only logs it)."""
    try:
        response = requests.get(url, params=params, timeout=IPN_TIMEOUT_SECONDS)
        return str(response.json().get("RspCode", ""))
    except (requests.RequestException, ValueError):
        logger.warning("Sandbox IPN to %s failed.", url)
        return ""


def return_url(order: dict[str, str], params: dict[str, str]) -> str:
    base = order["vnp_ReturnUrl"]
    joiner = "&" if "?" in base else "?"
    return f"{base}{joiner}{urlencode(params)}"


def refund_answer(gateway: VnpayGateway, params: dict[str, str]) -> dict[str, str]:
    """The bank's signed answer to a refund request: 97 for a wrong signature or
    merchant, 00 (refund made, with the bank's new transaction number) otherwise."""
    genuine = hmac.compare_digest(
        str(params.get("vnp_SecureHash", "")).lower(),
        sign_fields(params, REFUND_FIELDS, gateway.secret),
    )
    ours = genuine and params.get("vnp_TmnCode") == gateway.tmn_code
    code = SUCCESS if ours else "97"
    answer = {
        "vnp_ResponseId": secrets.token_hex(16),
        "vnp_Command": "refund",
        "vnp_ResponseCode": code,
        "vnp_Message": "Refund success" if code == SUCCESS else "Invalid checksum",
        "vnp_TmnCode": gateway.tmn_code,
        "vnp_TxnRef": str(params.get("vnp_TxnRef", "")),
        "vnp_Amount": str(params.get("vnp_Amount", "")),
        "vnp_BankCode": "SANDBOX",
        "vnp_PayDate": timezone.localtime().strftime("%Y%m%d%H%M%S"),
        "vnp_TransactionNo": str(secrets.randbelow(10**8)).zfill(8),
        "vnp_TransactionType": str(params.get("vnp_TransactionType", "")),
        "vnp_TransactionStatus": "05" if code == SUCCESS else "",
        "vnp_OrderInfo": str(params.get("vnp_OrderInfo", "")),
    }
    answer["vnp_SecureHash"] = sign_fields(answer, REFUND_ANSWER_FIELDS, gateway.secret)
    return answer
