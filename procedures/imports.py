"""Import of the procedure catalogue from the layout of ../shared/data/procedures.json.

The layout (docs/procedures.md) is the one of the national database crawl: a JSON list
of records, or a CSV file with the same keys as columns. Optional keys written by
`export_procedures` (service_level, fee_items, workflow, agency_identifiers…) make an
export re-import to the same catalogue.

Transactions: one import is one transaction. Every row is checked first; a row that
fails is rejected with its reason and the others are imported; an error in the file
itself (not JSON, not a list) or an unexpected failure rolls everything back, so a
catalogue is never left half imported. Codes are upserted: a row whose code exists
updates that procedure, and a row that would change nothing is counted unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError

from accounts.models import Agency, AgencyKind, Role
from core.exceptions import DomainError
from core.public_cache import CATALOGUE, source_changed
from procedures import parsing, reform, selectors, services
from procedures.budgets import budget_error
from procedures.models import (
    LEVEL_COLUMNS,
    FeeKind,
    FeeStatus,
    Field,
    OnlineMode,
    Procedure,
    ServiceLevel,
    TimeUnit,
)
from procedures.search import normalize
from procedures.services import ProcedureData, Row

CODE_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-_]{2,39}$")
# Columns of the CSV layout holding lists ("; "-separated) or JSON (nested lists).
CSV_LIST_COLUMNS = ("levels", "submission_channels", "legal_basis", "forms")
CSV_JSON_COLUMNS = (
    "channels",
    "documents",
    "fee_items",
    "workflow",
    "agency_identifiers",
)
CSV_BOOL_COLUMNS = (
    "fee_free",
    "has_detail",
    "documents_truncated",
    "online_payment",
    "result_by_post",
    "is_published",
)
CSV_NUMBER_COLUMNS = ("processing_days", "service_level", "processing_time_amount")
TEXT_KEYS = ("steps", "requirements", "legal_basis_text")
MAX_CODE_IN_REPORT = 60
# What an administrator's correction of a component sets.
CLASSIFICATION_KEYS = ("is_mandatory", "is_note", "condition", "is_corrected")


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)
    # The codes created and, per code updated, the names of what changed.
    created_codes: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    fields_created: int = 0
    # Components of the rows by how they are used when filing.
    components_required: int = 0
    components_conditional: int = 0
    components_notes: int = 0
    corrections_kept: int = 0
    linked_to_agencies: int = 0
    texts_joined: int = 0
    dry_run: bool = False
    reform: reform.ReformReport = field(default_factory=reform.ReformReport)


# --- Reading files ----------------------------------------------------------------


def read_rows(path: Path) -> list[Any]:
    """The records of a JSON or CSV file; DomainError when the file is unusable."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise DomainError("file", f"File not found: {path}") from error
    except OSError as error:
        raise DomainError("file", f"Cannot read {path}: {error}") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError("encoding", f"{path} is not UTF-8 text: {error}") from error
    if path.suffix.lower() == ".csv":
        return _csv_rows(text, path)
    return json_rows(text, path)


