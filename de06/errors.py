"""One exception hierarchy for de06, like papermill's ``exceptions``.

Every expected failure is a :class:`De06Error` carrying the file (or value) it
is about; the CLI prints ``de06: <path>: <message>`` on one line and exits 2.
"""

from __future__ import annotations


class De06Error(Exception):
    """Base of every expected de06 failure.

    >>> str(De06Error("empty file", path="a.txt"))
    'a.txt: empty file'
    """

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class UnreadableDocument(De06Error):
    """A file that cannot be read as report text: missing, a directory, empty, binary, unknown encoding."""


class UnknownPlace(De06Error):
    """A place name that is neither a province (old or new) nor a commune de06 can place."""


class CatalogError(De06Error):
    """The indicator catalog (``data/reference/indicators.csv``) is malformed."""
