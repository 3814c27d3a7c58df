"""What a loader raises when it cannot load a file at all.

Rows that fail validation are not errors: they are counted and kept as rejects
(``loaders.ingest``). These exceptions are for a file that cannot be read at all,
or a load that must not go ahead; their message is one sentence a person can act
on, naming the file and, where there is one, the line, column and what was expected.
"""

from __future__ import annotations

from pathlib import Path


class LoaderError(Exception):
    """Base of every loader failure; ``str()`` is the sentence to show a person."""

    def __init__(self, reason: str, *, file: str | Path | None = None, line: int | None = None,
                 column: str | None = None) -> None:
        self.file = Path(file).name if file is not None else None
        self.line = line
        self.column = column
        self.reason = reason
        super().__init__(self._sentence())

    def _sentence(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where)
        text = f"{prefix}: {self.reason}" if prefix else self.reason
        return text if text.endswith(".") else text + "."


class UnreadableFile(LoaderError):
    """The file is not what the loader reads: not a CSV, empty, binary or undecodable."""


class UnknownHeader(UnreadableFile):
    """The file's header lacks columns the loader needs."""


class DemoDataPresent(LoaderError):
    """Real data would be mixed into a database that holds the synthetic demonstration."""


class UnknownSource(LoaderError):
    """No loader has this name."""
