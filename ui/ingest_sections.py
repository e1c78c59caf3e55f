"""The Data page's upload-tab sections around the file cards (ui.ingest): the Check / Load buttons
with their progress and outcome, the load history with undo, the saved mappings, the standing
data-quality section and the reset to the sample. Layout only: analytics.ingest.upload (the ingest front
door) and analytics.ingest decide."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from analytics import cache
from analytics.export.safe_text import md_literal
from analytics.ingest import history, mappings, quality, upload
from analytics.metrics import currency_checks
from ui import auth, state
from ui import format as fmt
from ui.ingest import changes_text, report_section


def check_and_load(ws, specs: list[upload.FileSpec], downloads: Callable) -> None:
    """"Check files" and "Load into workspace" for the files' specs, and the last check's report."""
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
                result = upload.load(ws, specs, progress=lambda text, frac: bar.progress(frac, text=text),
                                     user=state.access().user)
                auth.record("load", ", ".join(f"{f.name} ({f.mode})" for f in specs) + " → "
                            + ", ".join(f"{t}: {n} rows" for t, n in result.rows_loaded.items()))
                st.session_state.pop("_upload_report", None)
                st.session_state.pop("_detected", None)  # detection names the saved mapping, now (re)saved
                st.session_state["_loads"] = st.session_state.get("_loads", 0) + 1
                loaded = ", ".join(
                    f"{fmt.number(n)} {'row' if n == 1 else 'rows'} into {t.replace(upload.ADHOC_PREFIX, 'adhoc.')}"
                    for t, n in result.rows_loaded.items()
                )
                st.session_state["_data_flash"] = (
                    f"Loaded {loaded} ({changes_text(result.changes)}). Every page now shows the new "
                    f"data (data version {result.data_version}); the load history below can undo it."
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
        report_section(report, specs, downloads)


def reset_section(ws) -> None:
    """Replace the workspace tables with the bundled sample, behind a confirmation."""
    st.subheader("Reset to sample data")
    if not state.access().may_reset:
        st.caption("Resetting the workspace is for administrators.")
    confirm = state.access().may_reset and st.checkbox(
        "Yes, replace all the workspace tables with the bundled sample data",
        key=f"reset_confirm_{st.session_state.get('_resets', 0)}",
        help="Ad-hoc tables are kept. This cannot be undone: download anything you need first.",
    )
    if st.button("Reset to sample data", key="reset_sample", disabled=not confirm or ws.read_only, icon=":material/restart_alt:"):
        try:
            n = ws.reset_to_sample()
            auth.record("reset", "the five workspace tables replaced with the bundled sample data")
            st.session_state["_data_flash"] = f"The sample data is back: {fmt.number(n['workers'])} workers, {fmt.number(n['timesheets'])} timesheet rows."
            st.session_state.pop("_upload_report", None)
            st.session_state["_resets"] = st.session_state.get("_resets", 0) + 1  # a fresh, unticked box
            st.rerun()
        except Exception as exc:  # noqa: BLE001 — any failure is reported in plain words
            st.error(md_literal(f"The sample could not be restored; the workspace is unchanged. ({str(exc).splitlines()[0]})"))


def history_section(ws, read_only: bool) -> None:
    st.subheader("Load history")
    past = cache.call(history.history)
    if past.empty:
        st.caption("No file has been loaded into this workspace yet. Each load will be listed here and can be undone.")
        return
    st.dataframe(past, hide_index=True, width="stretch")
    last = history.last_undoable(ws)
    if last is None:
        st.caption("Nothing to undo: the last load was undone already, or the data changed since (a reset or an undo).")
        return
    what = ", ".join(f"{r.file} → {r.table.replace(upload.ADHOC_PREFIX, 'adhoc.')}" for r in last.itertuples())
    st.caption(md_literal(f"Undo puts back exactly what the tables held before the last load ({what})."))
    if st.button("Undo the last load", key="undo_last_load", icon=":material/undo:", disabled=read_only):
        try:
            done = history.undo_last(ws, state.access().user)
            auth.record("undo", "; ".join(done))
            st.session_state["_data_flash"] = "Undone: " + "; ".join(done) + f". Data version {ws.committed_data_version()}."
            st.session_state.pop("_upload_report", None)
            st.rerun()
        except ValueError as exc:
            st.error(md_literal(str(exc)))


def _forget_detection() -> None:
    st.session_state.pop("_detected", None)  # a detection names the saved mapping it found


def saved_mappings_section(ws, read_only: bool) -> None:
    table = mappings.overview(ws)
    with st.expander(f"Saved mappings ({len(table)})", icon=":material/bookmarks:"):
        if table.empty:
            st.caption("None yet. A file's choices are saved under the name given on its card when it loads.")
            return
        st.dataframe(table, hide_index=True, width="stretch")
        names = table["name"].tolist()
        pick = st.selectbox("Edit or delete", names, key="saved_map_pick")
        entry = next(m for m in mappings.saved(ws) if m["name"] == pick)
        rows = [{"column": c, "file value": raw, "means": v} for c, m in entry["value_maps"].items() for raw, v in m.items()]
        edited = st.data_editor(pd.DataFrame(rows, columns=["column", "file value", "means"]), num_rows="dynamic",
                                key=f"saved_map_values_{pick}", hide_index=True, width="stretch")
        new_name = st.text_input("Name", value=pick, key=f"saved_map_name_{pick}")
        c = st.container(horizontal=True)
        if c.button("Save changes", key="saved_map_save", disabled=read_only, icon=":material/save:"):
            vm: dict[str, dict[str, str]] = {}
            for r in edited.dropna().itertuples(index=False):
                vm.setdefault(str(r[0]), {})[str(r[1])] = str(r[2])
            try:
                mappings.update(ws, pick, new_name, vm)
                _forget_detection()
                st.session_state["_data_flash"] = f"Saved mapping {new_name} updated."
                st.rerun()
            except ValueError as exc:
                st.error(md_literal(str(exc)))
        if c.button("Delete", key="saved_map_delete", disabled=read_only, icon=":material/delete:"):
            mappings.delete(ws, pick)
            _forget_detection()
            st.session_state["_data_flash"] = f"Saved mapping {pick} deleted."
            st.rerun()


def quality_section(downloads: Callable) -> None:
    st.subheader("Data quality")
    results = cache.call(quality.standing)
    summary = quality.summary(results)
    st.caption("Plausibility checks on the workspace as it is: they never block a load, but each flagged row is "
               "worth a look. Download the rows to check them at the source.")
    st.dataframe(summary.drop(columns=["key"]), hide_index=True, width="stretch",
                 column_config={"flagged": st.column_config.NumberColumn(format="localized")})
    for r in summary.itertuples():
        if r.flagged:
            per = r._3 if r.flagged != 1 else r._3.replace("rows", "row").replace("weeks", "week")
            st.markdown(f"**{md_literal(r.check[0].upper() + r.check[1:])}** — {fmt.number(r.flagged)} {per}")
            downloads(results[r.key], f"data_quality_{r.key}", f"dq_{r.key}")
    missing = cache.call(currency_checks.missing_rates_everywhere)
    message = currency_checks.missing_rates_message(missing)
    if message:
        st.markdown("**Pay without an exchange rate** — " + md_literal(message))
        downloads(missing, "data_quality_missing_rates", "dq_missing_rates")
    else:
        st.caption("Exchange rates: every amount in another currency has a rate for its month.")
