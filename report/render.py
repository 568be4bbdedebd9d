"""The report's page from its view-model: a Jinja2 template with autoescaping on for every expression.

Article text (evidence, file names, messages) is untrusted: it reaches the page only through `{{ }}`,
which escapes it. The one value written unescaped is the chart's SVG, drawn by report.chart.
"""
from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from report.model import Report

# autoescape=True, not select_autoescape(): that picks by file extension and leaves '.html.j2' unescaped.
# StrictUndefined: a field the template names but the model lacks fails the render instead of showing "".
_ENV = Environment(loader=PackageLoader("report", "templates"), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(report: Report) -> str:
    """The whole page, one static HTML document."""
    return _ENV.get_template("index.html.j2").render(r=report)
