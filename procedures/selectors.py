"""Reads of the procedure catalogue: public lists, search, detail, snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Collate, Concat, Length
from django.http import Http404

from accounts.models import AdministrativeLevel, Agency, AgencyKind, Role
from accounts.permissions import AnyUser, agency_scope, has_role, is_system_admin
from procedures import budgets
from procedures.models import (
    LEVEL_COLUMNS,
    Field,
    Procedure,
    RequiredComponent,
    WorkflowStep,
    public_q,
)
from procedures.search import name_key, tokens
from procedures.services import (
    CHANNEL_FIELDS,
    COMPONENT_FIELDS,
    FEE_FIELDS,
    STEP_FIELDS,
    VALUE_FIELDS,
    Row,
)

# Relevance, best first (see procedure_search).
(
    RANK_CODE,
    RANK_EXACT,
    RANK_PREFIX,
    RANK_PHRASE,
    RANK_WORDS,
    RANK_NAME,
    RANK_OTHER,
) = range(7)


def _byte_order(column: str) -> Collate:
    """Order by code points on every database, whatever its default collation."""
    collation = "C" if connection.vendor == "postgresql" else "BINARY"
    return Collate(F(column), collation)


# What a results list shows; the long texts stay in the database.
LIST_COLUMNS = (
    "code",
    "name",
    "field__slug",
    "field__name",
    *LEVEL_COLUMNS.values(),
    "service_level",
    "online_mode",
    "processing_time",
    "processing_time_unit",
    "processing_time_text",
    "fee_status",
    "fee_text",
    "online_payment",
    "result_by_post",
    "search_name",
)


def procedure_list_public() -> QuerySet[Procedure]:
    """Published procedures in force, ordered by name, ready for a results list."""
    return (
        Procedure.objects.public()
        .select_related("field")
        .only(*LIST_COLUMNS)
        .prefetch_related("fee_items")
        .order_by(_byte_order("search_name"), "code")
    )


def procedure_search(queryset: QuerySet[Procedure], text: str) -> QuerySet[Procedure]:
    """Procedures whose text holds every word of `text`, most relevant first.

    Words are compared without diacritics as substrings of the normalized search
    text, so word order and partial words do not matter. Ranking: the code itself;
    the exact name; a name starting with the query; a name holding the query as a
    phrase; a name holding every word as a whole word; a name holding every word
    as part of a word; matches found only in other text (field, agency, result,
    applicants). Within a rank, shorter names (closer matches) come first, then
    names in alphabetical order.
    """
    words = tokens(text)
    if not words:
        return queryset
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    key = name_key(text)
    code = text.strip()
    whens = [When(Q(code__iexact=code) | Q(base_code=code), then=Value(RANK_CODE))]
    if key:
        queryset = queryset.alias(
            padded_name=Concat(
                Value(" "), "search_name", Value(" "), output_field=TextField()
            )
        )
        whens += _name_ranks(key)
    rank = Case(*whens, default=Value(RANK_OTHER), output_field=IntegerField())
    return queryset.annotate(rank=rank).order_by(
        "rank", Length("search_name"), _byte_order("search_name"), "code"
    )


def _name_ranks(key: str) -> list[When]:
    name_words = key.split()
    whole = Q(*[Q(padded_name__contains=f" {word} ") for word in name_words])
    partial = Q(*[Q(search_name__contains=word) for word in name_words])
    return [
        When(search_name=key, then=Value(RANK_EXACT)),
        When(search_name__startswith=key, then=Value(RANK_PREFIX)),
        When(search_name__contains=key, then=Value(RANK_PHRASE)),
        When(whole, then=Value(RANK_WORDS)),
        When(partial, then=Value(RANK_NAME)),
    ]


def procedure_filter(
    queryset: QuerySet[Procedure],
    *,
    field: Field | None = None,
    agency: Agency | None = None,
    level: str | None = None,
    service_level: int | None = None,
    online_mode: str | None = None,
    online_payment: bool | None = None,
) -> QuerySet[Procedure]:
    """Narrow a procedure list by the catalogue's filters (None = any)."""
    if field is not None:
        queryset = queryset.filter(field=field)
    if agency is not None:
        queryset = queryset.filter(agencies=agency)
    if level:
        queryset = queryset.filter(**{LEVEL_COLUMNS[level]: True})  # type: ignore[index]
    if service_level is not None:
        queryset = queryset.filter(service_level=service_level)
    if online_mode:
        queryset = queryset.filter(online_mode=online_mode)
    if online_payment is not None:
        queryset = queryset.filter(online_payment=online_payment)
    return queryset


def procedure_catalogue(*, query: str = "", **filters: Any) -> QuerySet[Procedure]:
    """The public catalogue: search and filters, as the page and the API use them."""
    queryset = procedure_filter(procedure_list_public(), **filters)
    return procedure_search(queryset, query)


