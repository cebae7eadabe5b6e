from django.db.models import Q

from accounts.models import User
from core.exceptions import NotFound
from dossiers.models import Dossier
from identity.models import ClaimChannel, ClaimCode
from procedures.models import Channel


def claim_get_for(user: User, claim_id: str) -> ClaimCode:
    """The user's own claim; another person's, like an absent one, is not found."""
    claim = (
        ClaimCode.objects.select_related("dossier")
        .filter(uuid=claim_id, user=user)
        .first()
    )
    if claim is None:
        raise NotFound("not_found", "No such claim.")
    return claim


def masked(claim: ClaimCode) -> str:
    """The address the code went to, mostly hidden: 091****678, n***@example.vn."""
    recipient = claim.recipient
    if claim.channel == ClaimChannel.SMS:
        return recipient[:3] + "*" * max(len(recipient) - 6, 0) + recipient[-3:]
    local, _at, domain = recipient.partition("@")
    return f"{local[:1]}***@{domain}"


def linkable_count(user: User) -> int:
    """Walk-in dossiers under the user's verified ID number that nobody owns (the
    names are compared when linking)."""
    if not user.is_verified or not user.id_number:
        return 0
    return Dossier.objects.filter(
        Q(applicant_id_number=user.id_number),
        channel=Channel.COUNTER,
        owner__isnull=True,
    ).count()
