from rest_framework import serializers

from accounts.models import Agency, ApiToken, Role, User
from core.api import OptionalEmailField, OptionalURLField


class AgencyRefSerializer(serializers.ModelSerializer[Agency]):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "identifier", "name"]


class AgencySerializer(serializers.ModelSerializer[Agency]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    parent = AgencyRefSerializer(read_only=True, allow_null=True)
    email = OptionalEmailField()
    website = OptionalURLField()

    class Meta:
        model = Agency
        fields = [
            "id",
            "identifier",
            "admin_unit_code",
            "name",
            "short_name",
            "level",
            "kind",
            "unit_type",
            "parent",
            "address",
            "phone",
            "email",
            "website",
            "valid_from",
            "valid_until",
        ]


class UserSerializer(serializers.ModelSerializer[User]):
    agency = AgencyRefSerializer(read_only=True, allow_null=True)
    roles = serializers.SerializerMethodField()
    verified = serializers.BooleanField(source="is_verified", read_only=True)
    email = OptionalEmailField()

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "account_type",
            "email",
            "phone",
            "address",
            "agency",
            "position",
            "roles",
            "verified",
        ]

    def get_roles(self, user: User) -> list[str]:
        from accounts.permissions import roles_of

        return sorted(roles_of(user))


class TokenInputSerializer(serializers.Serializer[None]):
    username = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenInfoSerializer(serializers.ModelSerializer[ApiToken]):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at"]


class TokenSerializer(serializers.Serializer[None]):
    """The key is shown here once; only its digest is kept."""

    token = serializers.CharField()
    id = serializers.UUIDField()
    expires_at = serializers.DateTimeField()


class RolesInputSerializer(serializers.Serializer[None]):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), max_length=len(Role.values)
    )


class RolesSerializer(serializers.Serializer[None]):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class HistoricalInputSerializer(serializers.Serializer[None]):
    include_historical = serializers.BooleanField(default=False)
