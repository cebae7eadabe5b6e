"""Reads of agencies and users."""

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import validators
from accounts.models import AccountType, Agency, User
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


def verified_account_for(*, id_number: str, name: str) -> User | None:
    """The verified citizen or business account whose verified identity is this ID
    number (or tax code) and name; None when there is none or the name differs."""
    if not id_number:
        return None
    user = (
        User.objects.filter(Q(national_id=id_number) | Q(tax_code=id_number))
        .filter(
            verified_at__isnull=False,
            account_type__in=[AccountType.CITIZEN, AccountType.BUSINESS],
        )
        .first()
    )
    if user is None or not validators.same_name(user.full_name, name):
        return None
    return user


def user_get_for(user: AnyUser, username: str) -> User:
    """A user `user` may see; 404 for absent and out of scope alike."""
    found = user_list_for(user).filter(username=username).first()
    if found is None:
        raise Http404("No such user.")
    return found
