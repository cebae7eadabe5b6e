"""A JSON parser that refuses what the standard one turns into a 500.

`json.loads` recurses once per nesting level: a body of 100,000 "[" raises
RecursionError, which DRF does not catch. Bodies are measured and their nesting
counted (brackets outside strings) before they are decoded.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Deeper than any body of this API needs, far below Python's recursion limit.
MAX_DEPTH = 32
STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKET = re.compile(rb"[\[\]{}]")


def nesting_depth(body: bytes) -> int:
    depth = deepest = 0
    for match in BRACKET.finditer(STRING.sub(b'""', body)):
        depth += 1 if match.group() in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1) if stream is not None else b""
        if limit is not None and len(body) > limit:
            raise ParseError("JSON body too large.")
        if nesting_depth(body) > MAX_DEPTH:
            raise ParseError(f"JSON nested deeper than {MAX_DEPTH} levels.")
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as error:  # a guard behind the guard
            raise ParseError("JSON nested too deeply.") from error
