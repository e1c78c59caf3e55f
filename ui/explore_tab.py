"""The Data page's Explore and SQL console tabs (the data dictionary, chart builder and pivot of any
table; one read-only query) and the CSV / Excel buttons every result table of the page has. Layout
only: analytics.console.explore, analytics.console.query and analytics.export.table_files do the work."""

import pandas as pd
import streamlit as st

from analytics import cache
from analytics.charts import explore as charts
from analytics.console import explore
from analytics.console import query as sql_console
from analytics.export import table_files
from analytics.export.safe_text import md_literal
from ui import auth
from ui import format as fmt
from ui.tables import download_buttons


def downloads(df: pd.DataFrame, name: str, key: str) -> None:
    """CSV and Excel buttons for a result table, headed by its column names (analytics.export.table_files)."""
    download_buttons(
        name, (f"{key}_csv", f"{key}_xlsx"), ("CSV", "Excel"),
        lambda: table_files.to_csv_bytes(df), lambda: table_files.to_excel_bytes(df, sheet=name),
        ("UTF-8 CSV (with a byte-order mark, so Excel reads accents); dates as YYYY-MM-DD, true/false as "
         "Yes/No. Text starting with = + - @ is prefixed with ' so spreadsheets do not run it as a formula.",
         "An .xlsx workbook; numbers stay numbers, dates are date cells, true/false read Yes/No, "
         "formula-like text is neutralised."),
    )


def explore_tab(ws) -> None:
    tables = explore.tables(ws)
    table = st.selectbox(
        "Table", tables, key="explore_table", bind="query-params",
        help="The workspace tables (five core; demand, compensation and fx_rates optional), the weekly/monthly facts derived from them, and ad-hoc uploads.",
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


def sql_tab(ws) -> None:
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
            auth.record("sql_query", query)
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
