"""Writing the sample's CSV files: each one through a temporary file that replaces the real one
only when the whole run succeeded, in the format the workspace loader reads."""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from analytics.store.schema import TABLES


class CsvOut:
    """A CSV written through a temporary file: header row, unquoted values, ISO dates,
    empty cells for NULL, true/false booleans."""

    def __init__(self, folder: Path, name: str):
        self.cols = TABLES[name].column_names
        self.path = folder / f"{name}.csv"
        self.tmp = folder / f".{name}.csv.tmp"
        self.fh = open(self.tmp, "wb")
        self.fh.write((",".join(self.cols) + "\n").encode())
        self.rows = 0
        self.opts = pacsv.WriteOptions(include_header=False, quoting_style="none")

    def write(self, table: pa.Table) -> None:
        assert table.column_names == self.cols, (table.column_names, self.cols)
        if table.num_rows:
            pacsv.write_csv(table, self.fh, self.opts)
        self.rows += table.num_rows

    def close(self) -> None:
        self.fh.close()
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        """Abandon the file: the temporary one is removed, an existing CSV is left as it was."""
        self.fh.close()
        self.tmp.unlink(missing_ok=True)
