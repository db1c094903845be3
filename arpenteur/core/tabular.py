"""`.json` / `.csv` twins of list pages, built from the very query the HTML page shows.

A list view builds its rows once and hands them with its columns to `twin_response`. The CSV uses
a semicolon separator and a UTF-8 BOM, which is what French spreadsheet users open without fuss.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return " | ".join(_csv_cell(v) for v in value)
    text = str(value)
    # Neutralise spreadsheet formulas (CSV injection).
    if text[:1] in ("=", "+", "-", "@") and not _is_number(text):
        text = "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def rows_as_dicts(rows: Iterable[Any], columns: list[Column]) -> list[dict[str, Any]]:
    return [{column.key: column.value(row) for column in columns} for row in rows]


def twin_response(
    fmt: str, rows: Iterable[Any], columns: list[Column], *, filename: str, meta: dict | None = None
):
    if fmt == "json":
        payload = {**(meta or {}), "results": rows_as_dicts(rows, columns)}
        return HttpResponse(
            json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")),
            content_type="application/json; charset=utf-8",
        )
    if fmt == "csv":
        writer = csv.writer(_Echo(), delimiter=";")

        def lines():
            yield "\ufeff" + writer.writerow([column.key for column in columns])
            for row in rows:
                yield writer.writerow([_csv_cell(column.value(row)) for column in columns])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    raise ValueError(f"Unknown twin format {fmt!r}")


class TwinFormatConverter:
    """URL converter for `<twin:fmt>`: the extensions a list page may be asked for."""

    regex = "json|csv|geojson"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
