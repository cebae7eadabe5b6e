"""Readers of the published values of a procedure: levels, channels, times and fees.

The national database and the provincial portals publish these as Vietnamese text
("05 Ngày làm việc", "Toàn trình", "8.000 đồng/trường hợp"). These pure functions turn
them into the catalogue's values; each raises ValueError with a reason the import
report can show, or returns None when the text states nothing it can read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from procedures.models import (
    Channel,
    FeeKind,
    FeeStatus,
    OnlineMode,
    ProcedureLevel,
    ServiceLevel,
    TimeUnit,
)
from procedures.search import normalize

LEVELS_BY_LABEL = {
    "cap bo": ProcedureLevel.MINISTRY,
    "cap tinh": ProcedureLevel.PROVINCE,
    "cap huyen": ProcedureLevel.DISTRICT,
    "cap xa": ProcedureLevel.COMMUNE,
    "co quan khac": ProcedureLevel.OTHER,
}
ONLINE_LEVELS = {
    "toan trinh": ServiceLevel.ONLINE_FULL,
    "mot phan": ServiceLevel.ONLINE_PARTIAL,
    # "Còn lại" (the rest) are the procedures offered without online filing.
    "con lai": ServiceLevel.FORMS,
    "muc do 4": ServiceLevel.ONLINE_FULL,
    "muc do 3": ServiceLevel.ONLINE_PARTIAL,
    "muc do 2": ServiceLevel.FORMS,
    "muc do 1": ServiceLevel.INFORMATION,
}
CHANNELS_BY_LABEL = {
    "truc tiep": Channel.COUNTER,
    "truc tuyen": Channel.ONLINE,
    "dich vu buu chinh": Channel.POST,
    "dich vu buu chinh cong ich": Channel.POST,
    "buu chinh": Channel.POST,
    "buu chinh cong ich": Channel.POST,
}
TIME_UNITS_BY_WORD = {
    "ngay lam viec": TimeUnit.WORKING_DAYS,
    "ngay": TimeUnit.DAYS,
    "gio lam viec": TimeUnit.HOURS,
    "gio": TimeUnit.HOURS,
    "thang": TimeUnit.MONTHS,
}
# The source layout's processing_days_kind (hours were divided by 8 there).
TIME_UNITS_BY_KIND = {
    "working_days": TimeUnit.WORKING_DAYS,
    "days": TimeUnit.DAYS,
    "hours": TimeUnit.HOURS,
    "same_day": TimeUnit.SAME_DAY,
    "unspecified_unit": TimeUnit.UNSPECIFIED,
}

_LEAD = r"^(?:[-–•*+]\s*)?(?:\(\d+\)\s*)?"
_TIME_RE = re.compile(
    _LEAD + r"(?:trong (?:thoi han|vong) |khong qua |toi da )?"
    r"(\d+(?:[.,]\d+)?)\s*(?:\([^)]*\)\s*)?"
    r"(ngay lam viec|ngay|gio lam viec|gio|thang)?(?![a-z0-9])"
)
_SAME_DAY_RE = re.compile(
    _LEAD + r"(?:ngay )?(?:trong ngay|tai thoi diem|trong (?:cung )?ngay lam viec)"
)
_AMOUNT = r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+|\d+)"
_CURRENCY = r"(?:việt nam đồng|vnđ|vnd|đồng|đ)(?![^\W\d_])"
_WHOLE_FEE_RE = re.compile(
    rf"^\s*{_AMOUNT}\s*{_CURRENCY}\s*(?:\((.*)\))?\s*$", re.IGNORECASE | re.DOTALL
)
_FEE_IN_TEXT_RE = re.compile(
    rf"{_AMOUNT}\s*{_CURRENCY}\s*(?:/\s*([^,.;()|\-]+))?", re.IGNORECASE
)
# Items are separated by dashes, bullets or lines; semicolons separate the people an
# exemption covers, so they do not split.
_SEGMENT_SPLIT_RE = re.compile(r"\s+-\s*|^\s*-\s*|\n+|\s\*\s*|^\*\s*")
_FREE_PREFIXES = (
    "mien phi",
    "mien le phi",
    "khong thu",
    "khong co",
    "khong quy dinh",
    "khong phai nop",
    "chua quy dinh",
)
MAX_FEE_ITEMS = 30
MAX_UNIT = 120
MAX_NAME = 500


def parse_levels(values: object) -> set[str]:
    """Level labels ("Cấp tỉnh") or codes ("province") to ProcedureLevel values."""
    if values is None:
        return set()
    if not isinstance(values, list):
        raise ValueError("levels must be a list")
    found = set()
    for value in values:
        label = normalize(str(value))
        level = LEVELS_BY_LABEL.get(label) or (
            label if label in ProcedureLevel.values else None
        )
        if level is None:
            raise ValueError(f"unknown level {value!r}")
        found.add(str(level))
    return found


def parse_online_level(value: object) -> int | None:
    """The service level published as "Toàn trình", "Một phần", "Mức độ 2"…"""
    if value in (None, ""):
        return None
    level = ONLINE_LEVELS.get(normalize(str(value)))
    if level is None:
        raise ValueError(f"unknown online_level {value!r}")
    return int(level)


def derive_service_level(*, online_channel: bool, has_form: bool) -> int:
    """Decree 43/2011 levels from what a record shows, when no level is published:
    online filing means at least level 3, downloadable forms level 2."""
    if online_channel:
        return int(ServiceLevel.ONLINE_PARTIAL)
    return int(ServiceLevel.FORMS if has_form else ServiceLevel.INFORMATION)


def online_mode_for(service_level: int) -> str:
    if service_level >= ServiceLevel.ONLINE_FULL:
        return str(OnlineMode.FULL)
    if service_level == ServiceLevel.ONLINE_PARTIAL:
        return str(OnlineMode.PARTIAL)
    return str(OnlineMode.NONE)


def parse_channel(value: object) -> str:
    label = normalize(str(value or ""))
    channel = CHANNELS_BY_LABEL.get(label) or (
        label if label in Channel.values else None
    )
    if channel is None:
        raise ValueError(f"unknown channel {value!r}")
    return str(channel)


def parse_time(text: str | None) -> tuple[int | None, str] | None:
    """(amount, unit) of a published processing time, or None when it states none.

    Only a duration at the start of the text is read ("05 ngày làm việc; trường
    hợp…", "Trong thời hạn 03 (ba) ngày làm việc…"); half working days become hours.
    """
    normalized = normalize(text or "")
    if not normalized:
        return None
    if _SAME_DAY_RE.match(normalized):
        return None, str(TimeUnit.SAME_DAY)
    match = _TIME_RE.match(normalized)
    if match is None:
        return None
    unit = TIME_UNITS_BY_WORD.get(match.group(2) or "", TimeUnit.UNSPECIFIED)
    return _whole_amount(match.group(1), str(unit))


def _whole_amount(raw: str, unit: str) -> tuple[int, str] | None:
    amount = float(raw.replace(",", "."))
    if amount.is_integer():
        return int(amount), unit
    hours = amount * 8
    if unit == TimeUnit.WORKING_DAYS and hours.is_integer():
        return int(hours), str(TimeUnit.HOURS)
    return None


def time_from_kind(days: object, kind: object) -> tuple[int | None, str] | None:
    """The source layout's own reading (processing_days, processing_days_kind)."""
    unit = TIME_UNITS_BY_KIND.get(str(kind or ""))
    if unit is None:
        return None
    if unit == TimeUnit.SAME_DAY:
        return None, str(unit)
    if not isinstance(days, int | float) or isinstance(days, bool) or days < 0:
        return None
    if unit == TimeUnit.HOURS:
        return round(days * 8), str(unit)
    return (int(days), str(unit)) if float(days).is_integer() else None


@dataclass
class ParsedFees:
    status: str
    items: list[dict[str, object]] = field(default_factory=list)


def parse_fees(
    *, per_channel: list[tuple[str, str]], overall: str, fee_free: object
) -> ParsedFees:
    """Fee items from the published fee texts, per channel when they differ."""
    texts = _texts_with_channels(per_channel, overall)
    items: list[dict[str, object]] = []
    free_texts = 0
    for text, channel in texts:
        found, is_free = parse_fee_text(text)
        free_texts += is_free
        items += [{**item, "channel": channel} for item in found]
    items = items[:MAX_FEE_ITEMS]
    for position, item in enumerate(items, start=1):
        item["position"] = position
    if fee_free is True or (texts and free_texts == len(texts)):
        return ParsedFees(str(FeeStatus.FREE), items)
    if any(int(str(item["amount"])) > 0 for item in items):
        return ParsedFees(str(FeeStatus.CHARGED), items)
    status = FeeStatus.FREE if items else FeeStatus.UNSPECIFIED
    return ParsedFees(str(status), items)


def _texts_with_channels(
    per_channel: list[tuple[str, str]], overall: str
) -> list[tuple[str, str]]:
    """Distinct fee texts, each with its channel ("" when it applies to all)."""
    stated = [(channel, text.strip()) for channel, text in per_channel if text.strip()]
    if not stated:
        parts = [part.strip() for part in (overall or "").split(" | ")]
        return [(part, "") for part in dict.fromkeys(parts) if part]
    distinct = list(dict.fromkeys(text for _channel, text in stated))
    channels = {channel for channel, _text in per_channel}
    result = []
    for text in distinct:
        users = sorted({channel for channel, own in stated if own == text})
        if set(users) == channels:
            result.append((text, ""))
        else:
            result += [(text, channel) for channel in users]
    return result


def parse_fee_text(text: str) -> tuple[list[dict[str, object]], bool]:
    """Items of one fee text, and whether the text declares the procedure free."""
    is_free = normalize(text).startswith(_FREE_PREFIXES)
    whole = _WHOLE_FEE_RE.match(text)
    if whole:
        item = _whole_item(int(re.sub(r"[.,]", "", whole.group(1))), whole.group(2))
        return [item], is_free or item["amount"] == 0
    items = []
    exemptions = []
    for segment in _SEGMENT_SPLIT_RE.split(text):
        segment = segment.strip(" .:")
        if not segment:
            continue
        if normalize(segment).startswith("mien"):
            exemptions.append(segment)
            continue
        items += _segment_items(segment)
    for item in items:
        item["exemptions"] = ". ".join(exemptions)
    return items, is_free and not any(item["amount"] for item in items)


def _whole_item(amount: int, note: str | None) -> dict[str, object]:
    """An item published as "<amount> Việt Nam Đồng (<note>)"."""
    note = (note or "").strip()
    note_amounts = [int(re.sub(r"[.,]", "", m.group(1))) for m in _fee_matches(note)]
    # Some national records give the amount in thousands and the full sum in the
    # note ("150 VNĐ (150.000 đồng/lần/thẻ.)"): the note wins when it says so.
    if 0 < amount < 1000 and amount * 1000 in note_amounts:
        amount *= 1000
    unit = next(
        (
            m.group(2)
            for m in _fee_matches(note)
            if m.group(2) and int(re.sub(r"[.,]", "", m.group(1))) == amount
        ),
        "",
    )
    if not unit and note.startswith("/"):
        unit = note[1:]
    kind = _fee_kind(note)
    exemptions = [s.strip(" .") for s in re.split(r"\.\s+", note) if _is_exemption(s)]
    return {
        "kind": kind,
        "name": _fee_name(note, kind),
        "amount": amount,
        "unit": _unit(unit),
        "exemptions": ". ".join(exemptions),
    }


def _segment_items(segment: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for match in _fee_matches(segment):
        prefix = segment[: match.start()].strip(" :-*+")
        kind = _fee_kind(prefix or segment)
        items.append(
            {
                "kind": kind,
                "name": _fee_name(prefix, kind),
                "amount": int(re.sub(r"[.,]", "", match.group(1))),
                "unit": _unit(match.group(2) or ""),
                "exemptions": "",
            }
        )
    return items


def _fee_matches(text: str) -> list[re.Match[str]]:
    return list(_FEE_IN_TEXT_RE.finditer(text))


def _unit(text: str) -> str:
    """ "trường hợp" from "/ trường hợp Đồng" (some texts repeat the currency)."""
    text = re.sub(r"\s*(?:việt nam đồng|vnđ|đồng)\s*$", "", text.strip(), flags=re.I)
    return text.strip()[:MAX_UNIT]


def _fee_kind(text: str) -> str:
    normalized = normalize(text)
    if "le phi" in normalized:
        return str(FeeKind.CHARGE)
    return str(FeeKind.FEE if "phi" in normalized else FeeKind.CHARGE)


def _fee_name(text: str, kind: str) -> str:
    text = " ".join(text.split()).strip(" :-*+()")
    if not text or text.startswith("/") or len(text) > 200 or _fee_matches(text):
        return str(FeeKind(kind).label)
    return text[:MAX_NAME]


def _is_exemption(sentence: str) -> bool:
    return normalize(sentence).lstrip("-( ").startswith("mien")


# --- Components (thành phần hồ sơ) ---------------------------------------------

# Lines that tell the staff what to do, or describe the e-form, rather than name a
# paper the applicant brings (compared without diacritics).
_STAFF_OR_EFORM = (
    "nguoi tiep nhan",
    "bo phan tiep nhan",
    "cong chuc",
    "tu choi giai quyet",
    "huy bo ket qua",
    "co trach nhiem kiem tra",
    "khong duoc yeu cau",
    "trinh lanh dao",
    "dien tu tuong tac",
    "he thong dien tu dong",
    "khong phai tai len",
    "ban chup cac giay to gui kem",
)
_STAFF_SUBJECTS = ("co quan ", "uy ban nhan dan", "ubnd")
_CONDITION_OPENERS = ("truong hop", "trong truong hop", "neu ", "doi voi")
# The condition of a paper, read from the published (accented) text.
_OPENING_CONDITION_RE = re.compile(
    r"^((?:trong )?trường hợp|nếu|đối với)\b(.+?)(?=\s+thì\s|[:;.]|$)",
    re.IGNORECASE | re.DOTALL,
)
_BRACKET_CONDITION_RE = re.compile(r"\((nếu\b[^)]*)\)", re.IGNORECASE)
_INNER_CONDITION_RE = re.compile(
    r"\b((?:trong )?trường hợp\b[^.;:]+|nếu\b[^.;:]+)", re.IGNORECASE
)
_THEN_RE = re.compile(r"^(.{6,}?)\s+thì\s+(?:phải\s+)?(?:nộp|gửi|xuất trình)", re.I)
MAX_CONDITION = 255


@dataclass(frozen=True)
class ComponentKind:
    """How a published line of the component list is used when filing.

    A note (staff instruction, e-form description, heading, "Lưu ý") is shown on the
    procedure page but is no upload slot; a conditional paper is an optional upload
    with its condition shown; the rest are mandatory uploads.
    """

    is_note: bool
    is_mandatory: bool
    condition: str = ""

    @property
    def label(self) -> str:
        if self.is_note:
            return "note"
        return "required" if self.is_mandatory else "conditional"


NOTE = ComponentKind(is_note=True, is_mandatory=False)
REQUIRED = ComponentKind(is_note=False, is_mandatory=True)


def classify_component(
    name: str, originals: int | None, copies: int | None, case: str = ""
) -> ComponentKind:
    """Read a published component line as a required paper, a conditional paper or
    a note (see ComponentKind)."""
    text = unicodedata.normalize("NFC", " ".join(name.split()))
    # The first sentence says what the line is; later ones add exceptions.
    first = re.split(r"(?<=[.;])\s+", text, maxsplit=1)[0]
    if _is_note(first, originals, copies, case):
        return NOTE
    condition = _condition(first)
    if condition:
        return ComponentKind(False, False, condition[:MAX_CONDITION])
    return REQUIRED


def _is_note(text: str, originals: int | None, copies: int | None, case: str) -> bool:
    normalized = normalize(text)
    if originals == 0 and copies == 0:
        return True
    if normalize(case).lstrip("*-+ ").startswith("luu y"):
        return True
    if text.rstrip().endswith(":") or normalized.startswith(_STAFF_SUBJECTS):
        return True
    return any(phrase in normalized for phrase in _STAFF_OR_EFORM)


def _condition(first: str) -> str:
    """The case in which a paper is needed ("Trường hợp…", "(nếu có)", "… trong
    trường hợp…", "<case> thì phải nộp…"), or "" for a paper always needed."""
    opening = _OPENING_CONDITION_RE.match(first)
    if opening:
        return _sentence_case(opening.group(1) + opening.group(2))
    # Past a colon come the details of the paper, whose own "(nếu có)" do not
    # make the paper itself optional.
    head = first.split(":", 1)[0]
    for pattern in (_BRACKET_CONDITION_RE, _INNER_CONDITION_RE, _THEN_RE):
        found = pattern.search(head)
        if found:
            return _sentence_case(found.group(1))
    return ""


# Headings that group the papers every applicant brings ("Giấy tờ phải nộp");
# other headings name alternative situations ("Đăng ký thường trú tại cơ sở tín
# ngưỡng…", "(1) Đối với tổ chức…"), whose papers are needed only in that situation.
_GENERIC_HEADINGS = (
    "giay to phai",
    "giay to xuat trinh",
    "nguoi co yeu cau",
    "doi voi giay to",
    "thanh phan",
    "ho so gom",
    "ho so bao gom",
    "ho so de nghi",
)


def situation_of(case: str) -> str:
    """The situation a component heading names, or "" for a generic heading."""
    normalized = normalize(case).lstrip("*-+ ")
    if not normalized or normalized.startswith(_GENERIC_HEADINGS):
        return ""
    return " ".join(case.split()).strip(" *-+:")


def _sentence_case(text: str) -> str:
    text = text.strip(" ,;:.")
    return text[:1].upper() + text[1:]
