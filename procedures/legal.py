"""The legal basis of a procedure (căn cứ pháp lý) read into documents.

The catalogue publishes the legal basis as text in two shapes: one document per line
("Nghị định 123/2015/NĐ-CP", "- Thông tư số 08/2023/TT-BTP ngày 02/10/2023 của Bộ
trưởng Bộ Tư pháp …") in the province's catalogue, and the national database's table
cells glued together, each cell being a summary followed by the document's number
("Quy định … Bộ Xây dựng140/2025/NĐ-CPNghị định số 19/2024/NĐ-CP ngày 23/02/2024 …
19/2024/NĐ-CP"). Each document is read as its kind, number, date of issue and title;
the raw text stays on the procedure (`Procedure.legal_basis`), shown beside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# A number and notation: 123/2015/NĐ-CP, 02/2016/QH14, 66.7/2025/NQ-CP, 20/2020/QĐ-TTg.
NUMBER_RE = re.compile(
    r"(?<![\d/])(\d{1,4}(?:\.\d{1,2})?/\d{4}/(?:QH\d{1,2}|[A-ZĐ]+(?:-(?:TTg|[A-ZĐ]+))*))"
)
DATE_RE = re.compile(
    r"^[\s,]*(?:ban hành\s+)?ngày\s+(\d{1,2})\s*(?:/|-|tháng)\s*(\d{1,2})\s*"
    r"(?:/|-|năm)\s*(\d{4})",
    re.IGNORECASE,
)
KINDS = (
    "Văn bản hợp nhất",
    "Thông tư liên tịch",
    "Nghị quyết",
    "Nghị định",
    "Thông tư",
    "Quyết định",
    "Pháp lệnh",
    "Chỉ thị",
    "Bộ luật",
    "Luật",
)
KIND_BEFORE_RE = re.compile(r"(" + "|".join(KINDS) + r")\s*(?:số\s*)?$", re.IGNORECASE)
KIND_AT_START_RE = re.compile(
    r"^(" + "|".join(KINDS) + r")\b\s*(?:số\s*)?", re.IGNORECASE
)
# The kind a notation implies when the text does not say it.
NOTATION_KINDS = (
    ("QH", "Luật"),
    ("NĐ-", "Nghị định"),
    ("NQ", "Nghị quyết"),
    ("TTLT", "Thông tư liên tịch"),
    ("TT-", "Thông tư"),
    ("QĐ", "Quyết định"),
    ("CT-", "Chỉ thị"),
    ("PL-", "Pháp lệnh"),
)
# Column headings of the national table that sometimes come with the text.
HEADINGS = {"số ký hiệu", "trích yếu", "ngày ban hành", "cơ quan ban hành", "-"}
MAX_TITLE = 1000
# Last segments of notations that end in a capital followed by lowercase text.
KNOWN_SEGMENTS = {"CP", "TTg", "BTP", "BTC", "UBND", "HĐND", "BNV", "BCA", "BXD", "BYT"}
VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
ONSETS = {"ch", "gh", "gi", "kh", "ng", "nh", "th", "tr"}


@dataclass(frozen=True)
class LegalReference:
    number: str
    kind: str
    title: str
    issued_on: date | None


def legal_references(
    text: str, numbers: list[str] | None = None
) -> list[LegalReference]:
    """The documents of a legal-basis text, in order, each once; numbers of
    `numbers` (the catalogue's extracted list) missing from the text come last."""
    text = _unglue(text or "")
    cells = "\n" not in text
    pieces = _cells(text) if cells else text.splitlines()
    found: dict[str, LegalReference] = {}
    plain: list[LegalReference] = []
    cursor = 0
    for piece in pieces:
        reference = _reference(piece, cell=cells)
        at = text.find(piece, cursor)
        cursor = max(cursor, at + len(piece))
        if reference is None:
            continue
        if not reference.number:
            # A summary cut from a cell repeated earlier is no document of its own.
            if piece.strip() not in text[: max(at, 0)]:
                plain.append(reference)
        elif reference.number in found:
            found[reference.number] = _merged(found[reference.number], reference)
        else:
            found[reference.number] = reference
    for number in numbers or []:
        if number and number not in found:
            found[number] = LegalReference(number, _notation_kind(number), "", None)
    return _in_text_order([*found.values(), *plain], text)


def _unglue(text: str) -> str:
    """Space out a number glued after a date's year or a QH notation."""
    text = re.sub(r"(\d{1,2}/\d{1,2}/\d{4})(?=\d)", r"\1 ", text)
    return re.sub(r"(/QH\d{2})(?=\d)", r"\1 ", text)


def _numbers(text: str) -> list[re.Match[str]]:
    """Number matches, a notation's last capital given back when it starts the word
    glued after it (…/NĐ-CPNghị định → …/NĐ-CP; …/NĐ-CPquy định stays)."""
    matches = []
    position = 0
    while (match := NUMBER_RE.search(text, position)) is not None:
        if _starts_next_word(text, match.end()):
            match = NUMBER_RE.match(text, match.start(), match.end() - 1) or match
        matches.append(match)
        position = match.end()
    return matches


def _starts_next_word(text: str, end: int) -> bool:
    """Whether the capital before `end` begins a Vietnamese word going on after it."""
    if end >= len(text) or not text[end].islower():
        return False
    segment = text[:end].rsplit("-", 1)[-1].rsplit("/", 1)[-1]
    if segment in KNOWN_SEGMENTS:
        return False
    onset = (text[end - 1] + text[end]).lower()
    if onset[0] in "pq":
        return onset in ("ph", "qu")
    return onset[1] in VOWELS or onset in ONSETS


def _cells(text: str) -> list[str]:
    """The national table's cells: each ends with its document's number, glued to
    what follows or repeated from the summary before it."""
    cells, start = [], 0
    for match in _numbers(text):
        after = text[match.end() : match.end() + 1]
        glued = after == "" or not (after.isspace() or after in ",.;:)")
        repeated = match.group(1) in text[start : match.start()]
        if glued or repeated:
            cells.append(text[start : match.end()])
            start = match.end()
    if text[start:].strip():
        cells.append(text[start:])
    return cells


def _reference(piece: str, *, cell: bool) -> LegalReference | None:
    piece = piece.strip().lstrip("-+•").strip()
    if not piece or piece.lower() in HEADINGS:
        return None
    numbers = _numbers(piece)
    if not numbers:
        starts = KIND_AT_START_RE.match(piece)
        name = _kind_name(starts.group(1)) if starts else ""
        return LegalReference("", name, _title(piece), None)
    # A cell ends with its document's number; a line starts with it.
    last = numbers[-1]
    match = last if cell and piece.endswith(last.group(1)) else numbers[0]
    number = match.group(1)
    first = next(m for m in numbers if m.group(1) == number)
    before = piece[: first.start()]
    kind_match = KIND_BEFORE_RE.search(before)
    if kind_match:
        kind = _kind_name(kind_match.group(1))
        before = before[: kind_match.start()]
    else:
        kind = _notation_kind(number)
    issued_on, rest = _date_after(piece[first.end() :])
    if number in rest:
        rest = rest[: rest.index(number)]
    rest = KIND_BEFORE_RE.sub("", rest.rstrip())
    title = _title(re.sub(r"\s*số\s*$", "", before) + " " + rest)
    after = title[len(kind) + 1 :]
    if kind and title.lower().startswith(kind.lower() + " ") and after[:1].isupper():
        title = after  # "Nghị định Quy định …" → "Quy định …"
    return LegalReference(number, kind, title, issued_on)


def _date_after(text: str) -> tuple[date | None, str]:
    match = DATE_RE.match(text)
    if match is None:
        return None, text
    day, month, year = (int(group) for group in match.groups())
    try:
        return date(year, month, day), text[match.end() :]
    except ValueError:
        return None, text


def _title(text: str) -> str:
    text = " ".join(text.split()).strip(" -–:;,.()")
    # A number cut off at the end of a truncated text ("của Chính phủ167/2025").
    text = re.sub(r"(?<=[^\s\d])\d{1,4}/\d{4}/?\S*$", "", text).strip(" -–:;,.()")
    return text[:MAX_TITLE]


def _kind_name(word: str) -> str:
    return next(kind for kind in KINDS if kind.lower() == word.lower())


def _notation_kind(number: str) -> str:
    notation = number.split("/", 2)[-1]
    return next(
        (kind for prefix, kind in NOTATION_KINDS if notation.startswith(prefix)), ""
    )


def _merged(first: LegalReference, second: LegalReference) -> LegalReference:
    return LegalReference(
        first.number,
        first.kind or second.kind,
        first.title if len(first.title) >= len(second.title) else second.title,
        first.issued_on or second.issued_on,
    )


def _in_text_order(references: list[LegalReference], text: str) -> list[LegalReference]:
    """Documents by where they first appear in the text (plain ones by title)."""

    def where(reference: LegalReference) -> int:
        key = reference.number or reference.title[:40]
        found = text.find(key) if key else -1
        return found if found >= 0 else len(text)

    return sorted(references, key=where)
