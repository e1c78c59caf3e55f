"""Streamlit helpers shared by the pages: sign-in, sidebar filters, assumptions, tiles, tables and the upload flow."""
