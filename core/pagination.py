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
    """A page of an HTML list read after (or before) a key, with the keys of the
    next and previous pages (None where there is none)."""

    rows: list[ModelT]
    next_key: str | None
    previous_key: str | None
    is_first: bool


def keyset_page(
    queryset: QuerySet[ModelT],
    *,
    after: str | None,
    size: int,
    before: str | None = None,
    oldest_first: bool = False,
) -> KeysetPage[ModelT]:
    """`size` rows in (created_at, pk) order, newest first unless `oldest_first`,
    that follow the key `after` (a previous page's `next_key`) or precede the key
    `before` (a `previous_key`). No COUNT: one query reads `size + 1` rows to know
    whether there is more. An unreadable key starts again from the first page."""
    backwards = _read_key(before)
    position = None if backwards else _read_key(after)
    key = backwards or position
    # Read in list order, or against it when going back from `before`.
    ascending = oldest_first != (backwards is not None)
    if key is not None:
        queryset = queryset.filter(_beyond(key, ascending=ascending))
    fields = ("created_at", "pk") if ascending else ("-created_at", "-pk")
    rows = list(queryset.order_by(*fields)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    has_next = bool(rows) and (more if not backwards else True)
    has_previous = bool(rows) and (more if backwards else key is not None)
    return KeysetPage(
        rows=rows,
        next_key=_key_of(rows[-1]) if has_next else None,
        previous_key=_key_of(rows[0]) if has_previous else None,
        is_first=not more if backwards else key is None,
    )


def _beyond(key: tuple[datetime, int], *, ascending: bool) -> Q:
    """Rows after `key` in the reading order. The plain bound on created_at lets
    the index on it start at the key rather than filter from the start."""
    created_at, pk = key
    if ascending:
        return Q(created_at__gte=created_at) & (
            Q(created_at__gt=created_at) | Q(created_at=created_at, pk__gt=pk)
        )
    return Q(created_at__lte=created_at) & (
        Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk)
    )


def _key_of(row: Model) -> str:
    return f"{row.created_at.isoformat()}_{row.pk}"  # type: ignore[attr-defined]


def _read_key(key: str | None) -> tuple[datetime, int] | None:
    if not key:
        return None
    moment, _separator, pk = key.rpartition("_")
    try:
        return datetime.fromisoformat(moment), int(pk)
    except ValueError:
        return None
