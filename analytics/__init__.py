"""Staffing Lens below the screen: storage, ingest, metrics, plan, access, console and export, Streamlit-free except cache.py (README: Layout)."""
