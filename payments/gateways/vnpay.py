"""A gateway speaking VNPAY's public payment protocol, version 2.1.0.

The request and every callback carry `vnp_SecureHash`: the HMAC-SHA512, keyed with
the merchant's secret, of the other non-empty `vnp_*` parameters sorted by name and
joined as a URL-encoded query string. Amounts travel multiplied by 100; dates are
yyyyMMddHHmmss in Vietnam's time (GMT+7). A payment succeeded when both
vnp_ResponseCode and vnp_TransactionStatus are "00"; "24" means the citizen cancelled.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import requests

from payments.gateways.base import (
    Callback,
    GatewayUnavailable,
    PaymentOrder,
    RefundAnswer,
    RefundOrder,
)

VERSION = "2.1.0"
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
HASH_FIELDS_EXCLUDED = ("vnp_SecureHash", "vnp_SecureHashType")
SUCCESS = "00"
CANCELLED = "24"
# The refund API (merchant_webapi) signs fixed fields joined by "|", in this order.
REFUND_FIELDS = (
    "vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode",
    "vnp_TransactionType", "vnp_TxnRef", "vnp_Amount", "vnp_TransactionNo",
    "vnp_TransactionDate", "vnp_CreateBy", "vnp_CreateDate", "vnp_IpAddr",
    "vnp_OrderInfo",
)  # fmt: skip
REFUND_ANSWER_FIELDS = (
    "vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message",
    "vnp_TmnCode", "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate",
    "vnp_TransactionNo", "vnp_TransactionType", "vnp_TransactionStatus",
    "vnp_OrderInfo",
)  # fmt: skip
FULL_REFUND, PARTIAL_REFUND = "02", "03"
REFUND_TIMEOUT_SECONDS = 20


def hash_data(params: dict[str, str]) -> str:
    """The string that is signed: sorted, non-empty vnp_ fields, URL-encoded."""
    fields = sorted(
        (key, value)
        for key, value in params.items()
        if key.startswith("vnp_") and key not in HASH_FIELDS_EXCLUDED and value != ""
    )
    return urlencode(fields)


def sign(params: dict[str, str], secret: str) -> str:
    data = hash_data(params).encode()
    return hmac.new(secret.encode(), data, hashlib.sha512).hexdigest()


def sign_fields(params: dict[str, str], fields: tuple[str, ...], secret: str) -> str:
    """HMAC-SHA512 of the named fields' values joined by "|" (absent = empty)."""
    data = "|".join(str(params.get(name, "")) for name in fields).encode()
    return hmac.new(secret.encode(), data, hashlib.sha512).hexdigest()


def _vn_time(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


class VnpayGateway:
    def __init__(
        self,
        *,
        name: str,
        tmn_code: str,
        secret: str,
        pay_url: str,
        platform: int,
        api_url: str = "",
        allowed_ips: tuple[str, ...] = (),
    ) -> None:
        self.name = name
        self.tmn_code = tmn_code
        self.secret = secret
        self.pay_url = pay_url
        self.platform = platform
        self.api_url = api_url
        # Bad entries fail at start-up (ValueError), not on the first callback.
        self.allowed_networks = tuple(
            ipaddress.ip_network(cidr, strict=False) for cidr in allowed_ips
        )

    def allows(self, address: str) -> bool:
        if not self.allowed_networks:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.allowed_networks)

    def order_params(self, order: PaymentOrder) -> dict[str, str]:
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.tmn_code,
            "vnp_Amount": str(order.amount * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": order.reference,
            "vnp_OrderInfo": order.description,
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": order.return_url,
            "vnp_IpAddr": order.client_address,
            "vnp_CreateDate": _vn_time(order.created_at),
            "vnp_ExpireDate": _vn_time(order.expires_at),
        }
        params["vnp_SecureHash"] = sign(params, self.secret)
        return params

    def payment_url(self, order: PaymentOrder) -> str:
        return f"{self.pay_url}?{urlencode(self.order_params(order))}"

    def is_genuine(self, params: dict[str, str]) -> bool:
        given = params.get("vnp_SecureHash", "").lower()
        expected = sign(params, self.secret)
        return bool(given) and hmac.compare_digest(given, expected)

    def verify(self, params: dict[str, str]) -> Callback | None:
        if not self.is_genuine(params) or params.get("vnp_TmnCode") != self.tmn_code:
            return None
        try:
            hundredths = int(params.get("vnp_Amount", ""))
        except ValueError:
            return None
        response = params.get("vnp_ResponseCode", "")
        status = params.get("vnp_TransactionStatus", response)
        return Callback(
            reference=params.get("vnp_TxnRef", ""),
            transaction_ref=params.get("vnp_TransactionNo", ""),
            # A fraction of a đồng is never a fee: keep it so the amount check fails.
            amount=hundredths // 100 if hundredths % 100 == 0 else -1,
            succeeded=response == SUCCESS and status == SUCCESS,
            cancelled=response == CANCELLED,
            response_code=response,
            bank_code=params.get("vnp_BankCode", ""),
            raw=dict(params),
        )

    def refund_params(self, order: RefundOrder) -> dict[str, str]:
        params = {
            "vnp_RequestId": order.reference,
            "vnp_Version": VERSION,
            "vnp_Command": "refund",
            "vnp_TmnCode": self.tmn_code,
            "vnp_TransactionType": FULL_REFUND if order.full else PARTIAL_REFUND,
            "vnp_TxnRef": order.payment_reference,
            "vnp_Amount": str(order.amount * 100),
            "vnp_TransactionNo": order.transaction_ref,
            "vnp_TransactionDate": _vn_time(order.paid_at),
            "vnp_CreateBy": order.created_by,
            "vnp_CreateDate": _vn_time(order.created_at),
            "vnp_IpAddr": order.client_address,
            "vnp_OrderInfo": order.description,
        }
        params["vnp_SecureHash"] = sign_fields(params, REFUND_FIELDS, self.secret)
        return params

    def refund(self, order: RefundOrder) -> RefundAnswer:
        """POST the signed refund (JSON) to the merchant API; the answer counts only
        when its own signature and merchant code are right."""
        try:
            response = requests.post(
                self.api_url,
                json=self.refund_params(order),
                timeout=REFUND_TIMEOUT_SECONDS,
            )
            response.raise_for_status()
            answer = {str(k): str(v) for k, v in response.json().items()}
        except (requests.RequestException, ValueError, AttributeError) as error:
            raise GatewayUnavailable(str(error)[:200]) from error
        given = answer.get("vnp_SecureHash", "").lower()
        expected = sign_fields(answer, REFUND_ANSWER_FIELDS, self.secret)
        if not (given and hmac.compare_digest(given, expected)) or (
            answer.get("vnp_TmnCode") != self.tmn_code
            or answer.get("vnp_TxnRef") != order.payment_reference
        ):
            raise GatewayUnavailable("unsigned or foreign refund answer")
        return RefundAnswer(
            succeeded=answer.get("vnp_ResponseCode") == SUCCESS,
            response_code=answer.get("vnp_ResponseCode", "")[:8],
            transaction_ref=answer.get("vnp_TransactionNo", "")[:40],
            raw=answer,
        )
