"""Costs page (not built yet)."""

import streamlit as st

st.title("Costs")
st.info("Will hold spend by month, department and vendor, and cost per productive and per billable hour by role.")
