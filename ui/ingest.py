"""The Data page's file cards: one per uploaded file (read options, sheet, target table, mode, column
choices, saved mapping), and the validation report with the values left to map. Layout only:
every decision is made in analytics.ingest.upload and analytics.ingest; the sections around the cards are
in ui.ingest_sections."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st

from analytics.export.safe_text import md_literal
from analytics.ingest import refresh, upload, validation
from analytics.ingest import values as value_mapping
from analytics.store import schema
from ui import format as fmt

NOT_IN_FILE = "— not in file —"
LEAVE = "(leave as it is)"


def _value_key(fid: str, column: str, value: str) -> str:
    return f"vm_{fid}_{column}_{hashlib.sha1(value.encode()).hexdigest()[:8]}"


def manual_value_maps(fid: str, name: str, saved: dict | None) -> tuple[tuple[str, str, str], ...]:
    """(column, file value, schema value): the saved mapping's, then what the user picked under the
    last report's "Values to map" for this file."""
    out = {(c, raw): v for c, m in ((saved or {}).get("value_maps") or {}).items() for raw, v in m.items()}
    # Kept apart from the widgets: once a check passes, the report no longer lists these values,
    # their selectboxes go, and the load must still use the choices.
    picks = st.session_state.setdefault("_value_picks", {}).setdefault(fid, {})
    report: upload.Report | None = st.session_state.get("_upload_report")
    if report is not None and len(report.unmatched):
        for r in report.unmatched[report.unmatched["file"] == name].itertuples():
            pick = st.session_state.get(_value_key(fid, r.column, r.value))
            if pick and pick != LEAVE:
                picks[(r.column, r.value)] = pick
            elif pick == LEAVE:
                picks.pop((r.column, r.value), None)
    out.update(picks)
    return tuple((c, raw, v) for (c, raw), v in sorted(out.items()))


