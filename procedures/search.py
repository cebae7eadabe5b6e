"""Accent-insensitive search text, computed in Python so every database agrees.

Citizens type without diacritics ("dang ky khai sinh"), so the catalogue keeps a
normalized copy of each procedure's text (lowercase, no combining marks, đ → d,
single spaces) and compares the normalized query against it with plain substring
tests. No database function is involved: SQLite and PostgreSQL behave the same.
"""

import unicodedata

# Published names often start with this word ("Thủ tục đăng ký khai sinh"); it says
# nothing about the procedure, so name ranking ignores it.
NAME_PREFIX = "thu tuc "
# Punctuation a citizen may type around words ("khai sinh," or "(đất đai)").
TOKEN_PUNCTUATION = ".,;:!?()[]{}\"'“”‘’«»"  # noqa: S105 (not a password)
MAX_TOKENS = 8


def normalize(text: str) -> str:
    """Lowercase, strip diacritics (đ → d) and collapse whitespace."""
    text = text.replace("đ", "d").replace("Đ", "d").lower()
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def name_key(text: str) -> str:
    """The normalized name used for ranking: words only (punctuation becomes space),
    without a leading "Thủ tục"."""
    words = "".join(char if char.isalnum() else " " for char in normalize(text))
    key = " ".join(words.split())
    if key.startswith(NAME_PREFIX):
        return key[len(NAME_PREFIX) :]
    return key


def tokens(text: str) -> list[str]:
    """Distinct normalized words of a query, in order, without edge punctuation."""
    found: list[str] = []
    for word in normalize(text).split():
        word = word.strip(TOKEN_PUNCTUATION)
        if word and word not in found:
            found.append(word)
    return found[:MAX_TOKENS]


def search_document(*parts: str | None) -> str:
    """The normalized text a procedure is found by."""
    return normalize(" ".join(part for part in parts if part))
