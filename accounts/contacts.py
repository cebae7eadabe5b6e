"""Import of agencies' contacts (address, phone, opening hours, e-mail, website) from a
CSV file the province keeps, keyed by the agency's identifier (mã định danh) or its
administrative-unit code. The GSO files of `import_units` carry no contacts.

Only the columns present are read, and an empty cell leaves the field as it is, so a
file with phones alone never wipes addresses. A row naming no current agency, or with
a value the field refuses (an e-mail that is not one), is rejected with its reason;
the other rows are saved. Saving an agency makes the cached public pages that show it
stale (procedures.apps).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Field

from accounts.models import Agency

CONTACT_COLUMNS = ("address", "phone", "opening_hours", "email", "website")
KEY_COLUMNS = ("identifier", "admin_unit_code")


@dataclass
class ContactsReport:
    updated: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)


def read_contacts(text: str) -> list[dict[str, str]]:
    """The rows of a contacts CSV; ValueError when it has no key or contact column."""
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or [])
    if not columns & set(KEY_COLUMNS) or not columns & set(CONTACT_COLUMNS):
        raise ValueError(
            "The file needs an identifier or admin_unit_code column and at least "
            "one of " + ", ".join(CONTACT_COLUMNS) + "."
        )
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


@transaction.atomic
def agency_contacts_import(rows: list[dict[str, str]]) -> ContactsReport:
    report = ContactsReport()
    for line, row in enumerate(rows, start=2):  # line 1 holds the column names
        try:
            changed = _apply(row)
        except (Agency.DoesNotExist, ValidationError) as error:
            reason = "; ".join(getattr(error, "messages", [str(error)]))
            report.rejected.append(f"line {line}: {reason}")
            continue
        if changed:
            report.updated += 1
        else:
            report.unchanged += 1
    return report


def _apply(row: dict[str, str]) -> bool:
    agency = _agency(row)
    changed = []
    for name in CONTACT_COLUMNS:
        value = row.get(name, "")
        if not value or getattr(agency, name) == value:
            continue
        model_field = Agency._meta.get_field(name)
        if not isinstance(model_field, Field):  # CONTACT_COLUMNS are plain columns
            raise TypeError(name)
        setattr(agency, name, model_field.clean(value, agency))
        changed.append(name)
    if changed:
        agency.save(update_fields=changed)
    return bool(changed)


def _agency(row: dict[str, str]) -> Agency:
    current = Agency.objects.current()
    if row.get("identifier"):
        found = current.filter(identifier=row["identifier"]).first()
    elif row.get("admin_unit_code"):
        found = current.filter(admin_unit_code=row["admin_unit_code"]).first()
    else:
        raise Agency.DoesNotExist("no identifier or admin_unit_code")
    if found is None:
        key = row.get("identifier") or row.get("admin_unit_code")
        raise Agency.DoesNotExist(f"no current agency {key}")
    return found
