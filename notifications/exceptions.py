"""The two ways a channel can fail, which decide between retrying and giving up."""


class GatewayUnavailable(Exception):
    """Transient: the SMTP server or SMS gateway is down, slow or overloaded.

    The task puts the row back to pending and Celery retries with backoff.
    """


class DeliveryRefused(Exception):
    """Permanent: the address is bad or the provider rejected the message.

    The row becomes failed with the reason; retrying would fail the same way.
    """
