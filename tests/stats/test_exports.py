"""The exports a user downloads from a statistics page say what that page says:
the same agencies, the same filters, the same numbers in CSV, XLSX and PDF."""

import csv
import io
import re
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from accounts.models import Role
from stats.templatetags.stats_tags import cell
from tests.accounts.factories import StaffFactory
from tests.pdfs import layout_words
from tests.stats.worlds import at

pytestmark = pytest.mark.django_db

MAY = "period=month&year=2026&month=5"
# (3) received, of which online / at the counter, carried over; resolved: early,
# on time, late; in progress: within time, overdue (form II.06a).
DEPARTMENT_TOTAL = [11, 8, 1, 2, 7, 1, 4, 2, 4, 2, 2]


@pytest.fixture(autouse=True)
def _june_10():
    with time_machine.travel(at(6, 10, 10), tick=False):
        yield


def numbers(row):
    """The counts and rates of a row, whatever the format wrote (11, "11", 71.43,
    "71.43", Decimal("71.43")), to two decimals."""
    found = []
    for value in row:
        text = str(value).strip() if value is not None else ""
        if re.fullmatch(r"\d+(\.\d+)?", text):
            found.append(Decimal(text).quantize(Decimal("0.01")))
    return found


def screen_rows(response, name):
    table = response.context[name]
    return [numbers(row[2:] if name == "report" else row[1:]) for row in table.rows]


def printed_rows(response, name):
    """The rows as the page prints them (the PDF uses the same filter)."""
    table = response.context[name]
    skip = 2 if name == "report" else 1
    return [" ".join(cell(value) for value in row[skip:]) for row in table.rows]


def export_links(page, slug):
    return re.findall(rf'href="([^"]*/{slug}\.(?:csv|xlsx)\?[^"]*)"', page)


def csv_rows(client, url):
    content = client.get(url.replace("&amp;", "&")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))[1:]
    return [numbers(row[2:] if "bieu-ii06a" in url else row[1:]) for row in rows]


def xlsx_rows(client, url):
    response = client.get(url.replace("&amp;", "&"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    skip = 2 if "bieu-ii06a" in url else 1
    return [numbers(row[skip:]) for row in rows if any(v is not None for v in row)]


def pdf_text(client, querystring):
    response = client.get(f"/thong-ke/bao-cao.pdf?{querystring}")
    assert response.status_code == 200
    return layout_words(response.content)


def assert_same_everywhere(client, querystring, expected_total):
    page = client.get(f"/thong-ke/bao-cao/?{querystring}")
    assert page.status_code == 200
    html = page.content.decode()
    text = pdf_text(client, querystring)
    for name, slug in (("report", "bieu-ii06a"), ("months", "theo-thang")):
        screen = [row for row in screen_rows(page, name) if row]
        csv_link, xlsx_link = export_links(html, slug)
        assert "/thong-ke/don-vi/xuat/" in csv_link
        assert [r for r in csv_rows(client, csv_link) if r] == screen
        assert [r for r in xlsx_rows(client, xlsx_link) if r][: len(screen)] == screen
        for printed in printed_rows(page, name):
            assert printed in text
    assert screen_rows(page, "report")[-1] == [Decimal(n) for n in expected_total]


def test_department_head_exports_their_department_like_the_screen(client, may):
    client.force_login(may.world.leader)

    # No agency chosen: the screen shows the department (11 dossiers in May),
    # and so do the files; the public export counts the commune's too.
    assert_same_everywhere(client, MAY, DEPARTMENT_TOTAL)
    public = client.get(f"/thong-ke/xuat/bieu-ii06a.csv?{MAY}")
    public_total = numbers(list(csv.reader(io.StringIO(
        public.content.decode("utf-8-sig"))))[-1][2:])  # fmt: skip
    assert public_total[0] > DEPARTMENT_TOTAL[0]


def test_department_head_with_a_field_filter_exports_the_filtered_figures(client, may):
    client.force_login(may.world.leader)
    field = may.world.procedure.field.slug

    assert_same_everywhere(client, f"{MAY}&field={field}", DEPARTMENT_TOTAL)


def test_province_leader_exports_the_whole_province_like_the_screen(client, may):
    leader = StaffFactory(agency=may.world.province, roles=[Role.LEADER])
    client.force_login(leader)

    page = client.get(f"/thong-ke/bao-cao/?{MAY}")
    total = screen_rows(page, "report")[-1]
    assert total[0] > DEPARTMENT_TOTAL[0]  # the commune's dossiers are in
    assert_same_everywhere(client, MAY, total)


def test_unit_exports_need_a_login_and_a_known_table(client, may):
    url = f"/thong-ke/don-vi/xuat/bieu-ii06a.csv?{MAY}"
    assert client.get(url).status_code == 302
    client.force_login(may.world.leader)
    assert client.get("/thong-ke/don-vi/xuat/cong-khai.csv").status_code == 404
    assert client.get("/thong-ke/don-vi/xuat/bieu-ii06a.pdf").status_code == 404
