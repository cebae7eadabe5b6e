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
