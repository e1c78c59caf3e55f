"""What the tests and the benchmark both drive: a real `streamlit run` server, Debian's Chromium settings,
and a headless Streamlit websocket client. tests/ and bench/ import from here, never from each other."""
