"""The English catalogue: complete, compiled, and used when a visitor picks English."""

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def parse_po(path: Path) -> list[Entry]:
    """A small reader of the .po format: entries are blocks separated by blank lines."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, target = Entry(), ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            else:
                if not line.startswith('"'):
                    target, _, line = line.partition(" ")
                text = ast.literal_eval(line)
                if target.startswith("msgstr"):
                    index = int(target[7:-1]) if "[" in target else 0
                    entry.msgstr[index] = entry.msgstr.get(index, "") + text
                else:
                    setattr(entry, target, (getattr(entry, target) or "") + text)
        if target:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return parse_po(LC_MESSAGES / "django.po")


def test_the_english_catalogue_is_complete(catalogue):
    header, *entries = catalogue
    assert header.msgid == ""
    assert "Language: en" in header.msgstr[0]
    assert len(entries) > 900
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries are not compiled: {fuzzy[:5]}"
    forms = int(re.search(r"nplurals=(\d+)", header.msgstr[0]).group(1))
    untranslated = [
        e.msgid
        for e in entries
        if len(e.msgstr) != (forms if e.msgid_plural else 1)
        or not all(text.strip() for text in e.msgstr.values())
    ]
    assert not untranslated, f"untranslated: {untranslated[:5]}"


def test_translations_keep_their_placeholders(catalogue):
    _header, *entries = catalogue
    broken = [
        (e.msgid, text)
        for e in entries
        for text in e.msgstr.values()
        if set(PLACEHOLDER.findall(e.msgid)) != set(PLACEHOLDER.findall(text))
    ]
    assert not broken


def test_the_compiled_catalogue_matches_the_po_file(catalogue):
    """django.mo must be recompiled (`make messages`) whenever django.po changes.

    The header is left out: msgfmt drops its POT-Creation-Date line.
    """
    with open(LC_MESSAGES / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    compiled.pop("")
    expected: dict[object, str] = {}
    _header, *entries = catalogue
    for e in entries:
        if e.msgid_plural:
            for index, text in e.msgstr.items():
                expected[(e.key, index)] = text
        else:
            expected[e.key] = e.msgstr[0]
    assert compiled == expected


@pytest.mark.django_db
def test_the_home_page_speaks_english_when_chosen(client):
    assert "Cổng dịch vụ công" in client.get("/").content.decode()

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/")
    page = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "Public Service Portal" in page
    assert "Administrative procedures" in page
    assert "Cổng dịch vụ công" not in page
    assert "Thủ tục hành chính" not in page
