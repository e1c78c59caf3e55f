"""Files shaped like real exports, generated from the tiny organisation (tests/tiny.py) so a load
of each can be checked against tiny's own tables: a US HRIS roster, a German time-tracking export,
an Excel workbook with a cover sheet and a title row, .csv.gz / .zst / .zip uploads, a zip bomb
and a corrected month of timesheets."""

from __future__ import annotations

import gzip
import io
import zipfile

import openpyxl
import zstandard

from tests import tiny

US_ROSTER_HEADER = ("Employee ID,Name,Type,Job Title,Level,Department,Location,Agency,Start Date,Termination Date,"
                    "Annual Salary,Bill Rate,Std Hours/Week")


def _us_date(iso) -> str:
    if iso is None or iso != iso:
        return ""
    y, m, d = str(iso).split("-")
    return f"{m}/{d}/{y}"


def _money(v) -> str:
    return "" if v is None or v != v else f"${v:,.2f}"


def _csv_cell(v: str) -> str:
    return f'"{v}"' if "," in v else v


def us_roster(seniority_override: dict[str, str] | None = None) -> bytes:
    """tiny's workers as a US HRIS export: renamed headers, MM/DD/YYYY dates, $1,234.00 money,
    capitalised values (Employee, Contractor, Senior, Mid); `seniority_override` puts other level
    names in (e.g. {"E1": "Senior Engineer II"})."""
    lines = [US_ROSTER_HEADER]
    for r in tiny.frames()["workers"].itertuples(index=False):
        level = (seniority_override or {}).get(r.worker_id, r.seniority.capitalize())
        cells = [r.worker_id, r.full_name, r.worker_type.capitalize(), r.role, level, r.department, r.location,
                 r.vendor if isinstance(r.vendor, str) else "", _us_date(r.start_date), _us_date(r.end_date), _money(r.annual_salary),
                 _money(r.hourly_rate), f"{r.weekly_capacity_hours:g}"]
        lines.append(",".join(_csv_cell(str(c)) for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


GERMAN_HEADER = "Personalnummer;Projekt;Wochenbeginn;Stunden;Abrechenbar;Tätigkeit"


def _de_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}.{m}.{y}"


def german_timesheets(rows=None) -> bytes:
    """tiny's timesheets (or `rows`: worker, engagement, ISO week, hours, billable) as a German
    time-tracking export: `;`, Latin-1, dd.mm.yyyy, decimal commas, Ja/Nein, an extra text column."""
    if rows is None:
        rows = [tuple(r) for r in tiny.frames()["timesheets"].itertuples(index=False)]
    lines = [GERMAN_HEADER]
    for w, e, week, hours, billable in rows:
        e = e if isinstance(e, str) else None  # pandas gives NaN for tiny's internal rows
        activity = "Entwicklung" if e else "Büro & Verwaltung"
        lines.append(f"{w};{e or ''};{_de_date(week)};{f'{hours:.2f}'.replace('.', ',')};{'Ja' if billable else 'Nein'};{activity}")
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


def month_refresh() -> tuple[bytes, dict]:
    """Corrected timesheets for the weeks of 15 and 22 January (German export). Against tiny:
    E1's billable week of the 15th goes 32 → 35 h (changed), C2's internal row of the 22nd is gone
    (removed), E2 gains a non-billable ENG3 row on the 22nd (added); every other row of the two
    weeks is the same. Returns the file and the expected counts."""
    ts = tiny.frames()["timesheets"]
    rows = [tuple(r) for r in ts[ts["week_start"].isin(["2024-01-15", "2024-01-22"])].itertuples(index=False)]
    out = []
    for w, e, week, hours, billable in rows:
        e = e if isinstance(e, str) else None
        if (w, e, week, billable) == ("E1", "ENG1", "2024-01-15", True):
            hours = 35.0
        if (w, e, week, billable) == ("C2", None, "2024-01-22", False):
            continue
        out.append((w, e, week, hours, billable))
    out.append(("E2", "ENG3", "2024-01-22", 2.5, False))
    return german_timesheets(out), {"rows": len(out), "kept_weeks": 2, "added": 1, "changed": 1, "removed": 1}


def workbook_with_cover() -> bytes:
    """An .xlsx whose first sheet is a cover page and whose second holds tiny's time off under a
    title row and a blank row (the header is on row 3)."""
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Cover"
    cover["A1"] = "Leave report"
    cover["A2"] = "Prepared by HR Operations"
    cover["A3"] = "Confidential"
    sheet = wb.create_sheet("Time off")
    sheet["A1"] = "Absences January 2024"
    sheet.append([])  # row 2 blank
    sheet.append(["Employee ID", "Week Starting", "Hours"])
    for r in tiny.frames()["time_off"].itertuples(index=False):
        sheet.append([r.worker_id, r.week_start, r.hours])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def tiny_csv(table: str) -> bytes:
    return tiny.frames()[table].to_csv(index=False).encode("utf-8")


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


def zst(data: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(data)


def zipped(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def zip_bomb(unpacked_mb: int = 300) -> bytes:
    """A small .zip holding one 'CSV' that unpacks to `unpacked_mb` MB (written in chunks)."""
    buf = io.BytesIO()
    chunk = b"0" * (1 << 20)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("numbers.csv", "w", force_zip64=True) as f:
            f.write(b"n\n")
            for _ in range(unpacked_mb):
                f.write(chunk)
    return buf.getvalue()
