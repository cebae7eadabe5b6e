"""The OpenAPI schema class shared by the API of every app."""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import inline_serializer
from rest_framework import permissions, serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "detail": serializers.CharField(),
        "code": serializers.CharField(required=False),
    },
)
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


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
                body = OpenApiTypes.OBJECT if code == 400 else ErrorSerializer
                responses[str(code)] = self._get_response_for_code(body, str(code))
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
        return codes

    def _has_query(self) -> bool:
        return (
            bool(getattr(self.view, "filterset_class", None))
            or self._is_list_view()
            or bool(self.get_override_parameters())
        )
