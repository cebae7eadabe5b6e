"""Writes to the procedure catalogue.

Every write goes through here so that the normalized search columns (`search_name`,
`search_text`) always match the procedure's text: the import, the demo seed and the
admin all call these functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from core.exceptions import DomainError
from core.public_cache import CATALOGUE, source_changed
from procedures import budgets, legal
from procedures.models import (
    ChannelOption,
    FeeItem,
    Field,
    LegalDocument,
    Procedure,
    RequiredComponent,
    WorkflowStep,
)
from procedures.search import name_key, normalize, search_document

# Model fields an import row may set, in the order the export writes them.
VALUE_FIELDS = (
    "base_code",
    "name",
    "level_ministry",
    "level_province",
    "level_district",
    "level_commune",
    "level_other",
    "agency_text",
    "competent_authority",
    "service_level",
    "online_mode",
    "processing_time",
    "processing_time_unit",
    "processing_time_text",
    "target",
    "result",
    "result_code",
    "conditions",
    "legal_basis",
    "legal_documents",
    "steps",
    "online_payment",
    "result_by_post",
    "fee_status",
    "fee_text",
    "decision",
    "procedure_type",
    "is_published",
    "effective_from",
    "effective_until",
    "source_url",
    "catalog",
    "source",
)
COMPONENT_FIELDS = (
    "position",
    "case",
    "name",
    "originals",
    "copies",
    "is_mandatory",
    "is_note",
    "condition",
    "is_corrected",
    "form_name",
)
CHANNEL_FIELDS = (
    "position",
    "channel",
    "processing_time",
    "processing_time_unit",
    "processing_time_text",
    "fee_text",
)
FEE_FIELDS = ("position", "kind", "name", "amount", "unit", "channel", "exemptions")
STEP_FIELDS = ("position", "name", "role", "hours", "description")
SEARCH_FIELDS = ["search_name", "search_text"]
# PostgreSQL stores the search columns uncompressed (migration 0003); capped so that
# a row always fits a page. The longest real search text is about 1,750 characters.
MAX_SEARCH_TEXT = 4000
# Added to positions while components are renumbered (unique per procedure).
POSITION_PARKING = 10000
# Child model of each child list of ProcedureData.
CHILD_MODELS: tuple[tuple[Any, str], ...] = (
    (RequiredComponent, "components"),
    (ChannelOption, "channels"),
    (FeeItem, "fee_items"),
    (WorkflowStep, "workflow"),
)
Row = dict[str, Any]


@dataclass
class ProcedureData:
    """A procedure as an import row or the demo states it.

    `values` are set on create and update; `defaults` only on create (values the
    source does not state and an administrator may have changed since). Child lists
    left as None are not touched on update.
    """

    code: str
    field_name: str
    values: Row
    defaults: Row = field(default_factory=dict)
    components: list[Row] | None = None
    channels: list[Row] | None = None
    fee_items: list[Row] | None = None
    workflow: list[Row] | None = None
    agency_ids: list[int] | None = None
    extra_agency_ids: list[int] = field(default_factory=list)


# --- Fields -----------------------------------------------------------------------


def field_key(name: str) -> str:
    """A field name without diacritics, case or punctuation: spellings of one field
    ("Thi đua - khen thưởng", "Thi đua, khen thưởng") share it."""
    return " ".join(re.findall(r"[a-z0-9]+", normalize(name)))


def field_get_or_create(*, name: str) -> Field:
    name = " ".join(name.split())
    key = field_key(name)
    for existing in Field.objects.all():
        if field_key(existing.name) == key:
            return existing
    return Field.objects.create(name=name, slug=field_slug_for(name))


def field_slug_for(name: str) -> str:
    base = slugify(normalize(name))[:240] or "linh-vuc"
    slug, suffix = base, 2
    while Field.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@transaction.atomic
def field_rename(*, field: Field, name: str) -> None:
    """Rename a field and refresh the search text of its procedures."""
    field.name = " ".join(name.split())
    field.save(update_fields=["name"])
    procedures = list(field.procedures.all())
    for procedure in procedures:
        _set_search_columns(procedure, field.name)
    Procedure.objects.bulk_update(procedures, SEARCH_FIELDS, batch_size=500)


# --- Procedures -------------------------------------------------------------------


def search_columns(procedure: Procedure, field_name: str) -> tuple[str, str]:
    """The normalized name (ranking) and full search text of a procedure."""
    text = search_document(
        procedure.code,
        procedure.name,
        field_name,
        procedure.agency_text,
        procedure.result,
        procedure.target,
    )
    return name_key(procedure.name), text[:MAX_SEARCH_TEXT]


def _set_search_columns(procedure: Procedure, field_name: str) -> None:
    procedure.search_name, procedure.search_text = search_columns(procedure, field_name)


def procedure_refresh_search(*, procedure: Procedure) -> bool:
    """Rewrite the search columns if they are stale; True when they were."""
    columns = search_columns(procedure, procedure.field.name)
    if columns == (procedure.search_name, procedure.search_text):
        return False
    procedure.search_name, procedure.search_text = columns
    procedure.save(update_fields=SEARCH_FIELDS)
    return True


def procedure_save(*, procedure: Procedure) -> None:
    """Save a procedure edited in a form, with its search columns refreshed."""
    _set_search_columns(procedure, procedure.field.name)
    procedure.save()
    legal_documents_replace(procedures=[procedure])


@transaction.atomic
def procedure_create(*, data: ProcedureData, field: Field) -> Procedure:
    return procedures_bulk_create(items=[data], fields={data.field_name: field})[0]


def procedures_bulk_create(
    *, items: Sequence[ProcedureData], fields: dict[str, Field]
) -> list[Procedure]:
    """Create many procedures with their children in a few queries (the import)."""
    procedures = []
    for data in items:
        procedure = Procedure(
            code=data.code, field=fields[data.field_name], **data.defaults
        )
        for name, value in data.values.items():
            setattr(procedure, name, value)
        _set_search_columns(procedure, data.field_name)
        procedures.append(procedure)
    Procedure.objects.bulk_create(procedures, batch_size=500)
    pairs = list(zip(procedures, items, strict=True))
    for model, key in CHILD_MODELS:
        rows = [
            model(procedure=procedure, **row)
            for procedure, data in pairs
            for row in getattr(data, key) or []
        ]
        model.objects.bulk_create(rows, batch_size=1000)
    _link_agencies(procedures, items)
    legal_documents_replace(procedures=procedures)
    return procedures


def legal_documents_replace(*, procedures: Sequence[Procedure]) -> None:
    """The documents of each procedure's legal basis, read again from its text and
    its numbers (the published text stays the source; these rows are its reading)."""
    LegalDocument.objects.filter(procedure__in=procedures).delete()
    rows = [
        LegalDocument(
            procedure=procedure,
            position=position,
            kind=reference.kind,
            number=reference.number[:60],
            issued_on=reference.issued_on,
            title=reference.title,
        )
        for procedure in procedures
        for position, reference in enumerate(
            legal.legal_references(procedure.legal_basis, procedure.legal_documents),
            start=1,
        )
    ]
    LegalDocument.objects.bulk_create(rows, batch_size=1000)


def _link_agencies(
    procedures: Sequence[Procedure], items: Sequence[ProcedureData]
) -> None:
    through = Procedure.agencies.through
    links = [
        through(procedure_id=procedure.pk, agency_id=agency_id)
        for procedure, data in zip(procedures, items, strict=True)
        for agency_id in sorted(set(data.agency_ids or []) | set(data.extra_agency_ids))
    ]
    through.objects.bulk_create(links, batch_size=1000)


def procedure_changes(procedure: Procedure, snapshot: Row, data: ProcedureData) -> Row:
    """What `data` would change on a procedure whose current state is `snapshot`."""
    changes: Row = {
        name: value for name, value in data.values.items() if snapshot[name] != value
    }
    if snapshot["field"] != data.field_name:
        changes["field"] = data.field_name
    for key in ("components", "channels", "fee_items", "workflow"):
        wanted = getattr(data, key)
        if wanted is not None and snapshot[key] != wanted:
            changes[key] = wanted
    linked = set(snapshot["agency_ids"])
    if data.agency_ids is not None and linked != set(data.agency_ids):
        changes["agency_ids"] = data.agency_ids
    if not set(data.extra_agency_ids) <= linked:
        changes["extra_agency_ids"] = data.extra_agency_ids
    return changes


@transaction.atomic
def procedure_update(*, procedure: Procedure, changes: Row, field: Field) -> None:
    """Apply `changes` (from procedure_changes) to a procedure locked by the caller."""
    columns = [name for name in VALUE_FIELDS if name in changes]
    for name in columns:
        setattr(procedure, name, changes[name])
    if "field" in changes:
        procedure.field = field
        columns.append("field")
    _set_search_columns(procedure, field.name)
    procedure.save(update_fields=[*columns, *SEARCH_FIELDS, "updated_at"])
    if "components" in changes:
        _replace_components(procedure, changes["components"])
    if "channels" in changes:
        _replace(
            procedure.channel_options, ChannelOption, procedure, changes["channels"]
        )
    if "fee_items" in changes:
        _replace(procedure.fee_items, FeeItem, procedure, changes["fee_items"])
    if "workflow" in changes:
        workflow_steps_replace(procedure=procedure, steps=changes["workflow"])
    if "agency_ids" in changes:
        procedure.agencies.set(changes["agency_ids"])
    if "extra_agency_ids" in changes:
        procedure.agencies.add(*changes["extra_agency_ids"])
    if "legal_basis" in changes or "legal_documents" in changes:
        legal_documents_replace(procedures=[procedure])


def _replace(manager: Any, model: Any, procedure: Procedure, rows: list[Row]) -> None:
    manager.all().delete()
    model.objects.bulk_create([model(procedure=procedure, **row) for row in rows])


def _replace_components(procedure: Procedure, rows: list[Row]) -> None:
    """Make the components equal `rows`, updating existing ones in place.

    Dossiers point at components (DossierFile.component, PROTECT), so a paper keeps
    its row, its id and its uploaded form file: same-named papers are matched first,
    then the remaining rows reuse the remaining components in order. Components left
    over are deleted; one still used by a dossier raises ProtectedError.
    """
    existing = list(procedure.components.order_by("position"))
    matched = _match_components(existing, rows)
    # Park the kept rows out of the way of the unique (procedure, position).
    procedure.components.update(position=F("position") + POSITION_PARKING)
    kept, new = [], []
    for row, component in zip(rows, matched, strict=True):
        if component is None:
            new.append(RequiredComponent(procedure=procedure, **row))
            continue
        for name, value in row.items():
            setattr(component, name, value)
        kept.append(component)
    unused = {c.pk for c in existing} - {c.pk for c in kept}
    RequiredComponent.objects.filter(pk__in=unused).delete()
    RequiredComponent.objects.bulk_update(kept, list(COMPONENT_FIELDS))
    RequiredComponent.objects.bulk_create(new)


def _match_components(
    existing: list[RequiredComponent], rows: list[Row]
) -> list[RequiredComponent | None]:
    by_name: dict[str, list[RequiredComponent]] = {}
    for component in existing:
        by_name.setdefault(component.name, []).append(component)
    matched: list[RequiredComponent | None] = [
        same.pop(0) if (same := by_name.get(row["name"])) else None for row in rows
    ]
    spare = [c for c in existing if c not in matched]
    return [component or (spare.pop(0) if spare else None) for component in matched]


# --- Workflow templates -----------------------------------------------------------


@transaction.atomic
def workflow_steps_replace(*, procedure: Procedure, steps: Iterable[Row]) -> None:
    """Set the internal workflow of a procedure; the budgets must fit its legal time.

    Raises DomainError("workflow_budget") when they do not.
    """
    steps = [
        {**step, "position": step.get("position") or index}
        for index, step in enumerate(steps, start=1)
    ]
    error = budgets.budget_error(
        processing_time=procedure.processing_time,
        unit=procedure.processing_time_unit,
        step_hours=[int(step["hours"]) for step in steps],
    )
    if error:
        raise DomainError("workflow_budget", error)
    procedure.workflow_steps.all().delete()
    WorkflowStep.objects.bulk_create(
        WorkflowStep(procedure=procedure, **step) for step in steps
    )


@transaction.atomic
def procedures_withdraw(*, codes: Iterable[str], last_day: date) -> list[str]:
    """End the procedures a catalogue no longer lists (bãi bỏ): in force until
    `last_day`, then out of the public catalogue and kept for history and their
    dossiers. Returns the codes ended (those already ended are left as they are)."""
    ending = (
        Procedure.objects.filter(code__in=list(codes))
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gt=last_day))
        .filter(Q(effective_from__isnull=True) | Q(effective_from__lte=last_day))
    )
    ended = sorted(ending.values_list("code", flat=True))
    ending.update(effective_until=last_day, updated_at=timezone.now())
    if ended:
        source_changed(CATALOGUE)  # a queryset update sends no signal
    return ended
