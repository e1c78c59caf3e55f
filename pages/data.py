"""Data: upload and validate files (compressed, Excel, real exports' headers and values), load them
by mode with a load history and undo, saved mappings, data quality, reset to the sample, explore
any table, query it with read-only SQL, and export every result."""

import streamlit as st

from analytics import cache
from analytics.console import explore
from analytics.export.safe_text import md_literal
from ui import explore_tab as explore_tab_ui
from ui import ingest as ingest_ui
from ui import ingest_sections, state
from ui.explore_tab import downloads

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
        f"CSV or Excel (.xlsx) files, also compressed (.gz, .zst, .zip) — up to {limit_mb:,} MB each",
        type=["csv", "txt", "tsv", "xlsx", "gz", "zst", "zip"], accept_multiple_files=True,
        # A fresh, empty uploader after each load, so a second click cannot append the same rows again.
        key="upload_files" + (f"_{st.session_state['_loads']}" if st.session_state.get("_loads") else ""),
        disabled=bool(ws.uploads_off),
        help=f"The limit is the server's `server.maxUploadSize` ({limit_mb:,} MB, set in .streamlit/config.toml); "
        "a .gz, .zst or .zip holding one file counts its unpacked size. Delimiters , ; tab and |, UTF-8 (with or "
        "without BOM), UTF-16 and Latin-1 are detected; you can override them.",
    )
    if ws.read_only and not ws.uploads_off:
        st.warning("The workspace is read-only, so files can be checked but not loaded.")
    specs = [s for n, f in enumerate(files or []) if (s := ingest_ui.file_card(ws, f, n, limit_mb)) is not None]

    if files:
        ingest_sections.check_and_load(ws, specs, downloads)
    elif not ws.uploads_off:
        st.info(
            "No file chosen. Upload workers, engagements, timesheets, time_off or reviews CSVs (and, optionally, demand, compensation and fx_rates) to replace "
            "or extend the workspace (see the data dictionary in the Explore tab), or any CSV to explore it."
        )

    if not ws.uploads_off:  # a replica loads nothing: load history, saved mappings and reset are the writer's
        ingest_sections.history_section(ws, ws.read_only)
        ingest_sections.saved_mappings_section(ws, ws.read_only or not state.access().is_admin)  # admins manage them
    ingest_sections.quality_section(downloads)

    if not ws.uploads_off:
        ingest_sections.reset_section(ws)

# -- explore ------------------------------------------------------------------------------
with explore_tab:
    explore_tab_ui.explore_tab(ws)

# -- SQL ----------------------------------------------------------------------------------
with sql_tab:
    explore_tab_ui.sql_tab(ws)
