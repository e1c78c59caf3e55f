"""A gathered report as one self-contained HTML file (inline SVG charts and CSS, no script, no
external request; every data value escaped), and as a PDF drawn from that HTML by weasyprint:
a title page, a contents list with page numbers (CSS target-counter), numbered pages, vector charts.

weasyprint because the report is already HTML: one template gives both formats, it keeps SVG as
vectors, does page counters, leaders and running footers from CSS, and needs no browser."""

from __future__ import annotations

from html import escape

from analytics.export.formatting import money, number
from analytics.metrics import registry
from analytics.metrics.assumptions import ASSUMPTION_INFO
from analytics.report.model import Block, Chart, Report, Section, Table

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm;
  @bottom-left { content: string(footer); font-size: 7.5pt; color: #666 }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 7.5pt; color: #666 } }
@page :first { @bottom-left { content: none } @bottom-right { content: none } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #1d2430 }
@media screen { body { max-width: 200mm; margin: 0 auto; padding: 0 6mm 10mm } section, nav, .title { border-top: 1pt solid #ddd; padding-top: 6mm } }
.footer { string-set: footer content(); display: none }
h1 { font-size: 22pt; margin: 0 0 4mm }
h2 { font-size: 15pt; margin: 0 0 2mm; border-bottom: 1.5pt solid #2E6FBA; padding-bottom: 1mm }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; break-after: avoid }
h4 { font-size: 9.5pt; margin: 3mm 0 1mm; break-after: avoid }
.title { padding-top: 55mm; break-after: page }
.title .sub { font-size: 12pt; color: #444 }
.meta { border-collapse: collapse; margin-top: 10mm; font-size: 9.5pt }
.meta th { text-align: left; padding: 1mm 6mm 1mm 0; color: #555; font-weight: normal; vertical-align: top }
.meta td { padding: 1mm 0 }
nav { break-after: page }
nav ol { list-style: none; padding: 0; font-size: 11pt }
nav li { margin: 2mm 0 }
nav a { color: inherit; text-decoration: none }
@media print { nav a::after { content: leader('.') target-counter(attr(href), page) } }
section { break-before: page }
.intro { color: #444; margin: 0 0 3mm }
.tiles { display: flex; flex-wrap: wrap; gap: 2.5mm; margin: 2mm 0 3mm }
.tile { border: 0.6pt solid #cfd6e0; border-radius: 2mm; padding: 2mm 3mm; width: 36mm; break-inside: avoid }
.tile .label { font-size: 8pt; color: #555; display: block }
.tile .value { font-size: 13.5pt; font-weight: bold; display: block; margin-top: 0.5mm }
.tile .delta, .tile .note { font-size: 7.5pt; color: #555; display: block }
.note { color: #444; font-size: 8.5pt; margin: 1mm 0 }
.warning { color: #8a4b00 }
figure { margin: 2mm 0 4mm; break-inside: avoid }
figcaption { font-weight: bold; font-size: 9.5pt; margin-bottom: 1mm }
figure svg { width: 100%; height: auto; display: block }
.empty { border: 0.6pt dashed #bbb; padding: 2mm 3mm; color: #555; font-size: 8.5pt }
table.data { border-collapse: collapse; width: 100%; font-size: 7.5pt; margin-bottom: 1mm }
table.data thead { display: table-header-group }
table.data tr { break-inside: avoid }
table.data { table-layout: auto; overflow-wrap: break-word }
table.data th { text-align: left; white-space: normal; border-bottom: 0.8pt solid #888; padding: 1mm 1.2mm; vertical-align: bottom }
table.data td { border-bottom: 0.4pt solid #ddd; padding: 0.8mm 1.2mm; vertical-align: top }
table.data td.num { text-align: right; white-space: nowrap }
table.data th.num { text-align: right }
dl.defs dt { font-weight: bold; margin-top: 2mm; break-after: avoid }
dl.defs dd { margin: 0.5mm 0 0 4mm }
"""


def e(value: object) -> str:
    """Escape any text from the data (or anywhere) for HTML text and attribute values."""
    return escape("" if value is None else str(value), quote=True)


def _tile(t) -> str:
    extra = "".join(f'<span class="{cls}">{e(v)}</span>' for cls, v in (("delta", t.delta), ("note", t.note)) if v)
    return f'<div class="tile"><span class="label">{e(t.label)}</span><span class="value">{e(t.text)}</span>{extra}</div>'


def _chart(c: Chart, missing: str | None, heading: str | None = None) -> str:
    title = "" if c.title == heading else f"<figcaption>{e(c.title)}</figcaption>"  # not the heading twice
    if c.figure is None:
        return f'<figure>{title}<p class="empty">{e(c.empty)}</p></figure>'
    if c.svg is None:  # charts could not be drawn: say so where the chart would be
        return f'<figure>{title}<p class="empty">Chart missing: {e(missing or "it was not drawn.")}</p></figure>'
    # The SVG comes from Chromium's serializer (kaleido): its text nodes are already XML-escaped.
    caption = f'<p class="note">{e(c.caption)}</p>' if c.caption else ""
    return f"<figure>{title}{c.svg}{caption}</figure>"


def _table(t: Table) -> str:
    head = "".join(f'<th class="num">{e(c)}</th>' if i in t.numeric else f"<th>{e(c)}</th>"
                   for i, c in enumerate(t.columns))
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{e(v)}</td>' if i in t.numeric else f"<td>{e(v)}</td>"
                         for i, v in enumerate(row)) + "</tr>"
        for row in t.rows
    )
    count = f"{number(t.total_rows)} {t.noun} in all."
    shown = t.shown_note or count
    return (f"<h4>{e(t.title)}</h4><table class=\"data\"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f'<p class="note">{e(shown)}</p>')


def _block(b: Block, missing: str | None) -> str:
    parts = [f"<h3>{e(b.heading)}</h3>"] if b.heading else []
    parts += [f'<p class="note">{e(n)}</p>' for n in b.notes]
    if b.tiles:
        parts.append('<div class="tiles">' + "".join(_tile(t) for t in b.tiles) + "</div>")
    parts += [_chart(c, missing, b.heading) for c in b.charts]
    parts += [_table(t) for t in b.tables]
    return "".join(parts)


def _section(s: Section, missing: str | None) -> str:
    return (f'<section id="{e(s.page)}"><h2>{e(s.title)}</h2><p class="intro">{e(s.intro)}</p>'
            + "".join(_block(b, missing) for b in s.blocks) + "</section>")


def _filters_text(report: Report) -> list[tuple[str, str]]:
    f = report.request.filters
    return [
        ("Period", f"{f.start:%d %b %Y} – {f.end:%d %b %Y}"),
        ("Departments", ", ".join(f.covered_departments) or "All departments"),
        ("Roles", ", ".join(f.roles) or "All roles"),
        ("Worker types", ", ".join(f.worker_types) or "Employees and contractors"),
        ("Non-billable roles", ", ".join(report.request.non_billable_roles) or "none"),
    ]


def _assumption_value(name: str, value: float, unit: str) -> str:
    if unit == "pct":
        return f"{value:.1%}"
    if unit == "usd":
        return money(value)
    if unit == "yes/no":
        return "yes" if value else "no"
    return f"{value:,.0f} {unit}"


def _appendix(report: Report) -> str:
    a = report.request.assumptions
    metrics = "".join(
        f"<dt>{e(registry.metric(n).heading)}</dt><dd>{e(registry.metric(n).definition)}</dd>"
        for n in report.metric_names()
    )
    rows = "".join(
        f"<tr><td>{e(label)}</td><td class=\"num\">{e(_assumption_value(name, getattr(a, name), unit))}</td>"
        f"<td>{e(source)}</td></tr>"
        for name, (label, unit, source) in ASSUMPTION_INFO.items()
    )
    return (
        '<section id="appendix"><h2>Appendix: metric definitions and assumptions</h2>'
        f'<h3>Metric definitions</h3><dl class="defs">{metrics}</dl>'
        '<h3>Cost assumptions used, with sources</h3><table class="data"><thead><tr><th>Assumption</th>'
        f'<th class="num">Value</th><th>Source</th></tr></thead><tbody>{rows}</tbody></table></section>'
    )


def to_html(report: Report) -> str:
    """The report as one self-contained HTML document."""
    made = f"{report.made_at:%d %b %Y %H:%M %Z}".strip()
    meta = [*_filters_text(report), ("Workspace", report.workspace), ("Data version", str(report.data_version)),
            ("Made", made)]
    if report.charts_missing:
        meta.append(("Charts", f"missing: {report.charts_missing}"))
    meta_rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in meta)
    sub = ("Contract or hire: the case from the organisation's own data" if report.request.board_pack
           else "A report of the dashboard page, for the filters below")
    title = (f'<div class="title"><h1>{e(report.title)}</h1><p class="sub">{e(sub)}</p>'
             f'<table class="meta">{meta_rows}</table></div>')
    toc = ""
    if report.request.board_pack:
        items = [(s.page, s.title) for s in report.sections] + [("appendix", "Appendix: metric definitions and "
                                                                              "assumptions")]
        toc = "<nav><h2>Contents</h2><ol>" + "".join(
            f'<li><a href="#{e(i)}">{e(t)}</a></li>' for i, t in items) + "</ol></nav>"
    missing = report.charts_missing
    banner = f'<p class="note warning">Charts are missing from this report: {e(missing)}</p>' if missing else ""
    footer = f"Staffing Lens · {report.workspace} · data version {report.data_version} · {made}"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(report.title)}</title><style>{CSS}</style></head><body>"
        f'<p class="footer">{e(footer)}</p>{title}{toc}{banner}'
        + "".join(_section(s, missing) for s in report.sections)
        + _appendix(report)
        + "</body></html>"
    )


def to_pdf(html_text: str) -> bytes:
    """The HTML report as a PDF (weasyprint; no network: the document has nothing external)."""
    import weasyprint

    return weasyprint.HTML(string=html_text, base_url=None).write_pdf()
