from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

from stats.exports import table_csv
from stats.tables import Table


class CSVRenderer(BaseRenderer):
    """Renders {"columns", "rows"} as CSV; anything else (an error) as one cell."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if isinstance(data, dict) and set(data) == {"columns", "rows"}:
            table = Table("", "", list(data["columns"]), list(data["rows"]))
        else:
            table = Table("", "", ["detail"], [[str(data)]])
        return table_csv([table])
