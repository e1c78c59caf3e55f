"""Data: upload and validate files, load them as replace or append, reset to the sample,
explore any table, query it with read-only SQL, and export every result."""

import hashlib

import pandas as pd
import streamlit as st

from analytics import cache, explore, export, schema, sql_console, upload, validation
from analytics.charts import explore as charts
from analytics.safe_text import md_literal
from ui import format as fmt
from ui import state

state.require_app()  # a deep link on a fresh server: app.py first (navigation, move-aside offer)
ws = cache.workspace()
st.title("Data")
st.caption(
    "Bring your own roster, engagements and timesheets, or any other CSV for free exploration. "
    "Files are checked against the data dictionary before anything is written; a load either lands "
    "completely or changes nothing."
)
st.info(
    "This page shows individual pay: the explorer, SQL console and downloads read the tables themselves, "
    "every salary and rate included. It is meant for analysts; the dashboard pages show pay only for "
    "groups large enough to hide any one person.",
    icon=":material/lock_person:",
)

if st.session_state.get("_data_flash"):
    st.success(md_literal(st.session_state.pop("_data_flash")))  # names tables after uploaded files


def downloads(df: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel buttons for a result table, headed by its column names (analytics.export)."""
    c = st.container(horizontal=True)
    c.download_button(
        "CSV", lambda: export.to_csv_bytes(df), file_name=f"{name}.csv", mime="text/csv",
        key=f"{key}_csv", icon=":material/download:", on_click="ignore",
        help="UTF-8 CSV (with a byte-order mark, so Excel reads accents); dates as YYYY-MM-DD, true/false as "
        "Yes/No. Text starting with = + - @ is prefixed with ' so spreadsheets do not run it as a formula.",
    )
    c.download_button(
        "Excel", lambda: export.to_excel_bytes(df, sheet=name), file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx", icon=":material/download:", on_click="ignore",
        help="An .xlsx workbook; numbers stay numbers, dates are date cells, true/false read Yes/No, "
        "formula-like text is neutralised.",
    )


upload_tab, explore_tab, sql_tab = st.tabs(["Upload & load", "Explore", "SQL console"])

# -- upload -------------------------------------------------------------------------------
with upload_tab:
    st.subheader("Workspace")
    st.dataframe(
        explore.table_overview(ws), hide_index=True, width="stretch",
        column_config={"rows": st.column_config.NumberColumn(format="localized")},
    )

    st.subheader("Upload files")
    limit_mb = st.get_option("server.maxUploadSize")
    if ws.uploads_off:  # a read-only replica serving a published snapshot
        st.info(ws.uploads_off, icon=":material/cloud_sync:")
    files = st.file_uploader(
        f"CSV or Excel (.xlsx) files — up to {limit_mb:,} MB each",
        type=["csv", "txt", "tsv", "xlsx"], accept_multiple_files=True, disabled=bool(ws.uploads_off),
        # A fresh, empty uploader after each load, so a second click cannot append the same rows again.
        key="upload_files" + (f"_{st.session_state['_loads']}" if st.session_state.get("_loads") else ""),
        help=f"The limit is the server's `server.maxUploadSize` ({limit_mb:,} MB, set in .streamlit/config.toml). "
        "Delimiters , ; tab and |, UTF-8 (with or without BOM), UTF-16 and Latin-1 are detected; you can override them.",
    )
    if ws.read_only and not ws.uploads_off:
        st.warning("The workspace is read-only, so files can be checked but not loaded.")
    specs: list[upload.FileSpec] = []
    for n, f in enumerate(files or []):
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
                asked = upload.CsvOptions(
                    delimiter=None if delim == "detect" else delim,
                    encoding=None if enc == "detect" else enc,
                    date_format=None if datefmt == "detect" else validation.DATE_FORMATS[datefmt],
                    decimal_comma=decimal.startswith("comma"),
                )
                # Sniffing stages the whole file: once per file and options, not on every rerun.
                memo = st.session_state.setdefault("_detected", {})
                if (fid, asked) not in memo:
                    if len(memo) > 20:
                        memo.clear()
                    memo[(fid, asked)] = upload.detect(ws, f.name, data, asked)
                found = memo[(fid, asked)]
                options = upload.CsvOptions(
                    delimiter=found.delimiter, encoding=found.encoding, date_format=found.date_format,
                    decimal_comma=found.decimal_comma if decimal == "detect" else decimal.startswith("comma"),
                )
                st.caption(
                    f"Read as: delimiter **{upload.DELIMITERS[found.delimiter]}** · encoding "
                    f"**{upload.ENCODINGS.get(found.encoding, found.encoding)}** · dates **{found.date_format or 'ISO'}** · "
                    f"decimals **{'comma' if options.decimal_comma else 'point'}** · {len(found.columns)} columns"
                )
                st.dataframe(found.preview, hide_index=True, width="stretch")
                st.caption("Preview of the first rows, read as text.")
                targets = [*schema.LOAD_ORDER, "adhoc"]
                c = st.columns([2, 2, 2])
                target = c[0].selectbox(
                    "Load into", targets, key=f"{k}_target",
                    index=targets.index(found.suggested_table or "adhoc"),
                    format_func=lambda t: "a new ad-hoc table (free exploration)" if t == "adhoc" else f"{t} (workspace table)",
                    help="Suggested from the file's headers and name. Workspace tables feed every page; "
                    "ad-hoc tables are only for the Explore and SQL tabs.",
                )
                mode = c[1].radio(
                    "Mode", upload.MODES, key=f"{k}_mode", horizontal=True,
                    format_func={"replace": "Replace all rows", "append": "Append rows"}.get,
                    help="Replace empties the table and loads the file; append adds the file's rows "
                    "(keys already in the table are reported as problems).",
                )
                if target == "adhoc":
                    name = c[2].text_input(
                        "Ad-hoc table name", value=upload.normalise_header(f.name.rsplit(".", 1)[0])[:40] or "upload",
                        key=f"{k}_adhoc", help="Lowercase letters, digits and _; query it as adhoc.<name>.",
                    )
                    specs.append(upload.FileSpec(f.name, data, f"{upload.ADHOC_PREFIX}{name}", mode, (), options))
                else:
                    guess = upload.suggest_mapping(target, found.columns)
                    st.markdown("**Columns** — which file column holds each field (renamed headers can be matched here)")
                    cols = st.columns(4)
                    mapping = []
                    for j, col in enumerate(schema.TABLES[target].columns):
                        choices = ["— not in file —", *found.columns]
                        pick = cols[j % 4].selectbox(
                            f"{col.name}{' *' if col.required else ''}", choices,
                            index=choices.index(guess[col.name]) if col.name in guess else 0,
                            key=f"{k}_{target}_map_{col.name}", help=col.description,
                        )
                        if pick != "— not in file —":
                            mapping.append((col.name, pick))
                    st.caption("\\* required. File columns not chosen here are ignored.")
                    specs.append(upload.FileSpec(f.name, data, target, mode, tuple(mapping), options))
            except upload.UploadError as exc:
                st.error(md_literal(str(exc)))

    if files:
        c = st.container(horizontal=True)
        check = c.button("Check files", key="upload_check", icon=":material/rule:", disabled=not specs)
        load = c.button(
            "Load into workspace", key="upload_load", type="primary", icon=":material/upload:",
            disabled=not specs or ws.read_only,
        )
        if check or load:
            bar = st.progress(0.0, text="Starting…")
            try:
                if load:
                    result = upload.load(ws, specs, progress=lambda text, frac: bar.progress(frac, text=text))
                    st.session_state.pop("_upload_report", None)
                    st.session_state["_loads"] = st.session_state.get("_loads", 0) + 1
                    loaded = ", ".join(
                        f"{fmt.number(n)} {'row' if n == 1 else 'rows'} into {t.replace(upload.ADHOC_PREFIX, 'adhoc.')}"
                        for t, n in result.rows_loaded.items()
                    )
                    st.session_state["_data_flash"] = (
                        f"Loaded {loaded}. Every page now shows the new data (data version {result.data_version})."
                        + "".join(f" Note: {w}" for w in result.warnings)
                    )
                    st.rerun()
                else:
                    st.session_state["_upload_report"] = upload.validate(
                        ws, specs, progress=lambda text, frac: bar.progress(frac, text=text)
                    )
            except upload.ValidationFailed as exc:
                st.session_state["_upload_report"] = exc.report
            except upload.UploadError as exc:
                st.session_state.pop("_upload_report", None)
                st.error(md_literal(str(exc)))
            bar.empty()
        report: upload.Report | None = st.session_state.get("_upload_report")
        if report is not None:
            read = sum(report.rows_read.values())
            if report.ok:
                st.success(f"No problems found in {fmt.number(read)} data rows: ready to load.")
            else:
                st.error(
                    f"{fmt.number(report.total)} problems in {fmt.number(read)} data rows — nothing has been loaded. "
                    "Fix the file (or the options and column choices above) and check again."
                )
                st.markdown("**Problems by kind**")
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
    else:
        st.info(
            "No file chosen. Upload workers, engagements, timesheets, time_off or reviews CSVs to replace "
            "or extend the workspace (see the data dictionary in the Explore tab), or any CSV to explore it."
        )

    st.subheader("Reset to sample data")
    confirm = st.checkbox(
        "Yes, replace all five workspace tables with the bundled sample data",
        key=f"reset_confirm_{st.session_state.get('_resets', 0)}",
        help="Ad-hoc tables are kept. This cannot be undone: download anything you need first.",
    )
    if st.button("Reset to sample data", key="reset_sample", disabled=not confirm or ws.read_only, icon=":material/restart_alt:"):
        try:
            n = ws.reset_to_sample()
            st.session_state["_data_flash"] = f"The sample data is back: {fmt.number(n['workers'])} workers, {fmt.number(n['timesheets'])} timesheet rows."
            st.session_state.pop("_upload_report", None)
            st.session_state["_resets"] = st.session_state.get("_resets", 0) + 1  # a fresh, unticked box
            st.rerun()
        except Exception as exc:  # noqa: BLE001 — any failure is reported in plain words
            st.error(md_literal(f"The sample could not be restored; the workspace is unchanged. ({str(exc).splitlines()[0]})"))

# -- explore ------------------------------------------------------------------------------
with explore_tab:
    tables = explore.tables(ws)
    table = st.selectbox(
        "Table", tables, key="explore_table", bind="query-params",
        help="The five workspace tables, the weekly/monthly facts derived from them, and ad-hoc uploads.",
    )
    cols = cache.call(explore.columns, table)
    st.markdown("#### Data dictionary")
    dictionary = cache.call(explore.data_dictionary, table)
    st.caption(
        f"{fmt.number(dictionary.attrs.get('rows'))} rows. What is in each column now (empty = missing values), "
        "then, for workspace tables, the rules uploads are checked against. The explorer shows whole tables: "
        "the sidebar filters do not apply here."
    )
    st.dataframe(dictionary, hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="localized") for c in ("empty", "distinct (approx.)")})
    downloads(dictionary, f"{table}_dictionary", "dict")

    names = list(cols)
    st.markdown("#### Chart builder")
    c = st.columns(4)
    kind = c[0].selectbox("Chart", explore.CHART_KINDS, key="chart_kind", format_func=str.capitalize)
    x = c[1].selectbox("X axis", names, key=f"chart_x_{table}", index=names.index(explore.default_x(dictionary)))
    agg = c[2].selectbox(
        "Aggregation", list(explore.AGGREGATIONS), key="chart_agg", format_func=explore.AGGREGATIONS.get,
        disabled=kind == "scatter", help="How rows with the same X are combined (computed in DuckDB).",
    )
    numeric = [n for n in names if explore.is_numeric(cols[n])]
    y_needed = kind == "scatter" or agg != "count"
    y = c[3].selectbox(
        "Y axis" if kind == "scatter" else "Value", (numeric if agg in ("sum", "avg", "median") or kind == "scatter" else names) or [None],
        key=f"chart_y_{table}", disabled=not y_needed,
    )
    c = st.columns(2)
    colour = c[0].selectbox("Colour / group", [None, *names], key=f"chart_colour_{table}",
                            format_func=lambda v: "none" if v is None else v)
    grain = c[1].selectbox("Date grain", explore.TIME_GRAINS, index=2, key="chart_grain",
                           disabled=not explore.is_temporal(cols.get(x, "")),
                           help="Dates along X are grouped by this period.")
    chart_filters = []
    fcols = st.columns(2)
    for i in range(2):
        fc = fcols[i].columns([2, 1, 2])
        fcol = fc[0].selectbox(f"Filter {i + 1}", [None, *names], key=f"chart_f{i}_col_{table}",
                               format_func=lambda v: "no filter" if v is None else v)
        fop = fc[1].selectbox("op", explore.FILTER_OPS, key=f"chart_f{i}_op", label_visibility="hidden")
        fval = fc[2].text_input("value", key=f"chart_f{i}_val", label_visibility="hidden", placeholder="value")
        if fcol:
            chart_filters.append(explore.Filter(fcol, fop, fval))
    try:
        data, note = cache.call(
            explore.chart_data, table, kind, x, y if y_needed else None, "count" if kind == "scatter" else agg,
            colour, tuple(chart_filters), grain,
        )
        if data.empty:
            st.info("No rows match: the table is empty or the filters exclude everything.")
        else:
            y_label = explore.measure_label(y if y_needed else None, agg) if kind != "scatter" else str(y)
            st.plotly_chart(charts.builder_figure(data, kind, x, y_label, colour, y), width="stretch", key="chart_fig")
            if note:
                st.caption(md_literal(note))
            downloads(data, f"{table}_chart", "chart")
    except explore.ExploreError as exc:
        st.error(md_literal(str(exc)))

    st.markdown("#### Pivot table")
    c = st.columns(4)
    prow = c[0].multiselect("Rows", names, default=names[:1], max_selections=3, key=f"pivot_rows_{table}")
    pcol = c[1].selectbox("Columns", [None, *names], key=f"pivot_col_{table}", format_func=lambda v: "none" if v is None else v)
    pagg = c[2].selectbox("Aggregation", list(explore.AGGREGATIONS), key="pivot_agg", format_func=explore.AGGREGATIONS.get)
    pval = c[3].selectbox("Value", (numeric if pagg in ("sum", "avg", "median") else names) or [None],
                          key=f"pivot_val_{table}", disabled=pagg == "count")
    if not prow:
        st.info("Choose at least one row field for the pivot.")
    else:
        try:
            pivot, pnote = cache.call(explore.pivot_table, table, tuple(prow), pcol, None if pagg == "count" else pval, pagg, tuple(chart_filters))
            if pivot.empty:
                st.info("No rows match: the table is empty or the chart filters above exclude everything.")
            else:
                st.caption(explore.AGGREGATIONS[pagg] + (f" of {md_literal(pval)}" if pagg != "count" else "") + (f" by {md_literal(pcol)}" if pcol else "") +
                           (" · chart filters apply" if chart_filters else "") + (f" · {md_literal(pnote)}" if pnote else ""))
                st.dataframe(pivot, hide_index=True, width="stretch")
                downloads(pivot, f"{table}_pivot", "pivot")
        except explore.ExploreError as exc:
            st.error(md_literal(str(exc)))

# -- SQL ----------------------------------------------------------------------------------
with sql_tab:
    st.caption(
        "One read-only **SELECT** (or WITH … SELECT) over the workspace tables, the derived facts "
        "(worker_weeks, worker_months, engagement_hours) and ad-hoc uploads (adhoc.<name>). "
        f"No writes, files, settings or extensions; queries stop after the time limit; the first "
        f"{sql_console.DISPLAY_ROWS:,} rows are shown and up to {sql_console.DOWNLOAD_ROWS:,} can be downloaded."
    )
    query = st.text_area(
        "SQL", key="sql_query", height=160,
        value="SELECT worker_type, count(*) AS people, round(avg(weekly_capacity_hours), 1) AS avg_capacity\n"
        "FROM workers\nGROUP BY worker_type\nORDER BY people DESC",
    )
    c = st.columns([1, 2, 3])
    timeout = c[1].number_input("Time limit (seconds)", min_value=1, max_value=60, value=int(sql_console.DEFAULT_TIMEOUT_S), key="sql_timeout")
    if c[0].button("Run query", key="sql_run", type="primary", icon=":material/play_arrow:"):
        try:
            st.session_state["_sql_result"] = sql_console.run_query(ws, query, timeout_s=float(timeout))
            st.session_state.pop("_sql_error", None)
        except sql_console.SqlRefused as exc:
            st.session_state.pop("_sql_result", None)
            st.session_state["_sql_error"] = str(exc)
    if st.session_state.get("_sql_error"):
        # DuckDB's messages quote values from the data (a cell, a column name): shown literally.
        st.error(md_literal(st.session_state["_sql_error"]))
    result: sql_console.SqlResult | None = st.session_state.get("_sql_result")
    if result is not None:
        n = len(result.frame)
        st.caption(
            f"{fmt.number(n)} rows{'+' if result.truncated else ''} in {result.seconds:.2f} s"
            + (f" · showing the first {sql_console.DISPLAY_ROWS:,}" if n > sql_console.DISPLAY_ROWS else "")
            + (f" · the download holds the first {n:,}" if result.truncated else "")
            + (f" (results stop at {sql_console.MAX_RESULT_BYTES // 2**20:,} MB: select fewer or narrower columns)"
               if result.too_large else "")
        )
        if n == 0:
            st.info("The query ran and returned no rows.")
        else:
            st.dataframe(result.shown, hide_index=True, width="stretch")
            downloads(result.frame, "query_result", "sql")
    with st.expander("Tables and columns", icon=":material/table:"):
        for t in explore.tables(ws):
            st.markdown(f"**{md_literal(t)}** — " + md_literal(", ".join(cache.call(explore.columns, t))))
