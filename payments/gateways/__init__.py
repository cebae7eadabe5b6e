"""Payment gateways: a small interface and the configured instances.

A gateway builds the URL the citizen is sent to and verifies the callbacks it
sends back. Only `verify` decides whether a callback is genuine; the services decide
what it changes. Keys come from the environment (docs/payments.md).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core.exceptions import NotFound
from payments.gateways.base import (
    Callback,
    Gateway,
    GatewayUnavailable,
    PaymentOrder,
    RefundAnswer,
    RefundOrder,
)
from payments.gateways.vnpay import VnpayGateway

__all__ = [
    "Callback",
    "Gateway",
    "GatewayUnavailable",
    "PaymentOrder",
    "RefundAnswer",
    "RefundOrder",
    "enabled",
    "get_gateway",
]

SANDBOX = "sandbox"
VNPAY = "vnpay"


def enabled() -> dict[str, Gateway]:
    """The gateways this installation accepts, by name."""
    gateways: dict[str, Gateway] = {}
    if settings.VNPAY_TMN_CODE and settings.VNPAY_HASH_SECRET:
        gateways[VNPAY] = VnpayGateway(
            name=VNPAY,
            tmn_code=settings.VNPAY_TMN_CODE,
            secret=settings.VNPAY_HASH_SECRET,
            pay_url=settings.VNPAY_PAYMENT_URL,
            platform=settings.VNPAY_PLATFORM,
            api_url=settings.VNPAY_API_URL,
            allowed_ips=tuple(settings.VNPAY_IPN_ALLOWED_IPS),
        )
    if settings.PAYMENT_SANDBOX:
        # The portal's own bank page speaks the same protocol with its own key.
        gateways[SANDBOX] = VnpayGateway(
            name=SANDBOX,
            tmn_code="SANDBOX",
            secret=settings.PAYMENT_SANDBOX_SECRET,
            pay_url=reverse("payments:sandbox_bank"),
            platform=settings.PAYMENT_SANDBOX_PLATFORM,
            # Its refund API is a page of the portal too, called over HTTP.
            api_url=settings.SITE_URL + reverse("payments:sandbox_refund"),
        )
    return gateways


def get_gateway(name: str) -> Gateway:
    gateway = enabled().get(name)
    if gateway is None:
        raise NotFound(
            "unknown_gateway",
            _("Không có cổng thanh toán “%(name)s”.") % {"name": name},
        )
    return gateway


def default_gateway() -> Gateway:
    return get_gateway(settings.PAYMENT_GATEWAY)
