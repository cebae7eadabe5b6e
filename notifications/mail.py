"""E-mail through Django's backend (EMAIL_URL): a text part and an HTML part.

SMTP answers are sorted into permanent (5xx about the message or the recipient)
and transient (4xx, a dropped connection, the server down, our own credentials
refused) failures.
"""

from __future__ import annotations

import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email

from notifications.exceptions import DeliveryRefused, GatewayUnavailable


def message_id(reference: str) -> str:
    """A Message-ID fixed by the notification: a resent copy carries the same one,
    so mail clients show it once."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return f"<{reference}@{domain or 'localhost'}>"


def send(*, to: str, subject: str, text: str, html: str, reference: str) -> str:
    """Send one e-mail and return its Message-ID; raises the two channel errors."""
    try:
        validate_email(to)
    except ValidationError as error:
        raise DeliveryRefused("invalid e-mail address") from error
    identifier = message_id(reference)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[to],
        headers={"Message-ID": identifier, "X-Notification-Reference": reference},
    )
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        raise _by_code(min(codes, default=550), "recipient refused") from error
    except (smtplib.SMTPSenderRefused, smtplib.SMTPAuthenticationError) as error:
        raise GatewayUnavailable(
            f"SMTP refused the portal: {error.smtp_code}"
        ) from error
    except smtplib.SMTPResponseException as error:
        raise _by_code(error.smtp_code, "SMTP refused the message") from error
    except (smtplib.SMTPException, OSError) as error:
        raise GatewayUnavailable(f"SMTP unavailable: {error}") from error
    return identifier


def _by_code(code: int, what: str) -> Exception:
    if 500 <= code < 600:
        return DeliveryRefused(f"{what}: {code}")
    return GatewayUnavailable(f"{what}: {code}")
