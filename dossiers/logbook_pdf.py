"""The logbook of a period (form 07; 2018: Mẫu 06) drawn page by page with ReportLab.

WeasyPrint lays a whole book out in memory at 30–130 ms a row, out of reach for a
busy centre's month (docs/operations.md). This draws the same page as the other
forms' frame (templates/dossiers/forms/base.html): A4 landscape, 2 cm margins, the
national heading on the first page, the 14 columns of the book with their header row
repeated on every page, the form and "Trang n/N" in the footer, in the serif that
prints Times New Roman there. Rows are drawn as they come from the iterator and a
page's content is compressed when the page is done: ReportLab keeps the pages until
it writes the file, so memory grows by about 2 MB per 1,000 rows (bench/logbook.py),
never by the layout of the whole book; the service bounds the rows.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from dossiers.form_data import LogbookRow

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 2 * cm
WIDTH = PAGE_WIDTH - 2 * MARGIN
LINE_HEIGHT = 1.35  # as `line-height` in the forms' stylesheet
RULE = 0.75  # borders and the rules of the heading, in points
GREY = HexColor("#444444")

# Times New Roman is Liberation Serif 2 (fonts-liberation2) on the portal's machines,
# as for the forms WeasyPrint prints; DejaVu Serif (fonts-dejavu-core) otherwise. Both
# have every Vietnamese letter; the text is drawn composed (NFC), with no shaping.
FONT_ROOT = Path("/usr/share/fonts/truetype")
FONT_FAMILIES = (
    (
        "liberation2/LiberationSerif-Regular.ttf",
        "liberation2/LiberationSerif-Bold.ttf",
        "liberation2/LiberationSerif-Italic.ttf",
    ),
    (
        "dejavu/DejaVuSerif.ttf",
        "dejavu/DejaVuSerif-Bold.ttf",
        "dejavu/DejaVuSerif-Italic.ttf",
    ),
)
REGULAR, BOLD, ITALIC = "LogbookSerif", "LogbookSerif-Bold", "LogbookSerif-Italic"

# The cells: 9.5 pt, padding 2 pt 3 pt, top-aligned; the dossier code 7.5 pt.
CELL_SIZE = 9.5
CODE_SIZE = 7.5
PAD_X, PAD_Y = 3.0, 2.0
# Encoded texts kept for reuse while drawing a book.
ENCODED_KEPT = 20_000


@dataclass(frozen=True)
class Column:
    title: str
    width: float  # of the text, in points: a cell is this plus padding and rule
    centred: bool = False


# The proportions of the book's stylesheet (.logbook in base.html), adjusted so that a
# day (02/11/2026), a five-digit number, a phone number and every word of the header
# fit their column, with more room for the lead agency, which made the rows tallest;
# the note takes what is left of the page.
COLUMNS = (
    Column("Số TT", 46, centred=True),
    Column("Mã hồ sơ", 88),
    Column("Tên thủ tục hành chính", 60),
    Column("Số lượng hồ sơ (bộ)", 24, centred=True),
    Column("Tên cá nhân, tổ chức", 42),
    Column("Địa chỉ, số điện thoại", 48),
    Column("Cơ quan chủ trì giải quyết", 56),
    Column("Nhận hồ sơ", 43.5),
    Column("Hẹn trả kết quả", 43.5),
    Column("Chuyển hồ sơ đến cơ quan giải quyết", 43.5),
    Column("Nhận kết quả từ cơ quan giải quyết", 43.5),
    Column("Trả kết quả", 43.5),
    Column("Ký nhận", 21),
    Column("Ghi chú", 0),
)
EMPTY = "Không có hồ sơ tiếp nhận trong kỳ."
NOTE = (
    "Số TT: số thứ tự trong quyển sổ của năm tiếp nhận (Số thứ tự/Quyển số), như ghi "
    "trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả."
)


@dataclass(frozen=True)
class Heading:
    """What the first page and the footer print, besides the rows."""

    title: str  # SỔ THEO DÕI HỒ SƠ
    form: str  # the footer: "Mẫu số 07 – Thông tư số 03/2025/TT-VPCP …"
    subject: str  # the document's description: "Mẫu số 07, Thông tư …"
    governing: str  # the issuer's two lines, upper case
    issuer: str
    author: str  # the issuing agency's name
    place_date: str
    period: str  # Từ ngày 02/11/2026 đến ngày 30/11/2026


Line = tuple[str, float]  # a line of text and its width


def write(handle: IO[bytes], heading: Heading, rows: Iterable[LogbookRow]) -> int:
    """Draw the book into `handle`; the number of pages.

    `rows` is read once, as it comes; a row moves whole to the next page unless it
    is taller than a page.
    """
    fonts()
    book = _Book(handle, heading)
    book.heading()
    book.header_row()
    drawn = 0
    for row in rows:
        book.row(_cells(row))
        drawn += 1
    if not drawn:
        book.empty_row()
    book.note()
    return book.finish()


@functools.cache
def fonts() -> tuple[str, ...]:
    """Register the serif (once a process); the files found."""
    for family in FONT_FAMILIES:
        paths = tuple(FONT_ROOT / name for name in family)
        if all(path.is_file() for path in paths):
            for name, path in zip((REGULAR, BOLD, ITALIC), paths, strict=True):
                pdfmetrics.registerFont(TTFont(name, str(path)))
            return tuple(map(str, paths))
    raise RuntimeError(
        "No serif font with Vietnamese letters: apt-get install fonts-liberation2"
    )


def _cells(row: LogbookRow) -> tuple[str, ...]:
    """The row's 14 cells; every dossier is one set ("01"), the signature is blank."""
    return (
        f"{row.number}/{row.book}",
        row.code,
        row.procedure,
        "01",
        row.applicant,
        row.contact,
        row.processing_agency,
        row.received,
        row.due,
        row.transferred,
        row.resolved,
        row.returned,
        "",
        row.note,
    )


