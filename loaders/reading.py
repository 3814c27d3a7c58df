"""Reading CSV files safely: fingerprint, encoding, header and rows in chunks.

A file is read twice. The first pass (``inspect_file``) hashes it, rejects what
is not text (empty, binary, an encoding that is neither UTF-8 nor Windows-1252)
and so fails before the database is touched. The second pass (``csv_chunks``)
streams records in chunks of a fixed number of rows, so memory stays bounded
whatever the file's size; each record keeps the line it started on, and a
malformed record (wrong number of fields, an unterminated quote) becomes a
reject rather than an error.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from loaders.errors import UnknownHeader, UnreadableFile

BLOCK = 1 << 20
ENCODINGS = ("utf-8", "cp1252")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True)
class FileFacts:
    """What the first read found: the file's SHA-256, size in bytes and text encoding."""
    path: Path
    sha256: str
    size: int
    encoding: str


def inspect_file(path: Path, *, expected: str) -> FileFacts:
    """Hash ``path`` and find its text encoding (UTF-8, with or without BOM, else Windows-1252).

    Rejects, with one sentence naming the file and ``expected``: a missing file, an
    empty file, a file with NUL bytes (binary: a spreadsheet, a zip) and bytes
    that neither encoding can decode.
    """
    if not path.is_file():
        raise UnreadableFile(f"there is no such file; expected {expected}", file=path)
    digest = hashlib.sha256()
    decoders = {name: codecs.getincrementaldecoder(name)() for name in ENCODINGS}
    size = 0
    seen_text = False
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            size += len(block)
            digest.update(block)
            if b"\x00" in block:
                raise UnreadableFile(f"is a binary file, not a CSV; expected {expected}", file=path)
            seen_text = seen_text or bool(block.lstrip(codecs.BOM_UTF8).strip())
            for name in list(decoders):
                try:
                    decoders[name].decode(block)
                except UnicodeDecodeError:
                    del decoders[name]
    for name in list(decoders):
        try:
            decoders[name].decode(b"", final=True)
        except UnicodeDecodeError:
            del decoders[name]
    if not seen_text:
        raise UnreadableFile(f"is empty; expected {expected}", file=path)
    if not decoders:
        raise UnreadableFile(f"is in a text encoding that is neither UTF-8 nor Windows-1252; "
                             f"expected {expected}", file=path)
    encoding = "utf-8-sig" if "utf-8" in decoders else next(iter(decoders))
    return FileFacts(path, digest.hexdigest(), size, encoding)


def normalise(name: str) -> str:
    """Header names compare case- and space-insensitively: ' LSOA Code ' is 'lsoa code'."""
    return " ".join(name.replace("\ufeff", "").strip().lower().split())


@dataclass(frozen=True)
class Layout:
    """One header a loader knows: each field it needs, by the names it may go by."""

    name: str
    fields: dict[str, tuple[str, ...]]
    optional: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def match(self, header: list[str]) -> dict[str, str] | None:
        """Field -> the header column holding it, or None if a required field is missing."""
        present = {normalise(h) for h in header}
        found: dict[str, str] = {}
        for fields, required in ((self.fields, True), (self.optional, False)):
            for wanted, aliases in fields.items():
                column = next((normalise(a) for a in aliases if normalise(a) in present), None)
                if column is None and required:
                    return None
                if column is not None:
                    found[wanted] = column
        return found


def choose_layout(layouts: list[Layout], header: list[str], *, path: Path, expected: str) -> tuple[Layout, dict[str, str]]:
    """The first layout the header fits, with its field -> column map; else UnknownHeader."""
    for layout in layouts:
        found = layout.match(header)
        if found is not None:
            return layout, found
    shown = ", ".join(h for h in header[:8] if h.strip()) + (", ..." if len(header) > 8 else "")
    raise UnknownHeader(f"has a header this loader does not know ({shown or 'blank'}); expected "
                        f"{expected}", file=path)


@dataclass
class RawChunk:
    """Records as strings, one column per (normalised) header name, plus ``_line``;
    ``malformed`` holds records that could not be split into the header's fields."""

    frame: pd.DataFrame
    malformed: list[dict]
    records: int
    bytes_read: int


def read_header(facts: FileFacts, *, expected: str) -> list[str]:
    """The file's first record; rejects a blank header or one that is not valid CSV."""
    with _open(facts) as handle:
        try:
            header = next(csv.reader(handle, strict=True), None)
        except csv.Error as err:
            raise UnreadableFile(f"has a header that is not valid CSV ({err}); expected {expected}",
                                 file=facts.path) from err
    if not header or not any(h.strip() for h in header):
        raise UnreadableFile(f"has no header line; expected {expected}", file=facts.path)
    return header


def csv_chunks(facts: FileFacts, *, chunk_rows: int) -> Iterator[RawChunk]:
    """Yield the file's records ``chunk_rows`` at a time (blank lines are not records)."""
    with facts.path.open("rb") as binary:
        handle = io.TextIOWrapper(binary, encoding=facts.encoding, newline="")
        reader = csv.reader(handle, strict=True)
        header = [normalise(h) for h in next(reader)]
        width = len(header)
        rows: list[list[str]] = []
        lines: list[int] = []
        malformed: list[dict] = []
        records = 0
        previous_end = reader.line_num
        while True:
            start = previous_end + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                records += 1
                malformed.append({"_line": start, "column": None, "raw": None,
                                  "reason": f"is not valid CSV ({err}); the file may be truncated"})
                previous_end = reader.line_num
                continue
            previous_end = reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            records += 1
            if len(record) != width:
                malformed.append({"_line": start, "column": None, "raw": _render(record),
                                  "reason": f"has {len(record)} fields where the header has {width} "
                                            "(a truncated or malformed line)"})
            else:
                rows.append(record)
                lines.append(start)
            if records % chunk_rows == 0:
                yield _chunk(rows, lines, header, malformed, records, binary.tell())
                rows, lines, malformed, records = [], [], [], 0
        if records or rows or malformed:
            yield _chunk(rows, lines, header, malformed, records, binary.tell())


def _chunk(rows, lines, header, malformed, records, position) -> RawChunk:
    frame = pd.DataFrame(rows, columns=header, dtype=object) if rows else pd.DataFrame(columns=header, dtype=object)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    frame["_line"] = lines
    return RawChunk(frame, malformed, records, position)


def _render(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


def render_rows(frame: pd.DataFrame) -> list[str]:
    """Each row of ``frame`` (without ``_line``) as one CSV line, for the rejects file."""
    columns = [c for c in frame.columns if not str(c).startswith("_")]
    return [_render(["" if v is None else str(v) for v in row])
            for row in frame[columns].itertuples(index=False, name=None)]


def _open(facts: FileFacts):
    return facts.path.open("r", encoding=facts.encoding, newline="")
