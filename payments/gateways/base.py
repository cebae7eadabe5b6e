"""What every gateway offers the services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class PaymentOrder:
    """What the citizen is asked to pay in one redirect."""

    reference: str
    amount: int
    description: str
    return_url: str
    client_address: str
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Callback:
    """A callback whose signature was verified; amounts in whole VND."""

    reference: str
    transaction_ref: str
    amount: int
    succeeded: bool
    cancelled: bool
    response_code: str
    bank_code: str
    raw: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RefundOrder:
    """Money to give back for a paid transaction (whole VND)."""

    reference: str  # our refund's id
    payment_reference: str  # our reference of the paid attempt
    transaction_ref: str  # the gateway's number of the paid transaction
    amount: int
    full: bool  # the whole amount paid, or a part
    paid_at: datetime
    created_by: str
    created_at: datetime
    client_address: str
    description: str


@dataclass(frozen=True)
class RefundAnswer:
    """The gateway's signed answer to a refund."""

    succeeded: bool
    response_code: str
    transaction_ref: str
    raw: dict[str, str] = field(default_factory=dict)


class GatewayUnavailable(Exception):
    """No trustworthy answer (network, server error, unsigned reply): try later."""


class Gateway(Protocol):
    name: str
    # DuocThanhToanTrucTuyen: 1 national payment platform, 2 province gateway.
    platform: int

    def payment_url(self, order: PaymentOrder) -> str:
        """Where to send the citizen's browser to pay `order`."""
        ...

    def verify(self, params: dict[str, str]) -> Callback | None:
        """The callback in `params` if its signature is genuine, else None."""
        ...

    def allows(self, address: str) -> bool:
        """Whether a callback may come from `address` (an empty allow-list: any)."""
        ...

    def refund(self, order: RefundOrder) -> RefundAnswer:
        """Ask the gateway to give money back; GatewayUnavailable without a
        trustworthy answer."""
        ...