def json_rows(text: str, path: Path | str) -> list[Any]:
    """The records of a JSON text read from `path` (a file or a URL)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DomainError("json", f"{path} is not valid JSON: {error}") from error
    if isinstance(data, dict) and isinstance(data.get("procedures"), list):
        data = data["procedures"]
    if not isinstance(data, list):
        raise DomainError(
            "layout",
            f"{path} must hold a JSON list of procedure records (or an object with "
            'a "procedures" list), as in ../shared/data/procedures.json.',
        )
    return data


def _csv_rows(text: str, path: Path) -> list[Any]:
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = {"code", "name", "field"} - set(header)
    if missing:
        columns = ", ".join(sorted(missing))
        raise DomainError(
            "layout",
            f"{path} is not in the procedure CSV layout: missing column(s) {columns}.",
        )
    return [_csv_record(row) for row in reader]


def _csv_record(row: dict[str, str | None]) -> Row:
    """A CSV row in the JSON shape; values that do not parse are left for the row
    checks to reject."""
    record: Row = {}
    for key, value in row.items():
        if key is None:
            continue
        value = (value or "").strip()
        record[key] = _csv_value(key, value)
    return record


def _csv_value(key: str, value: str) -> Any:
    if key in CSV_LIST_COLUMNS:
        return [part.strip() for part in value.split(";") if part.strip()]
    if value == "":
        return None
    if key in CSV_JSON_COLUMNS:
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return _Invalid(f"{key} is not valid JSON")
    if key in CSV_BOOL_COLUMNS:
        return {"true": True, "false": False}.get(value.lower(), _Invalid(key))
    if key in CSV_NUMBER_COLUMNS:
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return _Invalid(f"{key} is not a number")
    return value


@dataclass(frozen=True)
class _Invalid:
    """A CSV cell that could not be read; the row is rejected with this reason."""

    reason: str


def read_texts(path: Path) -> dict[tuple[str, str], Row]:
    """procedure_texts.json: steps, requirements and legal text by (code, catalog)."""
    rows = read_rows(path)
    texts = {}
    for row in rows:
        if isinstance(row, dict) and row.get("code"):
            texts[(str(row["code"]), str(row.get("catalog") or ""))] = row
    return texts


# --- Agencies ---------------------------------------------------------------------


class AgencyIndex:
    """Current agencies found by identifier, or by name inside published text.

    Published "Cơ quan thực hiện" texts name departments ("Sở Tư pháp - Tỉnh Lâm
    Đồng"); a department is linked when its name or short name appears in the text as
    whole words. People's committees are not matched by name: a commune-level
    procedure is carried out by every commune, which its level already says.
    """

    def __init__(self) -> None:
        agencies = list(Agency.objects.current())
        self.by_identifier = {a.identifier: a.pk for a in agencies if a.identifier}
        self.names: list[tuple[re.Pattern[str], int]] = []
        for agency in agencies:
            if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
                continue
            for name in {agency.name, agency.short_name} - {""}:
                phrase = normalize(name)
                if len(phrase) >= 6:
                    pattern = re.compile(
                        rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])"
                    )
                    self.names.append((pattern, agency.pk))

    def match(self, text: str) -> list[int]:
        normalized = normalize(text)
        if not normalized:
            return []
        return sorted({pk for pattern, pk in self.names if pattern.search(normalized)})


# --- Rows -------------------------------------------------------------------------


class RowError(ValueError):
    """A row cannot be imported; the message is its reason in the report."""


def row_data(record: Any, agencies: AgencyIndex) -> ProcedureData:
    """Check one record and turn it into ProcedureData; RowError when it is bad."""
    if not isinstance(record, dict):
        raise RowError("not an object")
    invalid = [value.reason for value in record.values() if isinstance(value, _Invalid)]
    if invalid:
        raise RowError("; ".join(invalid))
    code = _text(record, "code")
    if not code:
        raise RowError("the code is empty")
    if not CODE_RE.match(code):
        raise RowError(f"code {code[:MAX_CODE_IN_REPORT]!r} is not a procedure code")
    name = _text(record, "name")
    if not name:
        raise RowError("the name is empty")
    field_name = _text(record, "field")
    if not field_name:
        raise RowError("the field (lĩnh vực) is empty")
    if len(field_name) > 255:
        raise RowError("the field (lĩnh vực) is longer than 255 characters")
    try:
        return _data(record, code, name, field_name, agencies)
    except (ValueError, TypeError, KeyError) as error:
        raise RowError(str(error)) from error


def _data(
    record: Row, code: str, name: str, field_name: str, agencies: AgencyIndex
) -> ProcedureData:
    channels = _channels(record.get("channels"))
    components = _components(record.get("documents"))
    fees = _fees(record, channels)
    values: Row = {
        "base_code": (_text(record, "base_code") or ".".join(code.split(".")[:2]))[:20],
        "name": name,
        **_levels(record.get("levels")),
        **_time(record, channels),
        **_texts(record),
        "legal_documents": _string_list(record.get("legal_basis"), "legal_basis"),
        "fee_status": fees.status,
        **_explicit_flags(record),
    }
    level = _service_level(record)
    if level is not None:
        values |= {"service_level": level[0], "online_mode": level[1]}
    has_form = any(component["form_name"] for component in components)
    data = ProcedureData(
        code=code,
        field_name=" ".join(field_name.split()),
        values=values,
        defaults=_derived(level, channels, has_form),
        components=components,
        channels=channels,
        fee_items=fees.items,
        workflow=_checked_workflow(record.get("workflow"), values),
    )
    _agencies(record, data, agencies)
    return data


# Model field ← record key, with the field's length where it has one.
TEXT_COLUMNS = {
    "agency_text": ("agency", None),
    "competent_authority": ("competent_authority", None),
    "target": ("target", None),
    "result": ("result", None),
    "result_code": ("result_code", 40),
    "conditions": ("requirements", None),
    "legal_basis": ("legal_basis_text", None),
    "steps": ("steps", None),
    "fee_text": ("fees", None),
    "decision": ("decision", 120),
    "procedure_type": ("procedure_type", 120),
    "source_url": ("url", 500),
    "catalog": ("catalog", 40),
    "source": ("source", 300),
}


def _texts(record: Row) -> Row:
    return {
        column: _text(record, key)[:length]
        for column, (key, length) in TEXT_COLUMNS.items()
    }


def _checked_workflow(value: Any, values: Row) -> list[Row] | None:
    """The workflow steps of a record, which must fit its legal time."""
    workflow = _workflow(value)
    if workflow:
        error = budget_error(
            processing_time=values["processing_time"],
            unit=values["processing_time_unit"],
            step_hours=[step["hours"] for step in workflow],
        )
        if error:
            raise RowError(f"workflow: {error}")
    return workflow


def _text(record: Row, key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise RowError(f"{key} must be text")
    return str(value).strip()


def _string_list(value: Any, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RowError(f"{key} must be a list of texts")
    return [v.strip() for v in value if v.strip()]


def _levels(value: Any) -> Row:
    levels = parsing.parse_levels(value)
    return {column: level in levels for level, column in LEVEL_COLUMNS.items()}


def _channels(value: Any) -> list[Row]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RowError("channels must be a list")
    options = []
    for position, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            raise RowError(f"channels[{position - 1}] is not an object")
        time_text = _text(entry, "time")
        amount, unit = (
            _explicit_time(entry)
            or parsing.parse_time(time_text)
            or (
                None,
                TimeUnit.UNSPECIFIED,
            )
        )
        options.append(
            {
                "position": position,
                "channel": parsing.parse_channel(entry.get("channel")),
                "processing_time": amount,
                "processing_time_unit": str(unit),
                "processing_time_text": time_text,
                "fee_text": _text(entry, "fee"),
            }
        )
    return options


def _components(value: Any) -> list[Row]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RowError("documents must be a list")
    rows = [_component(entry, index) for index, entry in enumerate(value)]
    _papers_of_situations(rows, value)
    return rows


def _papers_of_situations(rows: list[Row], entries: list[Any]) -> None:
    """When the papers are grouped under two or more situations (a case each),
    an applicant brings only those of their situation: a paper read as required
    becomes conditional on its heading (unless the record states its kind)."""
    situations = {
        parsing.situation_of(row["case"]) for row in rows if not row["is_note"]
    } - {""}
    if len(situations) < 2:
        return
    for row, entry in zip(rows, entries, strict=True):
        situation = parsing.situation_of(row["case"])
        if row["is_mandatory"] and situation and "mandatory" not in entry:
            row["is_mandatory"] = False
            row["condition"] = situation[: parsing.MAX_CONDITION]


def _component(entry: Any, index: int) -> Row:
    if not isinstance(entry, dict):
        raise RowError(f"documents[{index}] is not an object")
    name = _text(entry, "name")
    if not name:
        raise RowError(f"documents[{index}] has no name")
    originals = _count(entry, "original", index)
    copies = _count(entry, "copy", index)
    case = _text(entry, "case")[:255]
    return {
        "position": index + 1,
        "case": case,
        "name": name,
        "originals": originals,
        "copies": copies,
        **_classification(
            entry, parsing.classify_component(name, originals, copies, case)
        ),
        "form_name": _text(entry, "form")[:255],
    }


def _classification(entry: Row, read: parsing.ComponentKind) -> Row:
    """The kind the record states (an export), else the one read from the text.
    A paper stated mandatory (an export made before notes were read) is no note."""
    mandatory = entry.get("mandatory", read.is_mandatory)
    note = entry.get("note", read.is_note and mandatory is not True)
    if not isinstance(note, bool) or not isinstance(mandatory, bool):
        raise RowError("documents: mandatory and note must be true or false")
    if note and mandatory:
        raise RowError("documents: a note cannot be mandatory")
    condition = entry.get("condition", read.condition)
    return {
        "is_mandatory": mandatory,
        "is_note": note,
        "condition": _text({"condition": condition}, "condition")[:255],
        "is_corrected": entry.get("corrected") is True,
    }


def _count(entry: Row, key: str, index: int) -> int | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 32768:
        raise RowError(f"documents[{index}].{key} must be a whole number ≥ 0")
    return value


def _explicit_time(entry: Row) -> tuple[int | None, str] | None:
    """processing_time_amount and processing_time_unit, as the export writes them."""
    unit = entry.get("processing_time_unit")
    if unit is None:
        return None
    if unit not in TimeUnit.values:
        raise RowError(f"unknown processing_time_unit {unit!r}")
    amount = entry.get("processing_time_amount")
    if amount is not None and (
        not isinstance(amount, int) or isinstance(amount, bool) or amount < 0
    ):
        raise RowError("processing_time_amount must be a whole number ≥ 0")
    return amount, str(unit)


def _time(record: Row, channels: list[Row]) -> Row:
    """The headline processing time: explicit keys, else the text, else the source's
    own reading, else the first channel's."""
    text = _text(record, "processing_time")
    parsed = (
        _explicit_time(record)
        or parsing.parse_time(text)
        or parsing.time_from_kind(
            record.get("processing_days"), record.get("processing_days_kind")
        )
    )
    if parsed is None and channels and channels[0]["processing_time_text"]:
        first = channels[0]
        parsed = (first["processing_time"], first["processing_time_unit"])
        text = text or first["processing_time_text"]
    amount, unit = parsed or (None, TimeUnit.UNSPECIFIED)
    return {
        "processing_time": amount,
        "processing_time_unit": str(unit),
        "processing_time_text": text,
    }


def _fees(record: Row, channels: list[Row]) -> parsing.ParsedFees:
    explicit = record.get("fee_items")
    if explicit is not None:
        return parsing.ParsedFees(_fee_status(record), _fee_items(explicit))
    return parsing.parse_fees(
        per_channel=[(c["channel"], c["fee_text"]) for c in channels],
        overall=_text(record, "fees"),
        fee_free=record.get("fee_free"),
    )


def _fee_status(record: Row) -> str:
    status = record.get("fee_status") or FeeStatus.UNSPECIFIED
    if status not in FeeStatus.values:
        raise RowError(f"unknown fee_status {status!r}")
    return str(status)


def _fee_items(value: Any) -> list[Row]:
    if not isinstance(value, list):
        raise RowError("fee_items must be a list")
    items = []
    for position, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            raise RowError(f"fee_items[{position - 1}] is not an object")
        amount = entry.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise RowError(f"fee_items[{position - 1}].amount must be whole đồng ≥ 0")
        kind = entry.get("kind") or FeeKind.CHARGE
        channel = entry.get("channel") or ""
        if kind not in FeeKind.values:
            raise RowError(f"fee_items[{position - 1}]: unknown kind {kind!r}")
        items.append(
            {
                "position": position,
                "kind": kind,
                "name": _text(entry, "name")[:500] or str(FeeKind(kind).label),
                "amount": amount,
                "unit": _text(entry, "unit")[:120],
                "channel": parsing.parse_channel(channel) if channel else "",
                "exemptions": _text(entry, "exemptions"),
            }
        )
    return items


def _service_level(record: Row) -> tuple[int, str] | None:
    """(level, online mode) when the record states them, else None (derived later)."""
    explicit = record.get("service_level")
    if explicit is not None:
        if explicit not in ServiceLevel.values:
            raise RowError(f"service_level {explicit!r} is not 1–4")
        mode = record.get("online_mode") or parsing.online_mode_for(explicit)
        if mode not in OnlineMode.values:
            raise RowError(f"unknown online_mode {mode!r}")
        if mode != parsing.online_mode_for(explicit):
            raise RowError(
                f"online_mode {mode!r} does not match service_level {explicit}"
            )
        return int(explicit), str(mode)
    level = parsing.parse_online_level(record.get("online_level"))
    return (level, parsing.online_mode_for(level)) if level else None


def _derived(level: tuple[int, str] | None, channels: list[Row], has_form: bool) -> Row:
    """Values for a new procedure that the record does not state."""
    online = any(c["channel"] == "online" for c in channels)
    service_level = (
        level[0]
        if level
        else parsing.derive_service_level(online_channel=online, has_form=has_form)
    )
    return {
        "service_level": service_level,
        "online_mode": parsing.online_mode_for(service_level),
        # Level 4 includes online payment; the postal channel returns results too.
        "online_payment": service_level == ServiceLevel.ONLINE_FULL,
        "result_by_post": any(c["channel"] == "post" for c in channels),
    }


def _explicit_flags(record: Row) -> Row:
    values: Row = {}
    for key in ("online_payment", "result_by_post", "is_published"):
        if record.get(key) is not None:
            if not isinstance(record[key], bool):
                raise RowError(f"{key} must be true or false")
            values[key] = record[key]
    for key in ("effective_from", "effective_until"):
        if key in record:
            values[key] = _date(record[key], key)
    start, end = values.get("effective_from"), values.get("effective_until")
    if start and end and start > end:
        raise RowError("effective_from is after effective_until")
    return values


def _date(value: Any, key: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise RowError(f"{key} {value!r} is not a date (YYYY-MM-DD)") from error


def _workflow(value: Any) -> list[Row] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise RowError("workflow must be a list")
    steps = []
    for index, entry in enumerate(value):
        position = index + 1
        hours = entry.get("hours") if isinstance(entry, dict) else None
        if not isinstance(hours, int) or isinstance(hours, bool) or hours < 0:
            raise RowError(f"workflow[{index}] needs a name, role and hours ≥ 0")
        role = entry.get("role")
        if role not in Role.values:
            raise RowError(f"workflow[{index}]: unknown role {role!r}")
        steps.append(
            {
                "position": position,
                "name": _text(entry, "name")[:255],
                "role": _text(entry, "role"),
                "hours": entry["hours"],
                "description": _text(entry, "description"),
            }
        )
    return steps


def _agencies(record: Row, data: ProcedureData, agencies: AgencyIndex) -> None:
    identifiers = record.get("agency_identifiers")
    if identifiers is not None:
        wanted = _string_list(identifiers, "agency_identifiers")
        unknown = [i for i in wanted if i not in agencies.by_identifier]
        if unknown:
            listed = ", ".join(unknown)
            raise RowError(f"unknown agency identifier(s): {listed}")
        data.agency_ids = sorted(agencies.by_identifier[i] for i in wanted)
    else:
        data.extra_agency_ids = agencies.match(data.values["agency_text"])


# --- The import -------------------------------------------------------------------


def procedures_import(
    *,
    records: list[Any],
    texts: dict[tuple[str, str], Row] | None = None,
    dry_run: bool = False,
    strict: bool = False,
) -> ImportReport:
    """Upsert the records in one transaction (see the module docstring).

    With `strict`, any rejected row rolls the whole import back.
    """
    report = ImportReport(rows=len(records), dry_run=dry_run)
    with transaction.atomic():
        items = _valid_items(records, texts or {}, report)
        _apply(items, report)
        if dry_run or (strict and report.rejected):
            transaction.set_rollback(True)
        else:
            source_changed(CATALOGUE)  # bulk writes send no signal
    return report


def _valid_items(
    records: list[Any], texts: dict[tuple[str, str], Row], report: ImportReport
) -> list[ProcedureData]:
    agencies = AgencyIndex()
    seen: dict[str, int] = {}
    items = []
    records = [
        _with_texts(record, texts, report) if isinstance(record, dict) else record
        for record in records
    ]
    records = reform.apply(records, report.reform)
    for number, record in enumerate(records, start=1):
        try:
            data = row_data(record, agencies)
        except RowError as error:
            code = _code_of(record)
            report.rejected.append(f"row {number}{code}: {error}")
            continue
        if data.code in seen:
            report.rejected.append(
                f"row {number} ({data.code}): duplicate code, already in row "
                f"{seen[data.code]}"
            )
            continue
        seen[data.code] = number
        items.append(data)
    return items


def _with_texts(
    record: Row, texts: dict[tuple[str, str], Row], report: ImportReport
) -> Row:
    extra = texts.get((str(record.get("code")), str(record.get("catalog") or "")))
    if not extra:
        return record
    report.texts_joined += 1
    return {**record, **{key: extra.get(key) for key in TEXT_KEYS if extra.get(key)}}


def _code_of(record: Any) -> str:
    code = record.get("code") if isinstance(record, dict) else None
    if not code:
        return ""
    shown = str(code)[:MAX_CODE_IN_REPORT]
    return f" ({shown})"


def _apply(items: list[ProcedureData], report: ImportReport) -> None:
    fields = _fields(items, report)
    codes = [data.code for data in items]
    existing = {procedure.code: procedure for procedure in _locked(codes)}
    new = [data for data in items if data.code not in existing]
    services.procedures_bulk_create(items=new, fields=fields)
    report.created = len(new)
    report.created_codes = [data.code for data in new]
    for data in items:
        procedure = existing.get(data.code)
        if procedure is None:
            continue
        _apply_one(procedure, data, fields, report)
    report.linked_to_agencies = sum(
        1 for data in items if data.agency_ids or data.extra_agency_ids
    )
    _count_components(items, report)
    _link_replacements(items, report)


def _link_replacements(items: list[ProcedureData], report: ImportReport) -> None:
    """Mark each national record replaced by its provincial copy (both imported)."""
    imported = {data.code for data in items}
    pairs = {
        national: provincial
        for national, provincial in report.reform.replaced.items()
        if national in imported and provincial in imported
    }
    report.reform.replaced = pairs
    pks = dict(
        Procedure.objects.filter(code__in=[*pairs, *pairs.values()]).values_list(
            "code", "pk"
        )
    )
    for national, provincial in pairs.items():
        Procedure.objects.filter(code=national).exclude(
            replaced_by_id=pks[provincial]
        ).update(replaced_by_id=pks[provincial])


def _keep_corrections(stored: list[Row], data: ProcedureData) -> int:
    """An administrator's classification of a paper wins over the text's reading:
    the same-named paper of the row takes the corrected kind and condition."""
    corrected = {row["name"]: row for row in stored if row["is_corrected"]}
    kept = 0
    for row in data.components or []:
        correction = corrected.pop(row["name"], None)
        if correction is not None:
            row.update({key: correction[key] for key in CLASSIFICATION_KEYS})
            kept += 1
    return kept


def _count_components(items: list[ProcedureData], report: ImportReport) -> None:
    for data in items:
        for row in data.components or []:
            if row["is_note"]:
                report.components_notes += 1
            elif row["is_mandatory"]:
                report.components_required += 1
            else:
                report.components_conditional += 1


def _locked(codes: list[str]) -> Iterable[Procedure]:
    """The existing procedures of the file, locked until the import commits."""
    found: list[Procedure] = []
    for start in range(0, len(codes), 1000):
        chunk = codes[start : start + 1000]
        locked = Procedure.objects.select_for_update().filter(code__in=chunk)
        pks = list(locked.values_list("pk", flat=True))
        found += selectors.procedures_for_snapshot().filter(pk__in=pks)
    return found


def _fields(items: list[ProcedureData], report: ImportReport) -> dict[str, Field]:
    """Fields by name; a name spelt differently ("Thi đua - khen thưởng", "Thi
    đua, khen thưởng") is the existing field, and the row takes its name."""
    fields = {field.name: field for field in Field.objects.all()}
    by_key = {services.field_key(name): field for name, field in fields.items()}
    for data in items:
        field = by_key.get(services.field_key(data.field_name))
        if field is None:
            field = services.field_get_or_create(name=data.field_name)
            by_key[services.field_key(field.name)] = field
            report.fields_created += 1
        fields[field.name] = field
        data.field_name = field.name
    return fields


def _apply_one(
    procedure: Procedure,
    data: ProcedureData,
    fields: dict[str, Field],
    report: ImportReport,
) -> None:
    snapshot = selectors.procedure_snapshot(procedure)
    report.corrections_kept += _keep_corrections(snapshot["components"], data)
    changes = services.procedure_changes(procedure, snapshot, data)
    if not changes:
        # A newer search normalization refreshes the derived columns, nothing else.
        services.procedure_refresh_search(procedure=procedure)
        report.unchanged += 1
        return
    try:
        services.procedure_update(
            procedure=procedure, changes=changes, field=fields[data.field_name]
        )
    except ProtectedError as error:
        # procedure_update ran in its own savepoint: this row is left as it was.
        used = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:3])
        report.rejected.append(
            f"{data.code}: a component it would remove is used by dossiers "
            f"({used}); keep that paper or edit it in the admin"
        )
        return
    report.updated += 1
    report.changed[data.code] = sorted(changes)
