"""Hostile files: each gets its one-sentence error (and changes nothing) or its rejects."""

from __future__ import annotations

import re

import pytest

from loaders.errors import LoaderError, UnknownHeader, UnreadableFile
from tests.loaders.conftest import STOP_SEARCH_HEADER, csv_text, search_row

HEADER_LINE = ",".join(STOP_SEARCH_HEADER)


def one_sentence(message: str) -> bool:
    """One line, ending in a full stop, with no full stop before a capital inside it."""
    return message.endswith(".") and "\n" not in message and not re.search(r"\.\s+[A-Z]", message)


@pytest.mark.parametrize("name, content, expected", [
    ("empty.csv", b"", "is empty"),
    ("blank.csv", b"\n\n  \n", "is empty"),
    ("bom-only.csv", b"\xef\xbb\xbf", "is empty"),
    ("sheet.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 40, "is a binary file, not a CSV"),
    ("odd.csv", HEADER_LINE.encode() + b"\nPerson search,\x81\x8d\x8f\x90\x9d\n", "neither UTF-8 nor Windows-1252"),
    ("other.csv", b"name,age\nA,1\n", "has a header this loader does not know (name, age)"),
])
def test_unreadable_files_fail_with_one_sentence_and_change_nothing(load, write_file, db_url, name, content,
                                                                  expected):
    path = write_file(name, content)
    with pytest.raises(UnreadableFile) as caught:
        load("police-uk-stop-search", path)
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and expected in message
    assert "a police.uk stop and search CSV" in message
    assert one_sentence(message), message
    from storage.engine import database_exists
    assert not database_exists(db_url)


def test_unknown_header_is_its_own_error_class(load, write_file):
    with pytest.raises(UnknownHeader):
        load("police-uk-street", write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, [search_row()])))


def test_one_bad_file_among_several_loads_none_of_them(load, write_file, db_url):
    good = write_file("good.csv", csv_text(STOP_SEARCH_HEADER, [search_row()]))
    with pytest.raises(LoaderError):
        load("police-uk-stop-search", good, write_file("bad.csv", b""))
    from storage.engine import database_exists
    assert not database_exists(db_url)


def test_header_only_reads_nothing_and_reconciles(load, write_file):
    [summary] = load("police-uk-stop-search", write_file("header.csv", HEADER_LINE + "\n"))
    assert (summary.read, summary.loaded, summary.duplicates, summary.rejected) == (0, 0, 0, 0)


@pytest.mark.parametrize("encoding, prefix, newline", [
    ("utf-8", "", "\n"),
    ("utf-8", "\ufeff", "\n"),
    ("cp1252", "", "\n"),
    ("utf-8", "", "\r\n"),
])
def test_bom_windows_1252_and_crlf_load_the_same(load, write_file, query, encoding, prefix, newline):
    rows = [search_row(ethnicity="White - Any other White background (caf\u00e9 \u00a3)"), search_row()]
    text = prefix + csv_text(STOP_SEARCH_HEADER, rows, newline=newline)
    [summary] = load("police-uk-stop-search", write_file("ss.csv", text, encoding=encoding))
    assert (summary.read, summary.loaded, summary.rejected) == (2, 2, 0)
    stored = [r[0] for r in query("SELECT self_defined_ethnicity FROM stop_search ORDER BY search_id")]
    assert stored[0] == "White - Any other White background (caf\u00e9 \u00a3)"


def test_quoted_commas_stay_in_their_field(load, write_file, query):
    row = search_row()
    row[12] = "Arrest, with a comma, and \"quotes\""
    load("police-uk-stop-search", write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, [row])))
    assert query("SELECT outcome FROM stop_search")[0][0] == "Arrest, with a comma, and \"quotes\""


def test_truncated_last_line_is_a_reject_with_its_line(load, write_file, query):
    text = csv_text(STOP_SEARCH_HEADER, [search_row(), search_row()])
    text += "Person search,2023-06-14T15:30:00+00:00,False,,51.51"  # cut off mid-row, no newline
    [summary] = load("police-uk-stop-search", write_file("ss.csv", text))
    assert (summary.read, summary.loaded, summary.rejected) == (3, 2, 1)
    [(line, reason)] = query("SELECT line, reason FROM rejects")
    assert line == 4 and "has 5 fields where the header has 15" in reason


def test_unterminated_quote_at_the_end_is_a_reject(load, write_file, query):
    text = csv_text(STOP_SEARCH_HEADER, [search_row()]) + 'Person search,"2023-06-14T15:3'
    [summary] = load("police-uk-stop-search", write_file("ss.csv", text))
    assert (summary.read, summary.loaded, summary.rejected) == (2, 1, 1)
    assert "not valid CSV" in query("SELECT reason FROM rejects")[0][0]


@pytest.mark.parametrize("row, column, reason", [
    (search_row(lat="999"), "latitude", "outside the United Kingdom"),
    (search_row(lat="48.85", lon="2.35"), "latitude", "outside the United Kingdom"),
    (search_row(lat="51.5", lon=""), "latitude", "not both"),
    (search_row(date="2099-06-14T15:30:00+00:00"), "date", "in the future"),
    (search_row(date="14/06/2023 15:30"), "date", "not a date this loader reads"),
    (search_row(date=""), "date", "blank but required"),
    (search_row(age="10 to 17"), "age_range", "is not one of"),
])
def test_invalid_values_are_rejected_with_column_and_reason(load, write_file, query, row, column, reason):
    [summary] = load("police-uk-stop-search", write_file("ss.csv", csv_text(STOP_SEARCH_HEADER, [search_row(), row])))
    assert (summary.read, summary.loaded, summary.rejected) == (2, 1, 1)
    [(line, column_name, text, raw)] = query("SELECT line, column_name, reason, raw FROM rejects")
    assert (line, column_name) == (3, column) and reason in text
    assert raw.startswith("Person search,")
    rejects_csv = summary.rejects_file
    assert rejects_csv and reason in open(rejects_csv, encoding="utf-8").read()
