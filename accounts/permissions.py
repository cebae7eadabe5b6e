"""The one answer to "may this user see or act on this object?".

Citizens and businesses see only what they own; staff see what belongs to their
agency, and leaders and agency administrators also what belongs to the units below;
system administrators see everything. Selectors narrow querysets with
`scope_queryset`; views and services check single objects with `may_view` and
`may_act`. Objects take part by exposing `permission_owner_id` (the owning user's id,
or None) and `permission_agency_ids` (the agencies responsible for them).
"""

from collections.abc import Collection, Iterable
from typing import Protocol, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import (
    AccountType,
    AdministrativeLevel,
    Agency,
    AgencyKind,
    Role,
    User,
)

AnyUser = User | AnonymousUser
ModelT = TypeVar("ModelT", bound=Model)
# Roles whose holders oversee the units below their agency.
TREE_ROLES = frozenset({Role.LEADER, Role.AGENCY_ADMIN})


class Scoped(Protocol):
    @property
    def permission_owner_id(self) -> int | None: ...

    @property
    def permission_agency_ids(self) -> Collection[int]: ...


def is_staff_member(user: AnyUser) -> bool:
    return isinstance(user, User) and user.account_type == AccountType.STAFF


def roles_of(user: AnyUser) -> frozenset[str]:
    """The user's staff roles, read once per user object."""
    if not isinstance(user, User) or user.account_type != AccountType.STAFF:
        return frozenset()
    if user.pk is None:  # a staff member not saved yet holds no role
        return frozenset()
    cached: frozenset[str] | None = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(user.roles.values_list("role", flat=True))
        setattr(user, "_portal_roles", cached)  # noqa: B010 (a cache, not a field)
    return cached


def forget_roles(user: User) -> None:
    """Drop the cached roles and scope after the user's roles changed."""
    user.__dict__.pop("_portal_roles", None)
    user.__dict__.pop("_portal_tree", None)


def has_role(user: AnyUser, *roles: str) -> bool:
    if is_system_admin(user):
        return True
    return bool(roles_of(user) & set(roles))


def is_system_admin(user: AnyUser) -> bool:
    return user.is_authenticated and (
        user.is_superuser or Role.SYSTEM_ADMIN in roles_of(user)
    )


def agency_descendant_ids(agency_ids: Iterable[int]) -> set[int]:
    """The given agencies and every agency below them (one query per tree level)."""
    found = set(agency_ids)
    frontier = set(found)
    while frontier:
        children = set(
            Agency.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        )
        frontier = children - found
        found |= frontier
    return found


def agency_scope(user: AnyUser) -> set[int] | None:
    """Ids of the agencies whose things `user` may see; None means all of them."""
    if is_system_admin(user):
        return None
    if not isinstance(user, User) or user.agency_id is None:
        return set()
    if roles_of(user) & TREE_ROLES:
        # The tree below the agency, read once per user object (one request).
        tree: set[int] | None = getattr(user, "_portal_tree", None)
        if tree is None:
            tree = agency_descendant_ids([user.agency_id])
            setattr(user, "_portal_tree", tree)  # noqa: B010 (a cache, not a field)
        return set(tree)
    return {user.agency_id}


def may_view(user: AnyUser, obj: Scoped) -> bool:
    if not user.is_authenticated:
        return False
    if obj.permission_owner_id == user.pk:
        return True
    if not is_staff_member(user):
        return False
    scope = agency_scope(user)
    return scope is None or bool(scope & set(obj.permission_agency_ids))


def may_act(user: AnyUser, obj: Scoped, *roles: str) -> bool:
    """May `user` act on `obj`: its owner when no role is named, else staff in scope
    holding one of `roles`."""
    if not roles:
        return user.is_authenticated and obj.permission_owner_id == user.pk
    if not has_role(user, *roles):
        return False
    return is_system_admin(user) or (is_staff_member(user) and may_view(user, obj))


