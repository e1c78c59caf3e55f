"""Real-browser tests: a real `streamlit run` server driven by Debian's Chromium through Playwright."""