def procedure_get_public(*, code: str) -> Procedure:
    """A published procedure with everything its page shows; Http404 otherwise.

    The code of a national record replaced by its provincial copy gives the copy
    (whose own `code` then differs from the one asked for).
    """
    procedure = (
        Procedure.objects.public()
        .select_related("field")
        .prefetch_related(
            "components",
            "channel_options",
            "fee_items",
            "workflow_steps",
            "legal_references",
            Prefetch("agencies", queryset=Agency.objects.order_by("level", "name")),
        )
        .filter(Q(code=code) | Q(replaces__code=code))
        .order_by(Case(When(code=code, then=Value(0)), default=Value(1)))
        .first()
    )
    if procedure is None:
        raise Http404("No such procedure.")
    return procedure


def agencies_carrying_out(procedure: Procedure) -> QuerySet[Agency]:
    """Current agencies that resolve a procedure: those linked to it and, for a
    commune-level procedure linked to no commune, every commune's people's
    committee (the import does not link communes one by one: the level says it)."""
    condition = Q(procedures=procedure)
    communes = Q(level=AdministrativeLevel.COMMUNE, kind=AgencyKind.PEOPLES_COMMITTEE)
    if procedure.level_commune and not procedure.agencies.filter(communes).exists():
        condition |= communes
    return Agency.objects.current().filter(condition).distinct()


def field_list_public() -> QuerySet[Field]:
    """Fields with their number of public procedures (fields without any left out)."""
    # The slug is the name without diacritics: the order a Vietnamese reader expects,
    # the same on every database.
    return (
        Field.objects.filter(public_q("procedures__"))
        .annotate(procedure_count=Count("procedures"))
        .order_by("slug")
    )


def agencies_with_procedures() -> QuerySet[Agency]:
    """Agencies that carry out at least one public procedure (the agency filter)."""
    return (
        Agency.objects.filter(public_q("procedures__"))
        .only("uuid", "name", "level")
        .distinct()
        .order_by("level", "name")
    )


def component_form_get(*, code: str, position: int) -> RequiredComponent:
    """A component with a form template, of a public procedure; Http404 otherwise."""
    component = (
        RequiredComponent.objects.filter(
            procedure__in=Procedure.objects.public().filter(code=code),
            position=position,
        )
        .exclude(form_template="")
        .first()
    )
    if component is None:
        raise Http404("No such form.")
    return component


# --- Workflow templates -----------------------------------------------------------


@dataclass(frozen=True)
class WorkflowTemplate:
    """The internal workflow of a procedure: its ordered steps and their budget.

    The dossier issue routes dossiers by `steps` and sets per-step deadlines from
    their hours; `fits` says whether the budgets add up to the legal time.
    """

    steps: tuple[WorkflowStep, ...]
    budget_hours: int
    legal_hours: int | None
    error: str | None

    @property
    def fits(self) -> bool:
        return bool(self.steps) and self.error is None


def workflow_template_for(procedure: Procedure) -> WorkflowTemplate:
    steps = tuple(procedure.workflow_steps.all())
    hours = [step.hours for step in steps]
    return WorkflowTemplate(
        steps=steps,
        budget_hours=sum(hours),
        legal_hours=budgets.legal_hours(
            procedure.processing_time, procedure.processing_time_unit
        ),
        error=budgets.budget_error(
            processing_time=procedure.processing_time,
            unit=procedure.processing_time_unit,
            step_hours=hours,
        ),
    )


# --- Snapshots (import comparison and export) -------------------------------------


def procedures_for_snapshot() -> QuerySet[Procedure]:
    return Procedure.objects.select_related("field").prefetch_related(
        "components", "channel_options", "fee_items", "workflow_steps", "agencies"
    )


def procedure_snapshot(procedure: Procedure) -> Row:
    """Everything the import compares and the export writes, as plain values."""
    snapshot: Row = {name: getattr(procedure, name) for name in VALUE_FIELDS}
    snapshot["code"] = procedure.code
    snapshot["field"] = procedure.field.name
    snapshot["components"] = _rows(procedure.components.all(), COMPONENT_FIELDS)
    snapshot["channels"] = _rows(procedure.channel_options.all(), CHANNEL_FIELDS)
    snapshot["fee_items"] = _rows(procedure.fee_items.all(), FEE_FIELDS)
    snapshot["workflow"] = _rows(procedure.workflow_steps.all(), STEP_FIELDS)
    agencies = sorted(procedure.agencies.all(), key=lambda agency: agency.pk)
    snapshot["agency_ids"] = [agency.pk for agency in agencies]
    snapshot["agency_identifiers"] = [a.identifier for a in agencies if a.identifier]
    return snapshot


def _rows(objects: Any, names: tuple[str, ...]) -> list[Row]:
    rows = [{name: getattr(obj, name) for name in names} for obj in objects]
    return sorted(rows, key=lambda row: row["position"])


def procedure_editable_by(user: AnyUser, procedure: Procedure) -> bool:
    """Who edits a catalogue record (docs/procedures.md): the system administrator
    every one; an agency administrator only a procedure that every agency carrying
    it lies in their tree, i.e. their own. A procedure shared with agencies beyond
    it belongs to the province and is read-only to them."""
    if is_system_admin(user):
        return True
    if not has_role(user, Role.AGENCY_ADMIN):
        return False
    scope = agency_scope(user) or set()
    carriers = set(procedure.agencies.values_list("pk", flat=True))
    return bool(carriers) and carriers <= scope
