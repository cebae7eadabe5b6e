"""The public lookup with its limits, shared by the page and the API.

A lookup needs the code and the last digits of the applicant's phone or ID number.
The digits are short, so guesses are limited per code (whoever guesses, from
however many addresses) and per address (someone trying many codes). Attempts are
counted before the digits are compared (core.limits), so parallel guesses cannot
exceed the limit; a right answer gives its attempt back, so owners are not locked
out by their own lookups.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import status

from core.exceptions import DomainError
from core.limits import Limit, give_back_all, hit_all
from dossiers import selectors
from dossiers.models import Dossier

logger = logging.getLogger(__name__)

Found = TypeVar("Found")


class LookupLimited(DomainError):
    status_code: int = status.HTTP_429_TOO_MANY_REQUESTS


def _limits() -> tuple[Limit, Limit, Limit]:
    window = settings.LOOKUP_WINDOW_SECONDS
    return (
        Limit("lookup-address", settings.LOOKUP_LIMIT_PER_ADDRESS, window),
        Limit("lookup-code", settings.LOOKUP_LIMIT_PER_CODE, window),
        # A slow guesser staying under the short window still meets this one.
        Limit("lookup-code-day", settings.LOOKUP_LIMIT_PER_CODE_DAY, 24 * 60 * 60),
    )


def dossier_lookup_limited(*, code: str, verify: str, address: str) -> Dossier | None:
    """The dossier when `verify` matches, None when not; LookupLimited (429) past
    a limit, without comparing the digits. `address` comes from core.client."""
    return lookup_limited(
        code=code, verify=verify, address=address, find=selectors.dossier_lookup
    )


def lookup_limited(
    *, code: str, verify: str, address: str, find: Callable[..., Found | None]
) -> Found | None:
    """`find(code=, verify=)` answers within the limits: the dossier, or the page
    kept for it (dossiers.lookup_cache); None when the digits do not match."""
    code = code.strip()
    by_address, *by_code = _limits()
    counted = [(by_address, address), *((limit, code) for limit in by_code)]
    # Counted in order up to the first limit reached: later ones are not counted.
    if not hit_all(counted):
        raise LookupLimited(
            "too_many_attempts",
            _(
                "Bạn đã nhập sai quá nhiều lần. Vì an toàn thông tin, vui lòng thử "
                "lại sau 15 phút."
            ),
        )
    found = find(code=code, verify=verify)
    if found is not None:
        _succeeded(code, address, counted)
    return found


def _succeeded(code: str, address: str, counted: list[tuple[Limit, str]]) -> None:
    # Attempts on this code in the window, this one and any running at the moment
    # included (parallel right answers read as failures here: a trace, not a rule).
    failures = give_back_all(counted, read=counted[1]) - 1
    if failures > 0:
        # A right answer after wrong ones may be a guess that hit: keep a trace.
        logger.warning(
            "Public lookup of %s succeeded after %s failed attempts from %s",
            code,
            failures,
            address,
        )
