"""Dossier summaries for the dashboard panels: a count and the first rows of a queue."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django import template
from django.urls import reverse

from accounts.permissions import AnyUser
from dossiers import selectors
from dossiers.views.queues import BY_SLUG, mark_rows
from dossiers.workflow import DossierStatus

register = template.Library()
FIRST_ROWS = 5
# The applicant must act on these: add papers, or rate the result.
NEEDS_APPLICANT = (DossierStatus.INCOMPLETE, DossierStatus.SUPPLEMENT_REQUESTED)


@dataclass
class Summary:
    title: str
    url: str
    count: int
    rows: list[Any]


@register.simple_tag
def queue_summary(user: AnyUser, slug: str) -> Summary:
    """`{% queue_summary user "duoc-giao" as worklist %}` for a staff panel."""
    queue = BY_SLUG[slug]
    dossiers = queue.select(user)
    rows = list(dossiers[:FIRST_ROWS])
    mark_rows(rows)
    count = len(rows) if len(rows) < FIRST_ROWS else dossiers.count()
    return Summary(str(queue.title), queue.url, count, rows)


@register.simple_tag
def my_dossiers_summary(user: AnyUser) -> Summary:
    dossiers = (
        selectors.dossier_list_for(user).filter(owner=user.pk).order_by("-created_at")
    )
    rows = list(dossiers[:FIRST_ROWS])
    count = len(rows) if len(rows) < FIRST_ROWS else dossiers.count()
    return Summary("", reverse("dossiers:my_dossiers"), count, rows)


@register.simple_tag
def needs_applicant(user: AnyUser) -> int:
    """How many of the applicant's dossiers wait for papers from them."""
    return (
        selectors.dossier_list_for(user)
        .filter(owner=user.pk, status__in=NEEDS_APPLICANT)
        .count()
    )


@register.filter
def stored_name(file: Any) -> str:
    """The random name a file is stored and served under (never the upload's name)."""
    return PurePosixPath(file.file.name).name
