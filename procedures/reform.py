"""Record-level rules applied before a catalogue import: one public entry per
procedure, and the district level (cấp huyện) retired on 1 July 2025.

The real data holds the national master record of a procedure (`1.001193`, crawled
in 2026, after the reform) next to its provincial copy (`1.001193.000.00.00.H36`,
crawled in March 2025). The provincial copy is what the province publishes, so it
wins: the national record fills only what the copy leaves empty and is then marked
replaced by it (kept for history and found by its code). A provincial procedure done
only at the district level is re-assigned to the level at which the national record,
published after the reform, places it (commune or province); without such a record
it is not applicable any more and ends on 30 June 2025.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from accounts.models import TWO_TIER_REFORM_DATE
from procedures import parsing
from procedures.models import ProcedureLevel
from procedures.search import normalize

LAST_DISTRICT_DAY = TWO_TIER_REFORM_DATE - timedelta(days=1)
# Keys of a provincial record that the national record fills when they are empty.
FILLED_FROM_NATIONAL = (
    "documents",
    "channels",
    "processing_time",
    "processing_days",
    "processing_days_kind",
    "fees",
    "legal_basis",
    "target",
    "result",
    "result_code",
    "agency",
    "competent_authority",
    "decision",
    "procedure_type",
    "steps",
    "requirements",
    "legal_basis_text",
)
LEVEL_LABELS = {
    ProcedureLevel.COMMUNE: "Cấp xã",
    ProcedureLevel.PROVINCE: "Cấp tỉnh",
}


@dataclass
class ReformReport:
    replaced: dict[str, str] = field(default_factory=dict)  # national → provincial
    to_commune: list[str] = field(default_factory=list)
    to_province: list[str] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)


Row = dict[str, Any]


def apply(records: list[Any], report: ReformReport) -> list[Any]:
    """The records with provincial copies completed and district levels retired."""
    national = _national_records(records)
    by_name = _renumbered_masters(records, national)
    result = []
    for record in records:
        master = None
        if isinstance(record, dict) and _is_provincial_copy(record, national):
            master = national[_base(record)]
        elif isinstance(record, dict) and _name(record) in by_name:
            master = by_name[_name(record)]
        if master is not None:
            record = _retire_district(
                _completed(record, master), _levels(master), report
            )
            if "effective_until" not in record:
                report.replaced[str(master["code"])] = str(record["code"])
        elif isinstance(record, dict):
            record = _retire_district(record, set(), report)
        result.append(record)
    return result


def _base(record: Row) -> str:
    code = str(record.get("code") or "")
    return str(record.get("base_code") or ".".join(code.split(".")[:2]))


def _national_records(records: list[Any]) -> dict[str, Row]:
    """National master records (code = base code) by code."""
    return {
        str(record["code"]): record
        for record in records
        if isinstance(record, dict)
        and record.get("code")
        and str(record["code"]) == _base(record)
    }


def _name(record: Row) -> str:
    return normalize(str(record.get("name") or ""))


def _renumbered_masters(records: list[Any], national: dict[str, Row]) -> dict[str, Row]:
    """National records by name, for provincial records whose procedure the national
    database has since re-issued under a new code (2.000488 → 3.000333): a name
    shared by exactly one national record that has no provincial copy of its own."""
    copied = {
        _base(record)
        for record in records
        if isinstance(record, dict) and _is_provincial_copy(record, national)
    }
    names: dict[str, list[Row]] = {}
    for record in national.values():
        names.setdefault(_name(record), []).append(record)
    masters = {
        name: found[0]
        for name, found in names.items()
        if name and len(found) == 1 and str(found[0]["code"]) not in copied
    }
    orphans = Counter(
        _name(record)
        for record in records
        if isinstance(record, dict)
        and str(record.get("code") or "") != _base(record)
        and _base(record) not in national
    )
    # One provincial record per name, or the match is ambiguous.
    return {
        name: masters[name]
        for name in orphans
        if name in masters and orphans[name] == 1
    }


def _is_provincial_copy(record: Row, national: dict[str, Row]) -> bool:
    code = str(record.get("code") or "")
    return code != _base(record) and _base(record) in national


def _completed(record: Row, master: Row) -> Row:
    missing = {
        key: master[key]
        for key in FILLED_FROM_NATIONAL
        if _empty(record.get(key)) and not _empty(master.get(key))
    }
    if "fees" in missing:
        # fee_free is null whenever a fee is charged: it goes with the fee text.
        missing["fee_free"] = master.get("fee_free")
    return {**record, **missing}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _levels(record: Row) -> set[str]:
    try:
        return parsing.parse_levels(record.get("levels"))
    except ValueError:
        return set()


def _retire_district(record: Row, after_reform: set[str], report: ReformReport) -> Row:
    levels = _levels(record)
    if levels != {ProcedureLevel.DISTRICT} or "effective_until" in record:
        return record
    code = str(record["code"])
    for level, codes in (
        (ProcedureLevel.COMMUNE, report.to_commune),
        (ProcedureLevel.PROVINCE, report.to_province),
    ):
        if level in after_reform:
            codes.append(code)
            return {**record, "levels": [*record["levels"], LEVEL_LABELS[level]]}
    report.not_applicable.append(code)
    return {**record, "effective_until": LAST_DISTRICT_DAY.isoformat()}