def file_card(ws, f, n: int, limit_mb: int) -> upload.FileSpec | None:
    """One uploaded file's expander; the FileSpec to check or load, or None if it cannot be read."""
    data = f.getvalue()
    fid = hashlib.sha1(data).hexdigest()[:10]
    k = f"up_{n}_{fid}"
    with st.expander(f"{md_literal(f.name)} · {fmt.number(len(data) / 1024, 1)} KB", expanded=True, icon=":material/description:"):
        try:
            upload.check_size(len(data), limit_mb)
            c = st.columns(4)
            delim = c[0].selectbox(
                "Delimiter", ["detect", *upload.DELIMITERS], key=f"{k}_delim",
                format_func=lambda d: "detect" if d == "detect" else upload.DELIMITERS[d],
            )
            enc = c[1].selectbox(
                "Encoding", ["detect", *upload.ENCODINGS], key=f"{k}_enc",
                format_func=lambda e: "detect" if e == "detect" else upload.ENCODINGS[e],
            )
            datefmt = c[2].selectbox(
                "Date format", ["detect", *validation.DATE_FORMATS], key=f"{k}_datefmt",
                help="How dates are written in the file. ISO dates (2024-01-31) always work.",
            )
            decimal = c[3].selectbox(
                "Decimal separator", ["detect", "point 1234.5", "comma 1234,5"], key=f"{k}_dec",
                help="Comma decimals are common in European exports (usually with ; as delimiter).",
            )
            sheet = st.session_state.get(f"{k}_sheet")
            asked = upload.CsvOptions(
                delimiter=None if delim == "detect" else delim,
                encoding=None if enc == "detect" else enc,
                date_format=None if datefmt == "detect" else validation.DATE_FORMATS[datefmt],
                decimal_comma=decimal.startswith("comma"),
                sheet=sheet, limit_mb=float(limit_mb),
            )
            # Sniffing stages the whole file: once per file and options, not on every rerun.
            memo = st.session_state.setdefault("_detected", {})
            if (fid, asked) not in memo:
                if len(memo) > 20:
                    memo.clear()
                memo[(fid, asked)] = upload.detect(ws, f.name, data, asked)
            found: upload.Detected = memo[(fid, asked)]
            saved = found.saved
            if len(found.sheets) > 1:
                st.selectbox(
                    "Sheet", found.sheets, index=found.sheets.index(found.sheet) if found.sheet in found.sheets else 0,
                    key=f"{k}_sheet", help="The first sheet that looks like a table is read unless you pick another.",
                )
            options = upload.CsvOptions(
                delimiter=found.delimiter, encoding=found.encoding, date_format=found.date_format,
                decimal_comma=found.decimal_comma if decimal == "detect" else decimal.startswith("comma"),
                sheet=found.sheet, limit_mb=float(limit_mb),
            )
            if saved and datefmt == "detect" and saved["options"].get("date_format"):
                options = upload.CsvOptions(**{**options.__dict__, "date_format": saved["options"]["date_format"]})
            if saved and decimal == "detect" and "decimal_comma" in saved["options"]:
                options = upload.CsvOptions(**{**options.__dict__, "decimal_comma": bool(saved["options"]["decimal_comma"])})
            st.caption(
                f"Read as: delimiter **{upload.DELIMITERS[found.delimiter]}** · encoding "
                f"**{upload.ENCODINGS.get(found.encoding, found.encoding)}** · dates **{options.date_format or 'ISO'}** · "
                f"decimals **{'comma' if options.decimal_comma else 'point'}** · {len(found.columns)} columns"
                + (f" · unpacked from **.{found.unpacked_from}**" if found.unpacked_from else "")
                + (f" · sheet **{md_literal(found.sheet)}**, header on row {found.header_row}" if found.sheet else "")
            )
            if saved:
                st.info(md_literal(f"Saved mapping “{saved['name']}” applied (same header as a file loaded before)."),
                        icon=":material/bookmark:")
            st.dataframe(found.preview, hide_index=True, width="stretch")
            st.caption("Preview of the first rows, read as text.")
            targets = [*schema.LOAD_ORDER, "adhoc"]
            default_target = (saved or {}).get("table") or found.suggested_table or "adhoc"
            default_target = "adhoc" if default_target.startswith(upload.ADHOC_PREFIX) else default_target
            c = st.columns([2, 3, 2])
            target = c[0].selectbox(
                "Load into", targets, key=f"{k}_target", index=targets.index(default_target),
                format_func=lambda t: "a new ad-hoc table (free exploration)" if t == "adhoc" else f"{t} (workspace table)",
                help="Suggested from the file's headers and name. Workspace tables feed every page; "
                "ad-hoc tables are only for the Explore and SQL tabs.",
            )
            modes = refresh.modes_for(target if target != "adhoc" else "")
            saved_mode = (saved or {}).get("mode")
            mode = c[1].radio(
                "Mode", modes, key=f"{k}_{target}_mode", horizontal=True,
                index=modes.index(saved_mode) if saved_mode in modes else 0,
                format_func=refresh.MODE_LABELS.get,
                help="; ".join(f"{refresh.MODE_LABELS[m]} {refresh.MODE_HELP[m]}" for m in modes) + ".",
            )
            stem = upload.normalise_header(f.name.split(".")[0])[:40] or "upload"
            save_as = c[2].text_input(
                "Save these choices as", value=(saved or {}).get("name") or stem, key=f"{k}_save_as",
                help="Column choices, value mappings and read options are saved under this name when the load "
                "succeeds, and applied again to the next file with the same header. Empty: not saved.",
            ).strip() or None
            vmaps = manual_value_maps(fid, f.name, saved)
            if target == "adhoc":
                name = st.text_input(
                    "Ad-hoc table name", value=stem, key=f"{k}_adhoc",
                    help="Lowercase letters, digits and _; query it as adhoc.<name>.",
                )
                return upload.FileSpec(f.name, data, f"{upload.ADHOC_PREFIX}{name}", mode, (), options, (), save_as)
            guess = dict((saved or {}).get("mapping") or {}) if saved and saved.get("table") == target else {}
            guess = {c: v for c, v in guess.items() if v in found.columns} or upload.suggest_mapping(target, found.columns)
            matched = sum(1 for col in schema.TABLES[target].columns if col.name in guess)
            st.markdown(
                f"**Columns** — {matched} of {len(schema.TABLES[target].columns)} matched from the headers; "
                "change any choice here"
            )
            cols = st.columns(4)
            mapping = []
            for j, col in enumerate(schema.TABLES[target].columns):
                choices = [NOT_IN_FILE, *found.columns]
                pick = cols[j % 4].selectbox(
                    f"{col.name}{' *' if col.required else ''}", choices,
                    index=choices.index(guess[col.name]) if col.name in guess else 0,
                    key=f"{k}_{target}_map_{col.name}", help=col.description,
                )
                if pick != NOT_IN_FILE:
                    mapping.append((col.name, pick))
            st.caption("\\* required. File columns not chosen here are ignored.")
            return upload.FileSpec(f.name, data, target, mode, tuple(mapping), options, vmaps, save_as)
        except upload.UploadError as exc:
            st.error(md_literal(str(exc)))
    return None


