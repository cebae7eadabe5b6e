from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView

ModelT = TypeVar("ModelT", bound=Model)


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


class NewestFirstCursorPagination(CursorPagination):
    """Newest first, page by page through an opaque `cursor`: no COUNT over the list
    (at a million rows it cost more than the page) and each page is read from the
    index on (created_at, id), however deep. The response has no `count`."""

    ordering = ("-created_at", "-id")
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request: Request) -> int:
        size = Pagination._positive(
            request, self.page_size_query_param, default=self.page_size or 20
        )
        return min(size, self.max_page_size)


@dataclass(frozen=True)
class KeysetPage(Generic[ModelT]):
    """A page of an HTML list read after a key, with the key of the next page."""

    rows: list[ModelT]
    next_key: str | None
    is_first: bool


def keyset_page(
    queryset: QuerySet[ModelT], *, after: str | None, size: int
) -> KeysetPage[ModelT]:
    """`size` rows newest first after the key `after` (from a previous page's
    `next_key`); an unreadable key starts again from the first page."""
    position = _read_key(after)
    if position is not None:
        created_at, pk = position
        queryset = queryset.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
        )
    rows = list(queryset.order_by("-created_at", "-pk")[: size + 1])
    next_key = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_key = f"{last.created_at.isoformat()}_{last.pk}"  # type: ignore[attr-defined]
    return KeysetPage(rows=rows, next_key=next_key, is_first=position is None)


def _read_key(key: str | None) -> tuple[datetime, int] | None:
    if not key:
        return None
    moment, _separator, pk = key.rpartition("_")
    try:
        return datetime.fromisoformat(moment), int(pk)
    except ValueError:
        return None
