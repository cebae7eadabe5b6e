"""Reads of agencies and users."""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Agency, User
from accounts.permissions import AnyUser, scope_queryset


def agency_list(*, include_historical: bool = False) -> QuerySet[Agency]:
    """Agencies shown to the public; former units only when asked for."""
    agencies = Agency.objects.select_related("parent")
    return agencies if include_historical else agencies.current()


def agency_get(*, uuid: str) -> Agency:
    agency = Agency.objects.select_related("parent").filter(uuid=uuid).first()
    if agency is None:
        raise Http404("No such agency.")
    return agency


def agency_search(queryset: QuerySet[Agency], text: str) -> QuerySet[Agency]:
    return queryset.filter(
        Q(name__icontains=text)
        | Q(short_name__icontains=text)
        | Q(identifier__iexact=text)
        | Q(admin_unit_code=text)
    )


def user_list_for(user: AnyUser) -> QuerySet[User]:
    """Users `user` may see: themselves, and for staff the staff of their scope."""
    return scope_queryset(
        user,
        User.objects.select_related("agency"),
        owner_field="pk",
        agency_fields=["agency"],
    )