def changes_text(changes: dict[str, refresh.Changes]) -> str:
    return "; ".join(
        f"{t.replace(upload.ADHOC_PREFIX, 'adhoc.')}: {fmt.number(c.added)} added, {fmt.number(c.changed)} changed, "
        f"{fmt.number(c.removed)} removed" for t, c in changes.items()
    )


def report_section(report: upload.Report, specs: list[upload.FileSpec], downloads: Callable) -> None:
    read = sum(report.rows_read.values())
    if report.ok:
        st.success(f"No problems found in {fmt.number(read)} data rows: ready to load.")
        if report.changes:
            st.info(md_literal("Loading will change: " + changes_text(report.changes) + "."), icon=":material/difference:")
    else:
        st.error(
            f"{fmt.number(report.total)} problems in {fmt.number(read)} data rows — nothing has been loaded. "
            "Fix the file (or the options, column choices and value mappings) and check again."
        )
    if len(report.unmatched):
        values_to_map(report, specs)
    if not report.ok:
        st.markdown("**Problems by kind** — one line per rule and column")
        st.dataframe(report.counts, hide_index=True, width="stretch",
                     column_config={"rows": st.column_config.NumberColumn(format="localized")})
        shown = len(report.rows)
        st.markdown(
            "**Problems row by row** — line numbers as in a text editor (the header is line 1)"
            + (f"; showing the first {shown:,} of {report.total:,}" if report.total > shown else "")
        )
        st.dataframe(report.rows, hide_index=True, width="stretch",
                     column_config={"line": st.column_config.NumberColumn(format="%d")})
        downloads(report.download, "validation_report", "report")
    for w in report.warnings:
        st.warning(md_literal(w))
    for fname, cols in report.ignored_columns.items():
        if cols:
            st.caption(f"{md_literal(fname)}: columns ignored (not mapped) — {md_literal(', '.join(cols))}")


def values_to_map(report: upload.Report, specs: list[upload.FileSpec]) -> None:
    """A selectbox per distinct unmatched value: what it means in the schema (saved with the mapping)."""
    st.markdown("**Values to map** — values the file uses that match no allowed value; say what each one means, "
                "then check again (the choice is saved with the file's mapping)")
    by_name = {s.name: s for s in specs}
    for r in report.unmatched.itertuples():
        spec = by_name.get(r.file)
        if spec is None or spec.is_adhoc:
            continue
        column = schema.TABLES[spec.table].column(r.column)
        fid = hashlib.sha1(spec.data).hexdigest()[:10]
        c = st.columns([3, 1, 2])
        c[0].markdown(f"{md_literal(r.file)} · `{r.column}` · **{md_literal(r.value)}**")
        c[1].caption(f"{fmt.number(r.rows)} {'row' if r.rows == 1 else 'rows'}")
        c[2].selectbox("means", [LEAVE, *value_mapping.choices(column)], key=_value_key(fid, r.column, r.value),
                       label_visibility="collapsed")
