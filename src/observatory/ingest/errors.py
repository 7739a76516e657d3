"""The error record the readers yield instead of raising, so that a batch goes on."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class IngestError(Exception):
    """One input that could not be read: the file, the line (when known) and the problem.

    ``skipped`` marks files passed over on purpose (an unknown file type met while walking
    a folder): reported, but not counted as a failure.
    """

    path: str
    line: int | None
    message: str
    skipped: bool = False

    def __post_init__(self) -> None:
        Exception.__init__(self, str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    def describe(self) -> str:
        """The stderr line: ``error: data/x.jsonl:17: malformed JSON (...)``."""
        return ("skipped: " if self.skipped else "error: ") + str(self)
