"""SMS: the text fitted to a few parts, and pluggable gateways chosen by SMS_BACKEND.

`file` writes each message to SMS_OUTBOX_DIR (the embedded run), `console` prints it,
`memory` keeps it in a list (tests), `http` posts JSON to the provider's gateway
(SMS_GATEWAY_URL); any other value is the dotted path of a class with the same
`send` method. Brand-name SMS in Vietnam go out without diacritics (GSM 7-bit: 160
characters in one part, 153 in each part of a longer message), so the text is
transliterated before it is measured.
"""

from __future__ import annotations

import logging
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

import requests
from django.conf import settings
from django.utils.module_loading import import_string

from accounts.validators import MOBILE_PATTERN, normalize_phone
from notifications.exceptions import DeliveryRefused, GatewayUnavailable

logger = logging.getLogger(__name__)

SINGLE_PART, MULTI_PART = 160, 153
# Characters of the GSM 7-bit extension table: each takes two places.
GSM_EXTENDED = frozenset("^{}\\[~]|€")
PUNCTUATION = str.maketrans(
    {"đ": "d", "Đ": "D", "“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}
)
# Provider answers of the HTTP gateway (docs/notifications.md).
ACCEPTED = frozenset({"accepted", "queued", "sent", "success", "ok"})
TIMEOUT = (5, 10)  # seconds to connect, seconds to answer


@dataclass(frozen=True)
class Sms:
    to: str  # a Vietnamese mobile number, 0912345678
    text: str
    reference: str  # the notification's uuid: the provider's client reference


class SmsBackend(Protocol):
    def send(self, sms: Sms) -> str:
        """Hand the message over and return the provider's message id.

        Raises GatewayUnavailable (retry later) or DeliveryRefused (never retry).
        """


def to_gsm(text: str) -> str:
    """Vietnamese without diacritics (đ → d), quotes and dashes made plain."""
    decomposed = unicodedata.normalize("NFD", text.translate(PUNCTUATION))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("…", "...")
    return "".join(c if c.isascii() or c == "€" else "?" for c in plain)


def gsm_length(text: str) -> int:
    return len(text) + sum(1 for character in text if character in GSM_EXTENDED)


def max_length(parts: int) -> int:
    return SINGLE_PART if parts <= 1 else MULTI_PART * parts


def fit(text: str, *, parts: int) -> str:
    """The text in GSM characters on one line, cut to `parts` SMS parts.

    A link at the end (the dossier lookup) is kept whole; the words before it are
    shortened instead.
    """
    plain = " ".join(to_gsm(text).split())
    limit = max_length(parts)
    if gsm_length(plain) <= limit:
        return plain
    head, _space, tail = plain.rpartition(" ")
    if not tail.startswith(("http://", "https://")) or gsm_length(tail) > limit // 2:
        head, tail = plain, ""
    room = limit - gsm_length(tail) - (1 if tail else 0) - 3
    while gsm_length(head) > room:
        head = head[: room - (gsm_length(head) - len(head))]
    return f"{head.rstrip()}... {tail}".rstrip()


def international(phone: str) -> str:
    """0912345678 → 84912345678, the form gateways expect; refuses a bad number."""
    number = normalize_phone(phone)
    if not MOBILE_PATTERN.fullmatch(number):
        raise DeliveryRefused("invalid mobile number")
    return "84" + number[1:]


def get_backend() -> SmsBackend:
    name = settings.SMS_BACKEND
    backends: dict[str, type[Any]] = {
        "file": FileBackend,
        "console": ConsoleBackend,
        "memory": MemoryBackend,
        "http": HttpGatewayBackend,
    }
    backend_class = backends.get(name) or import_string(name)
    backend: SmsBackend = backend_class()
    return backend


class FileBackend:
    """One file per message in SMS_OUTBOX_DIR, named by the reference: a message
    sent twice would overwrite its file, never add a second one."""

    def send(self, sms: Sms) -> str:
        folder = Path(settings.SMS_OUTBOX_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{sms.reference}.txt"
        path.write_text(f"To: {sms.to}\nRef: {sms.reference}\n\n{sms.text}\n")
        return f"file:{sms.reference}"


class ConsoleBackend:
    def send(self, sms: Sms) -> str:
        sys.stdout.write(f"SMS to {sms.to} [{sms.reference}]: {sms.text}\n")
        return f"console:{sms.reference}"


class MemoryBackend:
    """Keeps messages in `MemoryBackend.outbox` (tests empty it)."""

    outbox: ClassVar[list[Sms]] = []

    def send(self, sms: Sms) -> str:
        self.outbox.append(sms)
        return f"memory:{sms.reference}"


class HttpGatewayBackend:
    """A provider's HTTP gateway: one JSON POST per message, bearer-token auth.

    Request: {"to": "849…", "sender": SMS_SENDER_NAME, "text": …, "reference": uuid},
    with the notification's uuid also as the `Idempotency-Key` header: a gateway that
    honours it accepts a message resent by a worker killed after the provider took it
    only once. A gateway without such a key sends it twice (docs/notifications.md).
    Answer: {"status": "accepted", "message_id": …} or {"status": "rejected",
    "error": …}. Network errors, 429 and 5xx are transient; a refused credential is
    treated as transient too (an operator fixes the settings, the retries resume);
    other 4xx and a "rejected" status are permanent.
    """

    _session: ClassVar[requests.Session | None] = None

    @classmethod
    def session(cls) -> requests.Session:
        # One keep-alive session per worker process saves a TLS handshake per SMS.
        if cls._session is None:
            cls._session = requests.Session()
        return cls._session

    def send(self, sms: Sms) -> str:
        payload = {
            "to": international(sms.to),
            "sender": settings.SMS_SENDER_NAME,
            "text": sms.text,
            "reference": sms.reference,
        }
        headers = {
            "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            "Idempotency-Key": sms.reference,
        }
        try:
            response = self.session().post(
                settings.SMS_GATEWAY_URL, json=payload, headers=headers, timeout=TIMEOUT
            )
        except requests.RequestException as error:
            raise GatewayUnavailable(f"gateway unreachable: {error}") from error
        return self.message_id(response)

    @staticmethod
    def message_id(response: requests.Response) -> str:
        code = response.status_code
        if code == 429 or code >= 500:
            raise GatewayUnavailable(f"gateway answered HTTP {code}")
        if code in {401, 403}:
            logger.error("The SMS gateway refused the credentials (HTTP %s).", code)
            raise GatewayUnavailable(f"gateway refused the credentials (HTTP {code})")
        answer = _json(response)
        # A 2xx answer without a status still means the gateway took the message.
        status = str(answer.get("status", "accepted")).lower()
        if code >= 400 or status not in ACCEPTED:
            reason = answer.get("error") or answer.get("status") or f"HTTP {code}"
            raise DeliveryRefused(f"gateway rejected the message: {reason}"[:500])
        return str(answer.get("message_id") or "")


def _json(response: requests.Response) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
