"""Utilization page (not built yet)."""

import streamlit as st

st.title("Utilization")
st.info("Will hold billable utilization and allocation, bench and over-allocated people, and capacity vs demand.")
