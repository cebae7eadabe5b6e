"""Amounts as Vietnamese documents print them."""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
GROUPS = ("", "nghìn", "triệu", "tỷ")


def vnd(amount: int) -> str:
    """12500 → "12.500" (dots between thousands)."""
    return f"{amount:,}".replace(",", ".")


def _three(number: int, full: bool) -> list[str]:
    """Words of 0–999; `full` when a higher group precedes ("không trăm linh năm")."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens > 1:
        words += [DIGITS[tens], "mươi"]
    elif tens == 1:
        words.append("mười")
    elif units and words:
        words.append("linh")
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5 and tens:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def vnd_in_words(amount: int) -> str:
    """125000 → "Một trăm hai mươi lăm nghìn đồng" (up to hundreds of billions)."""
    if amount == 0:
        return "Không đồng"
    groups = []
    while amount:
        amount, group = divmod(amount, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        words += _three(group, full=bool(words))
        words.append(GROUPS[index % 4] if index < 4 else "")
    text = " ".join(word for word in words if word)
    return f"{text[0].upper()}{text[1:]} đồng"
