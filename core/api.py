"""The OpenAPI schema class shared by the API of every app, and the error envelope."""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import permissions, serializers

from core.exceptions import ErrorCode
from core.idempotency import HEADER, MAX_LENGTH, is_idempotent

# The body of every error (core.exceptions.api_exception_handler); docs/api.md.
ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "code": serializers.ChoiceField(choices=ErrorCode.choices),
        "detail": serializers.CharField(
            help_text="Vietnamese, or English with `Accept-Language: en`."
        ),
        "fields": serializers.DictField(
            child=serializers.JSONField(),
            required=False,
            help_text="Only when inputs are at fault: a list of messages per "
            "field (`non_field_errors` for the body as a whole).",
        ),
    },
)
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH},
    OpenApiParameter.HEADER,
    description="Any unique string (a UUID) per write: a retry with the same key "
    "gets the first answer again (header Idempotent-Replayed: true) instead of "
    "writing twice. The same key with another body is a 422. Kept 24 hours.",
)


class PortalAutoSchema(AutoSchema):
    """Declares the error responses every endpoint can give, so the schema is true.

    400: invalid body or query parameters; 401: missing or bad credentials; 403: not
    allowed (or CSRF on a session write); 404: unknown object or page; 429: throttled.
    Endpoints add their own (409 for workflow conflicts) with `extend_schema`.
    """

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    ErrorSerializer, str(code)
                )
        return responses

    def _error_codes(self) -> list[int]:
        view = self.view
        open_to_all = all(
            isinstance(permission, permissions.AllowAny)
            for permission in view.get_permissions()
        )
        codes = [400] if self.method in UNSAFE_METHODS or self._has_query() else []
        if view.get_authenticators():
            codes.append(401)
        if not open_to_all or self.method in UNSAFE_METHODS:
            codes.append(403)
        if "{" in self.path or self._is_list_view():
            codes.append(404)
        if view.get_throttles():
            codes.append(429)
        if self._is_idempotent():
            codes.append(422)
        return codes

    def get_override_parameters(self) -> list[Any]:
        parameters: list[Any] = super().get_override_parameters()
        if self._is_idempotent():
            parameters = [*parameters, IDEMPOTENCY_KEY]
        return parameters

    def _is_idempotent(self) -> bool:
        return is_idempotent(getattr(self.view, self.method.lower(), None))

    def _has_query(self) -> bool:
        return (
            bool(getattr(self.view, "filterset_class", None))
            or self._is_list_view()
            or bool(self.get_override_parameters())
        )


class NullWhenBlankMixin(serializers.Field):
    """Output a blank text as null: "none" has one spelling in the API, and the
    schema says `string (uri|email) or null` rather than a oneOf with an empty
    string that strict validators find ambiguous."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return super().to_representation(value) if value else None


class OptionalURLField(NullWhenBlankMixin, serializers.URLField):
    pass


class OptionalEmailField(NullWhenBlankMixin, serializers.EmailField):
    pass