def may_manage_agency(user: AnyUser, agency: Agency) -> bool:
    """System administrators manage every agency, agency administrators their tree."""
    if is_system_admin(user):
        return True
    if Role.AGENCY_ADMIN not in roles_of(user):
        return False
    scope = agency_scope(user)
    return scope is not None and agency.pk in scope


def scope_queryset(
    user: AnyUser,
    queryset: QuerySet[ModelT],
    *,
    owner_field: str | None = None,
    agency_fields: Iterable[str] = (),
) -> QuerySet[ModelT]:
    """Narrow `queryset` to the rows `user` may see."""
    if not user.is_authenticated:
        return queryset.none()
    condition = Q(pk__in=[])
    if owner_field:
        condition |= Q(**{owner_field: user.pk})
    if is_staff_member(user):
        scope = agency_scope(user)
        if scope is None:
            return queryset
        for field in agency_fields:
            condition |= Q(**{f"{field}__in": scope})
    return queryset.filter(condition)


def may_see_dashboard(user: AnyUser) -> bool:
    """Leaders, agency administrators and system administrators."""
    return user.is_authenticated and has_role(user, Role.LEADER, Role.AGENCY_ADMIN)


def may_see_province(user: AnyUser) -> bool:
    """System administrators and the leaders of the provincial people's committee."""
    if is_system_admin(user):
        return True
    if not isinstance(user, User) or user.agency is None:
        return False
    agency = user.agency
    return (
        Role.LEADER in roles_of(user)
        and agency.kind == AgencyKind.PEOPLES_COMMITTEE
        and agency.level == AdministrativeLevel.PROVINCE
    )


# The roles each role may grant and withdraw (docs/accounts.md). The signing role
# (leader) and the administrator roles come from the system administrator only, so
# an agency administrator can neither make another administrator nor a signer.
GRANTABLE_BY: dict[str, frozenset[str]] = {
    Role.AGENCY_ADMIN: frozenset({Role.CLERK, Role.OFFICER}),
}


def grantable_roles(user: AnyUser) -> frozenset[str]:
    if is_system_admin(user):
        return frozenset(Role.values)
    granted = [GRANTABLE_BY.get(role, frozenset()) for role in roles_of(user)]
    return frozenset().union(*granted)


def may_manage_user(user: AnyUser, target: User) -> bool:
    """May `user` change `target`'s account (details, password, roles)?

    System administrators manage everyone. An agency administrator manages the
    staff of their agency tree whose roles are all theirs to grant: never
    themself, another administrator, a leader, or a citizen.
    """
    if is_system_admin(user):
        return True
    if Role.AGENCY_ADMIN not in roles_of(user) or target.pk == user.pk:
        return False
    if target.is_superuser or (target.pk is not None and not is_staff_member(target)):
        return False
    scope = agency_scope(user) or set()
    return target.agency_id in scope and roles_of(target) <= grantable_roles(user)


def role_change_problem(
    granter: User | None, target: User, wanted: Collection[str]
) -> str | None:
    """Why `granter` may not set `target`'s roles to `wanted`; None when allowed.

    `granter` None is the system itself (commands, the demo builder).
    """
    if granter is None:
        return None
    changed = set(wanted) ^ roles_of(target)
    if not changed:
        return None
    if not may_manage_user(granter, target):
        return str(_("Bạn không quản lý tài khoản này."))
    refused = changed - grantable_roles(granter)
    if refused:
        labels = ", ".join(sorted(str(Role(role).label) for role in refused))
        return str(
            _("Bạn không được giao hoặc thu hồi vai trò: %(roles)s.")
            % {"roles": labels}
        )
    return None


def may_enter_documents(user: AnyUser) -> bool:
    """Clerks enter and register their agency's incoming documents (văn thư)."""
    return (
        isinstance(user, User)
        and user.agency_id is not None
        and has_role(user, Role.CLERK)
    )


def may_draft_documents(user: AnyUser) -> bool:
    """Officers and leaders draft their agency's outgoing documents."""
    return (
        isinstance(user, User)
        and user.agency_id is not None
        and has_role(user, Role.OFFICER, Role.LEADER)
    )
