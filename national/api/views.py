"""The reconciliation API: the national outbox, indicator 1.4, the catalogue runs."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.permissions import has_role
from core.api import ErrorSerializer
from core.exceptions import TransitionNotAllowed
from core.idempotency import idempotent
from national import selectors, services
from national.api.serializers import (
    CatalogueRunSerializer,
    NationalSummaryInputSerializer,
    NationalSummarySerializer,
    NationalSyncListInputSerializer,
    NationalSyncSerializer,
)
from national.models import CatalogueRun, NationalSync


class StaffOnly(permissions.IsAuthenticated):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return super().has_permission(request, view) and selectors.may_reconcile(
            request.user
        )


@extend_schema(tags=["national"], parameters=[NationalSyncListInputSerializer])
class NationalSyncListApi(ListAPIView[NationalSync]):
    """Dossier events for the national portal, oldest first: by default every one
    not synced; `state` narrows to unsynced (pending or sending), failed,
    rejected or synced ones, or asks for all. Leaders and administrators, for
    their agencies' dossiers. Numbered pages with a `count`, as published in v1
    (docs/api.md); the page /dong-bo-quoc-gia/ pages by key."""

    permission_classes = [StaffOnly]
    serializer_class = NationalSyncSerializer

    def get_queryset(self) -> QuerySet[NationalSync]:
        data = NationalSyncListInputSerializer(data=self.request.query_params)
        data.is_valid(raise_exception=True)
        state = data.validated_data.get("state", "")
        since = data.validated_data.get("since")
        return selectors.sync_list_for(self.request.user, state, since)


@extend_schema(tags=["national"])
class NationalSummaryApi(APIView):
    """Counts of the period's events by state and indicator 1.4 (share synced)."""

    permission_classes = [StaffOnly]

    @extend_schema(
        parameters=[NationalSummaryInputSerializer],
        responses={200: NationalSummarySerializer, 400: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        data = NationalSummaryInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        since = data.validated_data.get("since") or selectors.start_of_year()
        summary = selectors.sync_summary_for(request.user, since)
        return Response(NationalSummarySerializer(summary).data)


@extend_schema(tags=["national"])
class NationalSyncRetryApi(APIView):
    """An administrator sends a failed or rejected event again (409 otherwise)."""

    permission_classes = [StaffOnly]

    @extend_schema(
        request=None,
        responses={
            200: NationalSyncSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    @idempotent
    def post(self, request: Request, uuid: str) -> Response:
        if not has_role(request.user, Role.AGENCY_ADMIN):
            self.permission_denied(request)
        row = selectors.sync_get_for(request.user, uuid)
        if not services.sync_retry(sync_ids=[row.pk]):
            raise TransitionNotAllowed(
                "not_retryable",
                _("Chỉ gửi lại được sự kiện bị lỗi hoặc bị từ chối."),
            )
        row = selectors.sync_list_for(request.user).get(pk=row.pk)
        return Response(NationalSyncSerializer(row).data)


@extend_schema(tags=["national"])
class CatalogueRunListApi(ListAPIView[CatalogueRun]):
    """The imports of the national procedure database, newest first (system
    administrators): new, changed, withdrawn and rejected procedures."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = CatalogueRunSerializer

    def get_queryset(self) -> QuerySet[CatalogueRun]:
        return selectors.catalogue_runs_for(self.request.user)


@extend_schema(tags=["national"])
class CatalogueRunDetailApi(RetrieveAPIView[CatalogueRun]):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = CatalogueRunSerializer

    def get_object(self) -> CatalogueRun:
        return selectors.catalogue_run_get_for(self.request.user, self.kwargs["uuid"])
