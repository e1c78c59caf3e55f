"""Break-even & scenarios page (not built yet)."""

import streamlit as st

st.title("Break-even & scenarios")
st.info("Will hold the contract-vs-hire break-even calculator, the convert-to-hire list, sensitivity and what-if scenarios.")
