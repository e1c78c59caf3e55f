"""Duration & delivery page (not built yet)."""

import streamlit as st

st.title("Duration & delivery")
st.info("Will hold engagement duration and overruns, tenure and retention curves, and delivery quality.")
