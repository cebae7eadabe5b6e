"""Import of administrative units (as local-government agencies) from the GSO layouts.

Two layouts are read (see docs/import-units.md):
- the 3-tier layout (before 1 July 2025): province → `level2s` districts → `level3s`
  communes; its units are imported as historical (valid until 30 June 2025);
- the 2-tier layout (from 1 July 2025): province → `level2s` communes, each with the
  old units it absorbed in `merges`; its units are current.

One import runs in one transaction. Malformed rows are rejected with their reason and
the rest is imported; an error in the file's structure aborts the whole import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import (
    TWO_TIER_REFORM_DATE,
    AdministrativeLevel,
    Agency,
    AgencyKind,
    AgencySuccession,
)
from accounts.validators import validate_agency_identifier
from core.exceptions import DomainError

LAST_THREE_TIER_DAY = TWO_TIER_REFORM_DATE - timedelta(days=1)
CODE_LENGTHS = {
    AdministrativeLevel.PROVINCE: 2,
    AdministrativeLevel.DISTRICT: 3,
    AdministrativeLevel.COMMUNE: 5,
}
SYNCED_FIELDS = ("name", "unit_type", "level", "kind", "parent_id", "valid_from")


@dataclass
class UnitImportReport:
    layout: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merges_linked: int = 0
    merges_unresolved: int = 0
    identifiers_set: int = 0
    # Units of the file with no identifier: they cannot issue dossier codes.
    without_identifier: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    unit_type: str
    level: str
    identifier: str = ""


def units_import(
    *,
    data: Any,
    province_code: str,
    dry_run: bool = False,
    identifiers: dict[str, str] | None = None,
) -> UnitImportReport:
    """Upsert the units of one province from a parsed JSON document.

    Agency identifiers (mã định danh, Decision 20/2020) come from an `identifier`
    key of a unit, or from `identifiers` (administrative-unit code → identifier,
    the list a province publishes); the GSO files carry none.
    """
    province = _find_province(data, province_code)
    report = UnitImportReport()
    run = _Run(report, identifiers or {})
    with transaction.atomic():
        if "merges" in province or _is_two_tier(province):
            report.layout = "2-tier (from 2025-07-01)"
            _import_two_tier(province, run)
        else:
            report.layout = "3-tier (before 2025-07-01)"
            _import_three_tier(province, run)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _find_province(data: Any, province_code: str) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise DomainError(
            "layout", 'The file must be a JSON object with a "data" list of provinces.'
        )
    for province in data["data"]:
        if isinstance(province, dict) and province.get("level1_id") == province_code:
            return province
    known = sorted(str(p.get("level1_id")) for p in data["data"] if isinstance(p, dict))
    raise DomainError(
        "province",
        f"Province {province_code} is not in the file; it has: {', '.join(known)}.",
    )


def _is_two_tier(province: dict[str, Any]) -> bool:
    children = [
        child for child in _children(province, "level2s") if isinstance(child, dict)
    ]
    return bool(children) and all("level3s" not in child for child in children)


@dataclass(frozen=True)
class _Run:
    report: UnitImportReport
    identifiers: dict[str, str]


def _import_three_tier(province: dict[str, Any], run: _Run) -> None:
    top = _upsert(_row(province, "level1_id", "province"), None, run, True)
    if top is None:
        return
    for index, district in enumerate(_children(province, "level2s")):
        where = f"level2s[{index}]"
        parent = _upsert(_row(district, "level2_id", "district", where), top, run, True)
        if parent is None:
            continue
        for position, commune in enumerate(_children(district, "level3s")):
            row = _row(commune, "level3_id", "commune", f"{where}.level3s[{position}]")
            _upsert(row, parent, run, True)


def _import_two_tier(province: dict[str, Any], run: _Run) -> None:
    top = _upsert(_row(province, "level1_id", "province"), None, run, False)
    if top is None:
        return
    _link_merges(top, province.get("merges"), run.report)
    for index, commune in enumerate(_children(province, "level2s")):
        row = _row(commune, "level2_id", "commune", f"level2s[{index}]")
        agency = _upsert(row, top, run, False)
        if agency is not None:
            _link_merges(agency, commune.get("merges"), run.report)


def _children(node: dict[str, Any], key: str) -> list[Any]:
    children = node.get(key, [])
    if not isinstance(children, list):
        raise DomainError("layout", f'"{key}" must be a list.')
    return children


def _row(
    node: Any, code_key: str, level: str, where: str = "province"
) -> UnitRow | str:
    """A validated row, or the reason it is rejected."""
    if not isinstance(node, dict):
        return f"{where}: not an object"
    code = str(node.get(code_key) or "").strip()
    name = str(node.get("name") or "").strip()
    length = CODE_LENGTHS[AdministrativeLevel(level)]
    if not re.fullmatch(rf"\d{{{length}}}", code):
        return f"{where}: {code_key} {code!r} is not a {length}-digit code"
    if not name:
        return f"{where} ({code}): the name is empty"
    unit_type = str(node.get("type") or "").strip() or name.split(" ")[0]
    identifier = str(node.get("identifier") or "").strip()
    return UnitRow(code, name, unit_type[:32], level, identifier)


def _upsert(
    row: UnitRow | str, parent: Agency | None, run: _Run, historical: bool
) -> Agency | None:
    if isinstance(row, str):
        run.report.rejected.append(row)
        return None
    agency = _upsert_unit(row, parent, run.report, historical)
    identifier = run.identifiers.get(row.code) or row.identifier
    if identifier and identifier != agency.identifier:
        _set_identifier(agency, identifier, run)
    if not agency.identifier and not historical:
        run.report.without_identifier.append(row.code)
    return agency


def _set_identifier(agency: Agency, identifier: str, run: _Run) -> None:
    """Give a unit the identifier stated for it (a unit without one keeps its own)."""
    try:
        validate_agency_identifier(identifier)
    except ValidationError:
        run.report.rejected.append(
            f"{agency.admin_unit_code}: identifier {identifier!r} is not of the form "
            "000.00.00.H36"
        )
        return
    holder = Agency.objects.filter(identifier=identifier).exclude(pk=agency.pk)
    if holder.exists():
        run.report.rejected.append(
            f"{agency.admin_unit_code}: identifier {identifier} belongs to "
            f"{holder.get().name}"
        )
        return
    agency.identifier = identifier
    agency.save(update_fields=["identifier"])
    run.report.identifiers_set += 1


def _upsert_unit(
    row: UnitRow, parent: Agency | None, report: UnitImportReport, historical: bool
) -> Agency:
    values = {
        "name": f"Ủy ban nhân dân {row.name[0].lower()}{row.name[1:]}",
        "unit_type": row.unit_type,
        "level": row.level,
        "kind": AgencyKind.PEOPLES_COMMITTEE,
        "parent_id": parent.pk if parent else None,
        "valid_from": None if historical else TWO_TIER_REFORM_DATE,
    }
    valid_until = LAST_THREE_TIER_DAY if historical else None
    agency = Agency.objects.filter(
        admin_unit_code=row.code, valid_until=valid_until
    ).first()
    if agency is None:
        report.created += 1
        return Agency.objects.create(
            admin_unit_code=row.code, valid_until=valid_until, **values
        )
    changed = [name for name in SYNCED_FIELDS if getattr(agency, name) != values[name]]
    if not changed:
        report.unchanged += 1
        return agency
    for name in changed:
        setattr(agency, name, values[name])
    agency.save(update_fields=changed)
    report.updated += 1
    return agency


def _link_merges(agency: Agency, merges: Any, report: UnitImportReport) -> None:
    """Link a new unit to the historical units it absorbed, where those are loaded."""
    for merge in merges or []:
        if not isinstance(merge, dict):
            continue
        old = Agency.objects.filter(
            admin_unit_code=str(merge.get("old_id", "")),
            valid_until=LAST_THREE_TIER_DAY,
        ).first()
        if old is None:
            report.merges_unresolved += 1
            continue
        merge_type = "partial" if merge.get("type") == "partial" else "full"
        AgencySuccession.objects.update_or_create(
            successor=agency, predecessor=old, defaults={"merge_type": merge_type}
        )
        report.merges_linked += 1