# --- Lines ---


_PIECES = re.compile(r"[^/-]+[/-]?|[/-]")


@functools.lru_cache(maxsize=8192)
def wrap(text: str, font: str, size: float, width: float) -> tuple[Line, ...]:
    """`text` in lines no wider than `width`: broken at spaces, then after a slash or
    a hyphen, then anywhere, so that nothing crosses into the next column.

    Cached: procedures, agencies and notes come back on most rows.
    """
    text = unicodedata.normalize("NFC", text)
    full = _width(text, font, size)
    if full <= width or not text:
        return ((text, full),) if text else ()
    lines: list[Line] = []
    line, line_width = "", 0.0
    space = _width(" ", font, size)
    for word in filter(None, text.split(" ")):  # not str.split(): keep no-break spaces
        for index, piece in enumerate(_pieces(word, font, size, width)):
            piece_width = _width(piece, font, size)
            gap = space if index == 0 else 0.0
            if line and line_width + gap + piece_width <= width:
                line += (" " if index == 0 else "") + piece
                line_width += gap + piece_width
                continue
            if line:
                lines.append((line, line_width))
            line, line_width = piece, piece_width
    lines.append((line, line_width))
    return tuple(lines)


@functools.lru_cache(maxsize=16384)
def _em(text: str, font: str) -> float:
    """The width of `text` at 1 pt: words come back row after row."""
    return float(pdfmetrics.stringWidth(text, font, 1))


def _width(text: str, font: str, size: float) -> float:
    return _em(text, font) * size


def _pieces(word: str, font: str, size: float, width: float) -> list[str]:
    if _width(word, font, size) <= width:
        return [word]
    pieces: list[str] = []
    for part in _PIECES.findall(word):
        if _width(part, font, size) <= width:
            pieces.append(part)
            continue
        chunk = ""
        for letter in part:
            if chunk and _width(chunk + letter, font, size) > width:
                pieces.append(chunk)
                chunk = ""
            chunk += letter
        pieces.append(chunk)
    return pieces


def baseline(font: str, size: float) -> float:
    """From the top of a line box to the baseline: CSS splits the extra leading
    above and below the font's ascent and descent."""
    face = pdfmetrics.getFont(font).face
    ascent, descent = face.ascent * size / 1000, -face.descent * size / 1000
    return (size * LINE_HEIGHT - ascent - descent) / 2 + ascent


# --- Pages ---


