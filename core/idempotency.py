"""`Idempotency-Key` on writes: a retried create or transition gets the first
answer again and never files twice (docs/api.md, "Idempotency").

Decorate the view method; the schema then lists the header and the 422:

    class DossierTransitionApi(APIView):
        @idempotent
        def post(self, request, code): ...

The first request with a key claims (user, key) in the same transaction as its
writes, so a retry racing it waits on the unique index and then reads the stored
answer. Only successful answers are kept: after an error the key is free again. The
same key with another body (or on another operation) is a 422
`idempotency_key_reused`. Keys last IDEMPOTENCY_KEY_TTL; anonymous calls ignore them.
"""

import functools
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.exceptions import DomainError, ErrorCode
from core.models import IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_LENGTH = 255

ViewMethod = Callable[..., Response]


class IdempotencyKeyReused(DomainError):
    status_code = 422


def idempotent(method: ViewMethod) -> ViewMethod:
    @functools.wraps(method)
    def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None or not request.user.is_authenticated:
            return method(view, request, *args, **kwargs)
        _check(key)
        fingerprint = _fingerprint(request)
        with transaction.atomic():
            record, created = _claim(request.user, key, fingerprint)
            if not created:
                return _replay(record, fingerprint)
            response = method(view, request, *args, **kwargs)
            _keep(record, response)
        return response

    wrapper.idempotent = True  # type: ignore[attr-defined]
    return wrapper


def is_idempotent(view_method: Any) -> bool:
    return bool(getattr(view_method, "idempotent", False))


def idempotency_keys_purge(now: Any = None) -> int:
    """Delete keys past their lifetime; the number deleted."""
    cutoff = (now or timezone.now()) - _ttl()
    deleted, _rows = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _ttl() -> timedelta:
    return timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL)


def _check(key: str) -> None:
    if not 0 < len(key) <= MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise serializers.ValidationError(
            {HEADER: [_("Cần 1 đến 255 ký tự ASCII in được.")]}
        )


def _claim(user: Any, key: str, fingerprint: str) -> tuple[IdempotencyKey, bool]:
    cutoff = timezone.now() - _ttl()
    IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=cutoff).delete()
    return IdempotencyKey.objects.get_or_create(
        user=user, key=key, defaults={"fingerprint": fingerprint}
    )


def _replay(record: IdempotencyKey, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            _("Khóa Idempotency-Key này đã dùng cho một yêu cầu khác."),
        )
    return Response(
        record.response,
        status=record.status_code,
        headers={REPLAYED_HEADER: "true"},
    )


def _keep(record: IdempotencyKey, response: Response) -> None:
    if 200 <= response.status_code < 300:
        record.status_code = response.status_code
        record.response = response.data
        record.save(update_fields=["status_code", "response"])
    else:
        record.delete()


def _fingerprint(request: Request) -> str:
    """The operation and the body, the same for a retry whatever its encoding
    (a multipart boundary changes at every send; the files' contents do not)."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(json.dumps(_plain(request.data), sort_keys=True).encode())
    return digest.hexdigest()


def _plain(data: Any) -> Any:
    if hasattr(data, "lists"):  # a QueryDict: form and multipart bodies
        return {
            name: [_plain(value) for value in values] for name, values in data.lists()
        }
    if isinstance(data, dict):
        return {str(name): _plain(value) for name, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    if isinstance(data, UploadedFile):
        return f"file:{data.name}:{data.size}:{_file_digest(data)}"
    return data if isinstance(data, (str, int, float, bool, type(None))) else str(data)


def _file_digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
