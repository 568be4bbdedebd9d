"""The report's pages from its view-model: Jinja2 templates with autoescaping on for every expression.

Article text (evidence, file names, messages) is untrusted: it reaches a page only through `{{ }}`, which
escapes it. The one value written unescaped is the charts' SVG, drawn by report.chart (which escapes its text).
"""
from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

from report.model import Archive, ArchivePage, Report, RunHeader

# autoescape=True, not select_autoescape(): that picks by file extension and leaves '.html.j2' unescaped.
# StrictUndefined: a field the template names but the model lacks fails the render instead of showing "".
_ENV = Environment(loader=PackageLoader("report", "templates"), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render(report: Report) -> str:
    """index.html: tonight first."""
    return _ENV.get_template("index.html.j2").render(r=report)


def render_archive_index(archive: Archive) -> str:
    """archive/index.html: every day with its status, the pages of flagged statements, decisions, quarantine."""
    return _ENV.get_template("archive_index.html.j2").render(a=archive)


def render_archive_page(run: RunHeader, page: ArchivePage, n_pages: int) -> str:
    """archive/flags-N.html: one page of flagged statements."""
    return _ENV.get_template("archive_flags.html.j2").render(run=run, p=page, n_pages=n_pages)
