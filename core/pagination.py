from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request: Request, paginator: Any) -> int:
        """The requested page; a value that is not a whole number is a 400 (a page
        past the end stays a 404)."""
        return self._positive(request, self.page_query_param, default=1)

    def get_page_size(self, request: Request) -> int:
        """The requested page size, capped; not a whole number is a 400."""
        size = self._positive(
            request, self.page_size_query_param, default=self.page_size or 20
        )
        return min(size, self.max_page_size)

    @staticmethod
    def _positive(request: Request, name: str, *, default: int) -> int:
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or int(raw) < 1:
            raise ValidationError({name: [_("Cần một số nguyên dương.")]})
        return int(raw)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            schema = parameter["schema"]
            schema["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Results per page; values above {self.max_page_size} are capped."
                )
        return parameters
