"""Reading generated PDFs back in tests, with poppler-utils' pdftotext."""

import subprocess


def layout_words(content: bytes) -> str:
    """The PDF's text laid out as on the page, its words joined by single spaces,
    so that a table row reads as one line of figures."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 (poppler-utils)
        input=content,
        capture_output=True,
        check=True,
    )
    return " ".join(result.stdout.decode().split())
