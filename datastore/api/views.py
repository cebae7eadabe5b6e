"""The data store in the API: the owner's documents, one document, its file, and
deleting it. The same selectors as the pages: nobody else's store is reachable."""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.pagination import Pagination
from datastore import selectors, services
from datastore.api.serializers import StoredDocumentSerializer
from datastore.models import StoredDocument
from datastore.views import attachment


@extend_schema(tags=["datastore"])
class StoredDocumentListApi(generics.ListAPIView[StoredDocument]):
    """The caller's electronic data store (kho dữ liệu điện tử), newest first."""

    serializer_class = StoredDocumentSerializer
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[StoredDocument]:
        return selectors.stored_documents_of(self.request.user)


@extend_schema(tags=["datastore"])
class StoredDocumentDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: StoredDocumentSerializer})
    def get(self, request: Request, key: UUID) -> Response:
        document = selectors.stored_document_get(request.user, key)
        return Response(
            StoredDocumentSerializer(document, context={"request": request}).data
        )

    @extend_schema(
        responses={204: None},
        description="Remove the document from the store; dossiers keep their copies.",
    )
    def delete(self, request: Request, key: UUID) -> Response:
        user: User = request.user  # type: ignore[assignment]
        document = selectors.stored_document_get(user, key)
        services.stored_document_delete(owner=user, document=document)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["datastore"])
class StoredDocumentDownloadApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The stored file, as an attachment."
            )
        }
    )
    def get(self, request: Request, key: UUID) -> FileResponse:
        return attachment(selectors.stored_document_get(request.user, key))
