"""The applicant's satisfaction rating of a returned dossier."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import TransitionNotAllowed
from dossiers import events
from dossiers.models import Dossier, SatisfactionRating
from dossiers.workflow import DossierStatus


@transaction.atomic
def rating_submit(
    *,
    dossier: Dossier,
    actor: User,
    scores: dict[str, int],
    contacts: int,
    comment: str = "",
    agencies_contacted: int | None = None,
    one_stop: bool | None = None,
) -> SatisfactionRating:
    """The applicant rates a returned dossier, once; publishes `Rated`. `scores`
    are 1–5 answers (overall, on_time, agencies_time, staff_attitude, publicity,
    feedback_handling, online_quality)."""
    if dossier.owner_id != actor.pk:
        raise TransitionNotAllowed("role", _("Chỉ chủ hồ sơ được đánh giá."))
    if dossier.status != DossierStatus.RETURNED:
        raise TransitionNotAllowed(
            "state", _("Chỉ đánh giá được sau khi đã nhận kết quả.")
        )
    if SatisfactionRating.objects.filter(dossier=dossier).exists():
        raise TransitionNotAllowed("rated", _("Hồ sơ này đã được đánh giá."))
    rating = SatisfactionRating(
        dossier=dossier,
        contacts=contacts,
        agencies_contacted=agencies_contacted,
        one_stop=one_stop,
        comment=comment,
        **scores,
    )
    rating.full_clean()
    rating.save()
    events.publish(events.Rated(dossier=dossier, rating=rating))
    return rating
