"""Hostile upload files (corpus.py builds them; the small ones are kept here as files): odd encodings, quoting, headers and cells that must be refused or shown literally."""
