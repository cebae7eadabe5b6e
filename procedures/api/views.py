from typing import Any

from django.db.models import QuerySet
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response

from core.public_cache import CATALOGUE, public_page
from procedures import selectors
from procedures.api.filters import ProcedureFilter
from procedures.api.serializers import (
    FieldSerializer,
    ProcedureDetailSerializer,
    ProcedureSerializer,
)
from procedures.models import Field, Procedure


@extend_schema(tags=["procedures"])
@method_decorator(public_page(CATALOGUE), name="dispatch")
class ProcedureListApi(generics.ListAPIView[Procedure]):
    """Published procedures; search with `q`, narrow with the filters.

    Without `q` the list is in name order; with `q` the most relevant come first:
    the code itself, the exact name, a name starting with the query, a name holding
    the query as a phrase, a name holding every word, then matches in other text
    (field, agency, result, applicants); shorter names first within a rank. Unknown
    filter values give a 400 with the message of each bad parameter.
    """

    serializer_class = ProcedureSerializer
    filterset_class = ProcedureFilter
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description=(
                    "Search words, with or without diacritics "
                    '("dang ky khai sinh" finds "Đăng ký khai sinh"); every word '
                    "must appear, in any order, possibly as part of a word. "
                    "At most 200 characters."
                ),
            ),
            OpenApiParameter(
                "service_level",
                OpenApiTypes.INT,
                enum=[1, 2, 3, 4],
                description="Online public service level 1–4 (Decree 43/2011).",
            ),
            OpenApiParameter(
                "agency",
                OpenApiTypes.UUID,
                description="Id of an agency that carries the procedure out, "
                "as listed by /api/v1/agencies/.",
            ),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Procedure]:
        return selectors.procedure_list_public()


@extend_schema(
    tags=["procedures"],
    responses={200: ProcedureDetailSerializer},
    parameters=[
        OpenApiParameter(
            "code",
            OpenApiTypes.STR,
            OpenApiParameter.PATH,
            description="Procedure code, e.g. 1.001193.000.00.00.H36 or 1.001193.",
        )
    ],
)
@method_decorator(public_page(CATALOGUE), name="dispatch")
class ProcedureDetailApi(generics.RetrieveAPIView[Procedure]):
    """One published procedure with components, fees, channels and workflow."""

    serializer_class = ProcedureDetailSerializer
    permission_classes = [permissions.AllowAny]

    def get_object(self) -> Procedure:
        return selectors.procedure_get_public(code=self.kwargs["code"])


@extend_schema(tags=["procedures"])
@method_decorator(public_page(CATALOGUE), name="dispatch")
class FieldListApi(generics.ListAPIView[Field]):
    """Fields (lĩnh vực) that have public procedures, with their counts."""

    serializer_class = FieldSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self) -> QuerySet[Field]:
        return selectors.field_list_public()