class _Book:
    """The canvas and where the next row goes; one page at a time."""

    def __init__(self, handle: IO[bytes], heading: Heading) -> None:
        self.heading_ = heading
        self.canvas = Canvas(handle, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), lang="vi")
        self.canvas.setTitle(heading.title)
        self.canvas.setAuthor(heading.author)
        self.canvas.setSubject(heading.subject)
        self.canvas.setCreator("Cổng dịch vụ công một cửa")
        edges = [MARGIN]
        for column in COLUMNS[:-1]:
            edges.append(edges[-1] + column.width + 2 * PAD_X + RULE)
        edges.append(MARGIN + WIDTH)
        self.edges = edges
        self.text_widths = [
            right - left - 2 * PAD_X - RULE for left, right in itertools.pairwise(edges)
        ]
        self.leading = CELL_SIZE * LINE_HEIGHT
        self.cell_baseline = baseline(REGULAR, CELL_SIZE)
        self.code_baseline = baseline(REGULAR, CODE_SIZE)
        self.header = [
            wrap(column.title, BOLD, CELL_SIZE, width)
            for column, width in zip(COLUMNS, self.text_widths, strict=True)
        ]
        self.page_room = PAGE_HEIGHT - 2 * MARGIN - self._height(self.header)
        self.encoded: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {}
        self.pages = 0
        self._new_page()

    # The page

    def _new_page(self) -> None:
        self.pages += 1
        self.y = PAGE_HEIGHT - MARGIN
        self.table_top: float | None = None
        self.rules: list[str] = []
        self.text = ["BT"]
        self.font = ""

    def _end_page(self) -> None:
        self._close_table()
        canvas = self.canvas
        self.text.append("ET")
        canvas.addLiteral("\n".join(self.text))
        if self.rules:
            canvas.setLineWidth(RULE)
            canvas.addLiteral("\n".join([*self.rules, "S"]))
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(GREY)
        footer = MARGIN / 2 - 3
        canvas.drawString(MARGIN, footer, self.heading_.form)
        # The page count is known at the end only: a form drawn then.
        canvas.doForm(f"page{self.pages}")
        canvas.showPage()
        _compress_last_page(canvas)

    def _next_page(self, *, header: bool) -> None:
        self._end_page()
        self._new_page()
        if header:
            self.header_row()

    def finish(self) -> int:
        self._end_page()
        canvas = self.canvas
        total = self.pages
        for number in range(1, total + 1):
            canvas.beginForm(f"page{number}")
            canvas.setFont(REGULAR, 9)
            canvas.setFillColor(GREY)
            canvas.drawRightString(
                MARGIN + WIDTH, MARGIN / 2 - 3, f"Trang {number}/{total}"
            )
            canvas.endForm()
        canvas.save()
        return total

    # Text

    def _line(self, x: float, y: float, text: str, font: str, size: float) -> None:
        """PDF operators written here rather than through ReportLab's text object,
        which measures and formats every line again (half the time of a book)."""
        out = self.text
        out.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        for name, chunk in self._encoded(text, font):
            selected = f"{name} {size:g} Tf"
            if selected != self.font:
                out.append(selected)
                self.font = selected
            out.append(f"({chunk}) Tj")

    def _encoded(self, text: str, font: str) -> tuple[tuple[str, str], ...]:
        """The text in the embedded subsets of `font`, escaped, with their names;
        kept for the text that comes back (days, hours, places)."""
        key = (text, font)
        found = self.encoded.get(key)
        if found is None:
            if len(self.encoded) > ENCODED_KEPT:
                self.encoded.clear()
            ttf, doc = pdfmetrics.getFont(font), self.canvas._doc
            found = self.encoded[key] = tuple(
                (ttf.getSubsetInternalName(subset, doc), escapePDF(chunk))
                for subset, chunk in ttf.splitString(text, doc)
            )
        return found

    def _lines(
        self,
        lines: Sequence[Line],
        left: float,
        width: float,
        top: float,
        font: str,
        size: float,
        *,
        align: str = "left",
    ) -> float:
        """Draw `lines` from `top` down; the height they took."""
        leading = size * LINE_HEIGHT
        offset = baseline(font, size)
        for index, (text, text_width) in enumerate(lines):
            x = left
            if align == "centre":
                x = left + (width - text_width) / 2
            elif align == "right":
                x = left + width - text_width
            self._line(x, top - index * leading - offset, text, font, size)
        return len(lines) * leading

    # The first page

    def heading(self) -> None:
        """The issuer and the national heading, the place and date, the title."""
        heading, top = self.heading_, self.y
        left_width, right_width = WIDTH * 0.4, WIDTH * 0.6
        right = MARGIN + left_width
        y = top
        if heading.governing:
            y -= self._block(heading.governing, REGULAR, 12, MARGIN, left_width, y)
        y -= self._block(heading.issuer, BOLD, 12, MARGIN, left_width, y)
        rule = left_width * 0.3
        self._rule(MARGIN + (left_width - rule) / 2, y - 3, rule)
        left_bottom = y - 3
        y = top - self._block(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", BOLD, 12, right, right_width, top
        )
        motto = wrap("Độc lập - Tự do - Hạnh phúc", BOLD, 13, right_width)
        self._lines(motto, right, right_width, y, BOLD, 13, align="centre")
        motto_width = motto[0][1]
        y -= 13 * LINE_HEIGHT
        self._rule(right + (right_width - motto_width) / 2, y - 1, motto_width)
        y = min(left_bottom, y - 1) - 8
        y -= self._block(heading.place_date, ITALIC, 13, MARGIN, WIDTH, y, "right")
        # Margins that meet collapse to the larger: 12 pt, 2 pt, 10 pt.
        y -= 12
        y -= self._block(heading.title, BOLD, 14, MARGIN, WIDTH, y) + 2
        self.y = y - self._block(heading.period, ITALIC, 13, MARGIN, WIDTH, y) - 10

    def _block(
        self,
        text: str,
        font: str,
        size: float,
        left: float,
        width: float,
        top: float,
        align: str = "centre",
    ) -> float:
        lines = wrap(text, font, size, width)
        return self._lines(lines, left, width, top, font, size, align=align)

    def _rule(self, x: float, y: float, width: float) -> None:
        self._segment(x, y, x + width, y)

    def _segment(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.rules.append(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l")

    # The table

    def header_row(self) -> None:
        self._row(self.header, BOLD, centred=True)

    def row(self, values: Sequence[str]) -> None:
        cells = []
        for index, (value, width) in enumerate(
            zip(values, self.text_widths, strict=True)
        ):
            size = CODE_SIZE if index == 1 else CELL_SIZE
            cells.append(wrap(value, REGULAR, size, width))
        if self.y - self._height(cells) < MARGIN:
            if self._height(cells) <= self.page_room:
                self._next_page(header=True)
            while self.y - self._height(cells) < MARGIN:
                cells = self._split(cells)
        self._row(cells, REGULAR)

    def _split(self, cells: list[tuple[Line, ...]]) -> list[tuple[Line, ...]]:
        """Draw what fits of a row taller than a page; the rest, on a new page."""
        room = max(int((self.y - MARGIN - 2 * PAD_Y) // self.leading), 0)
        if room:
            self._row([cell[:room] for cell in cells], REGULAR)
        self._next_page(header=True)
        return [cell[room:] for cell in cells]

    def empty_row(self) -> None:
        """One cell across the table: only its outer edges are drawn."""
        self._close_table()
        lines = wrap(EMPTY, REGULAR, CELL_SIZE, WIDTH - 2 * PAD_X - RULE)
        top = self.y
        height = len(lines) * self.leading + 2 * PAD_Y
        left = MARGIN + PAD_X + RULE / 2
        self._lines(lines, left, WIDTH, top - PAD_Y, REGULAR, CELL_SIZE)
        self.y = top - height
        self._segment(MARGIN, self.y, MARGIN + WIDTH, self.y)
        self._segment(MARGIN, top, MARGIN, self.y)
        self._segment(MARGIN + WIDTH, top, MARGIN + WIDTH, self.y)

    def _height(self, cells: Sequence[Sequence[Line]]) -> float:
        return max(len(cell) for cell in cells) * self.leading + 2 * PAD_Y

    def _row(
        self,
        cells: Sequence[Sequence[Line]],
        font: str,
        *,
        centred: bool = False,
    ) -> None:
        top = self._open_table()
        leading = self.leading
        for index, lines in enumerate(cells):
            if not lines:
                continue
            left = self.edges[index] + RULE / 2 + PAD_X
            width = self.text_widths[index]
            code = index == 1 and font == REGULAR
            size = CODE_SIZE if code else CELL_SIZE
            offset = self.code_baseline if code else self.cell_baseline
            first = top - PAD_Y - offset
            for number, (text, text_width) in enumerate(lines):
                x = left
                if centred or COLUMNS[index].centred:
                    x += (width - text_width) / 2
                self._line(x, first - number * leading, text, font, size)
        self.y = top - self._height(cells)
        self._segment(MARGIN, self.y, MARGIN + WIDTH, self.y)

    def _open_table(self) -> float:
        """The top of the next row; the table's top rule on a new page."""
        if self.table_top is None:
            self.table_top = self.y
            self._segment(MARGIN, self.y, MARGIN + WIDTH, self.y)
        return self.y

    def _close_table(self) -> None:
        """The columns' rules from the table's top to its last row on this page."""
        if self.table_top is not None and self.table_top > self.y:
            for x in self.edges:
                self._segment(x, self.table_top, x, self.y)
        self.table_top = None

    def note(self) -> None:
        """The line under the table (italic 11 pt), on the next page if it must."""
        self._close_table()
        lines = wrap(NOTE, ITALIC, 11, WIDTH)
        if self.y - 8 - len(lines) * 11 * LINE_HEIGHT < MARGIN:
            self._next_page(header=False)
        self.y -= 8
        self.y -= self._lines(lines, MARGIN, WIDTH, self.y, ITALIC, 11)


def _compress_last_page(canvas: Canvas) -> None:
    """Keep the page just done compressed: ReportLab holds every page's text until
    it saves, which would make memory grow with the book.

    The page's content becomes a stream compressed now, with its filter declared,
    so that ReportLab writes it as it is (pdfdoc.PDFStream.format).
    """
    page = canvas._doc.Pages.pages[-1]  # the page showPage added
    stream = pdfdoc.PDFStream(content=pdfdoc.PDFZCompress.encode(page.stream))
    stream.dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    stream.__Comment__ = "page stream"
    page.Contents = stream
    page.stream = None
