"""The test suite: unit, AppTest and real-browser tests, filed by the page or topic they test."""
