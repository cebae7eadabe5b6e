"""The fees panel of a dossier page and the fee preview of the filing pages."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.models import Role
from accounts.permissions import AnyUser, may_act
from dossiers.models import Dossier
from payments import selectors
from payments.formatting import vnd
from payments.forms import CounterPaymentForm, RefundForm, SettleItemForm
from payments.services import fee_items_for
from procedures.models import Procedure

register = template.Library()


@register.filter
def dong(amount: int | None) -> str:
    """12500 → "12.500 đồng"."""
    return "" if amount is None else f"{vnd(amount)} đồng"


@register.inclusion_tag("payments/_panel.html")
def payment_panel(dossier: Dossier, user: AnyUser) -> dict[str, Any]:
    summary = selectors.payment_summary(dossier, user)
    is_clerk = may_act(user, dossier, Role.CLERK)
    open_request = any(request.is_open for request in summary.requests)
    return {
        "can_issue": is_clerk and not open_request and bool(fee_items_for(dossier)),
        "dossier": dossier,
        "summary": summary,
        "is_clerk": is_clerk,
        "counter_form": CounterPaymentForm() if is_clerk else None,
        "settle_form": SettleItemForm() if is_clerk else None,
        "refund_form": RefundForm(agency_id=dossier.processing_agency_id)
        if is_clerk
        else None,
    }


@register.inclusion_tag("payments/_fee_preview.html")
def fee_preview(procedure: Procedure, channel: str) -> dict[str, Any]:
    items = selectors.fee_preview(procedure, channel)
    return {
        "items": items,
        "total": sum(item.amount for item in items if not item.is_range),
        "has_range": any(item.is_range for item in items),
        "online_payment": procedure.online_payment,
    }
