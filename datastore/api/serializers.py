from __future__ import annotations

from rest_framework import serializers
from rest_framework.reverse import reverse

from datastore.models import StoredDocument


class StoredDocumentSerializer(serializers.ModelSerializer[StoredDocument]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = StoredDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "source",
            "dossier_code",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "valid_from",
            "valid_until",
            "created_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, document: StoredDocument) -> str:
        return reverse(
            "api-datastore-download",
            args=[document.uuid],
            request=self.context.get("request"),
        )
