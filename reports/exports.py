"""Findings as CSV or Excel, safe to open in a spreadsheet: a cell cannot start a formula."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["COLUMNS", "neutralise", "to_csv", "to_xlsx"]

COLUMNS = [
    "finding_id", "severity", "status", "clauses", "platform", "post_id", "url", "created_at", "author",
    "author_is_staff", "targets", "categories", "guessed", "language", "rationale", "model", "title", "text",
]
# What a spreadsheet reads as the start of a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> str:
    """One cell as text, prefixed with ' when a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    structured = isinstance(value, list | dict)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True) if structured else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def to_csv(views: Iterable[dict[str, Any]]) -> str:
    """The findings views as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for view in views:
        writer.writerow([neutralise(view.get(column)) for column in COLUMNS])
    return buffer.getvalue()


# Control characters that the xlsx format cannot hold (openpyxl refuses them): dropped, not escaped.
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def to_xlsx(views: Iterable[dict[str, Any]]) -> bytes:
    """The findings views as an Excel workbook; every cell is text, neutralised as in the CSV."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("findings")
    sheet.append(COLUMNS)
    for view in views:
        # openpyxl (like Excel) stores a string starting with = as a formula: neutralise() rules that out.
        sheet.append([_NOT_IN_XLSX.sub("", neutralise(view.get(column))) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
