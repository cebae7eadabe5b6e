"""Reads of agencies and users."""

import re
import unicodedata

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import validators
from accounts.models import AccountType, AdministrativeLevel, Agency, User
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


# The people's committee of a unit is named after it: "Ủy ban nhân dân phường …".
COMMITTEE_PREFIX = "ủy ban nhân dân "


def administrative_unit_in(address: str) -> tuple[str, str] | None:
    """The (province, commune) codes of the current commune-level unit that a
    free-text address names, e.g. "12 Phan Đình Phùng, phường Xuân Hương - Đà Lạt"
    → ("68", "24781"). Only units imported with their GSO codes count (import_units);
    the longest name found wins, and None answers an address that names none of
    them, or two equally long ones (no guess)."""
    text = _place(address)
    if not text:
        return None
    communes = (
        Agency.objects.current()
        .filter(level=AdministrativeLevel.COMMUNE, admin_unit_code__isnull=False)
        .select_related("parent__parent")
    )
    found: dict[int, list[Agency]] = {}
    for commune in communes:
        name = _place(commune.name).removeprefix(COMMITTEE_PREFIX)
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
            found.setdefault(len(name), []).append(commune)
    best = found.get(max(found), []) if found else []
    if len(best) != 1:
        return None
    province = _province_code(best[0])
    return (province, best[0].admin_unit_code or "") if province else None


def _province_code(commune: Agency) -> str | None:
    """The GSO code of the province above a commune (2 tiers, or 3 with a district)."""
    above = commune.parent
    for _level in range(2):
        if above is None:
            return None
        if above.level == AdministrativeLevel.PROVINCE and above.admin_unit_code:
            return above.admin_unit_code
        above = above.parent
    return None


def _place(text: str) -> str:
    """Lower case, composed accents, one kind of dash and of space: how a name is
    compared with an address."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"\s*[-\u2013\u2014]\s*", " - ", text)
    return " ".join(text.split())
