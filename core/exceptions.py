"""Domain errors and their mapping to API responses.

Services raise DomainError subclasses; the API answers them with a 4xx carrying
`detail` and `code`, and form views show them as form errors. They never become a 500.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler


class DomainError(Exception):
    """A business rule refused the request; `message` is shown to the user."""

    status_code: int = status.HTTP_400_BAD_REQUEST

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class NotFound(DomainError):
    """The object does not exist, or the user may not see it."""

    status_code: int = status.HTTP_404_NOT_FOUND


class InvalidInput(DomainError):
    """An input of the request is wrong; `field` names it for a field error."""

    def __init__(self, code: str, message: str, field: str = "") -> None:
        super().__init__(code, message)
        self.field = field


class TransitionNotAllowed(DomainError):
    """The action is not allowed for this object's state or this actor."""

    status_code: int = status.HTTP_409_CONFLICT


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(
            {"detail": exc.message, "code": exc.code}, status=exc.status_code
        )
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    return exception_handler(exc, context)
