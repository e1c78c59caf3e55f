"""Text from the data (names, departments, file names and headers) shown in Streamlit's
markdown-rendering elements (captions, info boxes, markdown) must read literally: escaped,
it cannot add links, external images, colours, HTML or LaTeX to the page."""

from __future__ import annotations

# The characters that start markdown constructs (links and images, emphasis, code, HTML, LaTeX,
# Streamlit's :colour[…] directives, tables, headings). Backslash-escaped, CommonMark shows them
# as themselves; plain punctuation such as . , : ( ) - stays unescaped so messages read normally.
MARKDOWN_SPECIAL = "\\`*_[]<>!#$~|{}"
_ESCAPES = {ord(c): "\\" + c for c in MARKDOWN_SPECIAL}


def md_literal(text: object) -> str:
    """`text` escaped for st.markdown / st.caption / st.info …: shown exactly as written."""
    s = str(text).replace("\r", " ").replace("\n", " ")
    return s.translate(_ESCAPES)
