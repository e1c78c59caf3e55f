"""Data page (not built yet)."""

import streamlit as st

st.title("Data")
st.info("Will hold CSV upload with validation, a data explorer, a read-only SQL console and exports.")
