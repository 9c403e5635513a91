"""The exception the C++ reader's errors become."""

from __future__ import annotations


class ExportError(ValueError):
    """A workout export (or an argument about reading one) cannot be used.

    The message is the reader's own, as ``exertrack`` prints it:
    ``"file.csv:12: column 'Weight': value 'heavy' is not a number"``.

    Attributes
    ----------
    file : str or None
        The file (or the ``source`` name given for bytes), when known.
    line : int or None
        The 1-based line in the file; None when the problem is the whole
        file (not found, empty, no row left without a place) or an option.
    column : str or None
        The column's name as the header writes it, when the problem is a cell.
    value : str or None
        The offending value as written (cut to what the message shows for
        an unterminated quote), when the problem is a value.
    """

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = file
        self.line = line
        self.column = column
        self.value = value

    def __reduce__(self):  # picklable, so it crosses from Dask workers intact
        return (type(self), (str(self), self.file, self.line, self.column, self.value))
