"""The reconciliation as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from typing import Any

from core.spreadsheets import formula_safe
from payments.reconciliation import Reconciliation

HEADER = (
    "ngay",
    "co_quan",
    "cong_thanh_toan",
    "giao_dich_khoi_tao",
    "tien_khoi_tao",
    "khong_thanh_cong",
    "da_xac_nhan",
    "tien_xac_nhan",
    "tien_cong_bao",
    "bien_lai",
    "tien_bien_lai",
    "tien_hoan",
    "chenh_lech",
    "bat_thuong",
    "ma_giao_dich",
)


def cell(value: Any) -> str:
    """The value as text; text that could start a formula is quoted with ' ."""
    if isinstance(value, str):
        return formula_safe(value)
    return "" if value is None else str(value)


def write_csv(out: Any, report: Reconciliation) -> None:
    out.write("\ufeff")  # a byte-order mark, so spreadsheet programs read UTF-8
    writer = csv.writer(out)
    writer.writerow(HEADER)
    day = report.day.isoformat()
    for row in report.rows:
        values = [
            day,
            row.agency.name,
            row.gateway,
            row.started,
            row.started_total,
            row.failed,
            row.confirmed,
            row.confirmed_total,
            row.reported_total if row.is_online else "",
            row.receipts,
            row.receipts_total,
            row.refunds_total,
            row.difference,
            "",
            "",
        ]
        writer.writerow([cell(value) for value in values])
    for anomaly in report.anomalies:
        values = [day, "", anomaly.gateway, *[""] * 10, anomaly.kind, anomaly.reference]
        writer.writerow([cell(value) for value in values])
