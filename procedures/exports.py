"""Export of the catalogue in the import layout (docs/procedures.md).

The source keys come first, then the keys only this portal writes (service_level,
fee_items, workflow, agency_identifiers…), so that importing an export reproduces
the catalogue: the import reports every row unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from procedures import selectors
from procedures.imports import CSV_JSON_COLUMNS, CSV_LIST_COLUMNS
from procedures.models import (
    Channel,
    Procedure,
    ProcedureLevel,
    ServiceLevel,
    TimeUnit,
)
from procedures.services import Row

ONLINE_LEVEL_LABELS = {
    ServiceLevel.ONLINE_FULL: "Toàn trình",
    ServiceLevel.ONLINE_PARTIAL: "Một phần",
    ServiceLevel.FORMS: "Còn lại",
    ServiceLevel.INFORMATION: "Mức độ 1",
}
CHANNEL_LABELS = {
    Channel.COUNTER: "Trực tiếp",
    Channel.ONLINE: "Trực tuyến",
    Channel.POST: "Dịch vụ bưu chính",
}
SOURCE_KINDS = {
    TimeUnit.WORKING_DAYS: "working_days",
    TimeUnit.DAYS: "days",
    TimeUnit.HOURS: "hours",
    TimeUnit.SAME_DAY: "same_day",
    TimeUnit.UNSPECIFIED: "unspecified_unit",
}


def procedures_export(procedures: Iterable[Procedure] | None = None) -> list[Row]:
    """Records of the given procedures (all of them by default), in code order."""
    if procedures is None:
        procedures = selectors.procedures_for_snapshot().order_by("code")
    return [procedure_record(selectors.procedure_snapshot(p)) for p in procedures]


def procedure_record(snapshot: Row) -> Row:
    unit = snapshot["processing_time_unit"]
    amount = snapshot["processing_time"]
    channels = snapshot["channels"]
    return {
        "code": snapshot["code"],
        "base_code": snapshot["base_code"],
        "name": snapshot["name"],
        "field": snapshot["field"],
        "levels": [
            str(ProcedureLevel(level).label)
            for level in ProcedureLevel.values
            if snapshot[f"level_{level}"]
        ],
        "online_level": ONLINE_LEVEL_LABELS[snapshot["service_level"]],
        "agency": snapshot["agency_text"] or None,
        "competent_authority": snapshot["competent_authority"] or None,
        "processing_days": _source_days(amount, unit),
        "processing_days_kind": SOURCE_KINDS.get(unit),
        "processing_time": snapshot["processing_time_text"] or None,
        "fees": snapshot["fee_text"] or None,
        "fee_free": True if snapshot["fee_status"] == "free" else None,
        "submission_channels": list(
            dict.fromkeys(CHANNEL_LABELS[c["channel"]] for c in channels)
        ),
        "channels": [_channel(c) for c in channels],
        "documents": [_document(c) for c in snapshot["components"]],
        "legal_basis": snapshot["legal_documents"],
        "target": snapshot["target"] or None,
        "result": snapshot["result"] or None,
        "result_code": snapshot["result_code"] or None,
        "decision": snapshot["decision"] or None,
        "procedure_type": snapshot["procedure_type"] or None,
        "url": snapshot["source_url"] or None,
        "catalog": snapshot["catalog"] or None,
        "source": snapshot["source"] or None,
        "steps": snapshot["steps"] or None,
        "requirements": snapshot["conditions"] or None,
        "legal_basis_text": snapshot["legal_basis"] or None,
        **_portal_keys(snapshot),
    }


def _portal_keys(snapshot: Row) -> Row:
    keys: Row = {
        "service_level": snapshot["service_level"],
        "online_mode": snapshot["online_mode"],
        "processing_time_amount": snapshot["processing_time"],
        "processing_time_unit": snapshot["processing_time_unit"],
        "fee_status": snapshot["fee_status"],
        "fee_items": [_without_position(item) for item in snapshot["fee_items"]],
        "workflow": [_without_position(step) for step in snapshot["workflow"]],
        "online_payment": snapshot["online_payment"],
        "result_by_post": snapshot["result_by_post"],
        "is_published": snapshot["is_published"],
        "effective_from": _iso(snapshot["effective_from"]),
        "effective_until": _iso(snapshot["effective_until"]),
    }
    # Agencies without an identifier cannot be named in the file; leaving the key
    # out makes the import keep the links it has instead of dropping those.
    if len(snapshot["agency_identifiers"]) == len(snapshot["agency_ids"]):
        keys["agency_identifiers"] = sorted(snapshot["agency_identifiers"])
    return keys


def _source_days(amount: int | None, unit: str) -> float | int | None:
    if amount is None or unit not in SOURCE_KINDS:
        return None
    return round(amount / 8, 3) if unit == TimeUnit.HOURS else amount


def _channel(option: Row) -> Row:
    return {
        "channel": CHANNEL_LABELS[option["channel"]],
        "time": option["processing_time_text"],
        "fee": option["fee_text"] or None,
        "processing_time_amount": option["processing_time"],
        "processing_time_unit": option["processing_time_unit"],
    }


def _document(component: Row) -> Row:
    document: Row = {
        "name": component["name"],
        "original": component["originals"],
        "copy": component["copies"],
        "mandatory": component["is_mandatory"],
        "note": component["is_note"],
        "condition": component["condition"],
        "corrected": component["is_corrected"],
    }
    if component["case"]:
        document["case"] = component["case"]
    if component["form_name"]:
        document["form"] = component["form_name"]
    return document


def _without_position(row: Row) -> Row:
    return {key: value for key, value in row.items() if key != "position"}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_json(records: list[Row]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def to_csv(records: list[Row]) -> str:
    """One row per record; lists joined with "; ", nested values as JSON."""
    out = io.StringIO()
    columns = list(records[0]) if records else ["code", "name", "field"]
    if records:
        columns += [key for r in records for key in r if key not in columns]
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(key, record.get(key)) for key in columns})
    return out.getvalue()


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key in CSV_LIST_COLUMNS:
        return "; ".join(str(v) for v in value)
    if key in CSV_JSON_COLUMNS:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
