from rest_framework import serializers

from accounts.models import User
from identity.models import ClaimChannel, ClaimCode
from identity.selectors import masked


class ClaimStartInputSerializer(serializers.Serializer[None]):
    code = serializers.CharField(max_length=40)
    channel = serializers.ChoiceField(choices=ClaimChannel.choices)


class ClaimConfirmInputSerializer(serializers.Serializer[None]):
    code = serializers.CharField(max_length=12)


class ClaimSerializer(serializers.ModelSerializer[ClaimCode]):
    id = serializers.UUIDField(source="uuid", read_only=True)
    dossier = serializers.CharField(source="dossier.code", read_only=True)
    recipient = serializers.SerializerMethodField()

    class Meta:
        model = ClaimCode
        fields = ["id", "dossier", "channel", "recipient", "expires_at"]

    def get_recipient(self, claim: ClaimCode) -> str:
        return masked(claim)


class ClaimedSerializer(serializers.Serializer[None]):
    dossier = serializers.CharField()
    verified = serializers.BooleanField()


class CounterCheckInputSerializer(serializers.Serializer[None]):
    id_number = serializers.CharField(max_length=14)
    full_name = serializers.CharField(max_length=150)
    phone = serializers.CharField(max_length=20)
    email = serializers.EmailField(required=False, default="")


class VerifiedAccountSerializer(serializers.Serializer[User]):
    username = serializers.CharField()
    full_name = serializers.CharField()
    verified_at = serializers.DateTimeField()
    verification_method = serializers.CharField()
