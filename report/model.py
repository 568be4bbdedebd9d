"""The report's view-model: what the page shows, as typed records, and nothing it does not.

Values are the warehouse's (dates, numbers, None for "not reported"); how they read on the page is the
template's business. Text from articles is held as plain str: the template escapes it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Marked:
    """A piece of article text with a figure in it marked: before, the figure, after.
    mark is None when the figure could not be placed in the text (then only `before` is shown, whole)."""
    before: str
    mark: str | None = None
    after: str = ""


@dataclass(frozen=True)
class RunHeader:
    run_id: str
    as_of: date | None
    input_dir: str | None
    finished_at: datetime | None
    warehouse: str = ""          # the DuckDB file the report describes


@dataclass(frozen=True)
class Tonight:
    """What arrived in the run (its new or changed files) and what stands open."""
    articles: int
    quarantined: int
    claims: int
    new_flags: int
    new_open_flags: int
    flags: int
    open_flags: int              # dq.run_flags WHERE open: the count of `skytally review` and of the summary
    articles_held: int
    claims_held: int
    previous_run: str | None


@dataclass(frozen=True)
class LeftOut:
    reason: str                  # rejected by an editor, failed a check, no date
    claims: int


@dataclass(frozen=True)
class Day:
    event_date: date | None      # None: the claims without a date
    status: str                  # publishable, needs review, held back
    why: str
    claims: int
    claims_tonight: int
    articles: int
    open_flags: int
    rejected: int
    held_back: int


@dataclass(frozen=True)
class FlagRow:
    flag: str
    severity: str
    message: str
    detail: str
    open: bool
    decision: str | None         # accept, reject (in force on the claim, its statement or its article)
    decided_by: str | None
    new: bool                    # not raised by the previous published run
    claim_id: str | None
    claim: str                   # the claim in words; "" for a flag on the article
    evidence: Marked
    dq_status: str | None


@dataclass(frozen=True)
class StatementGroup:
    """The flags of one statement (a report and its breakdown) or, for flags on no claim, of one article."""
    kind: str                    # statement, article
    key: str                     # report_id ('file.txt#0') or the article's file name: what `review` takes
    source_file: str
    day: date | None
    tonight: bool                # its article arrived in this run
    flags: list[FlagRow]

    @property
    def n_open(self) -> int:
        return sum(f.open for f in self.flags)

    @property
    def n_new(self) -> int:
        return sum(f.new for f in self.flags)


@dataclass(frozen=True)
class ArchivePage:
    number: int
    href: str                    # relative to the report's folder
    first_day: date | None
    last_day: date | None
    statements: list[StatementGroup]
    n_statements: int = 0        # len(statements); kept when a later run reuses this page (statements not read)

    @property
    def kinds(self) -> list[str]:
        """The flag codes on this page, for its filter."""
        return sorted({f.flag for g in self.statements for f in g.flags})


@dataclass(frozen=True)
class DecisionRow:
    decision_id: int
    decided_at: datetime | None
    editor: str
    action: str                  # accept, reject, undo
    target_kind: str | None
    target: str | None
    undoes: int | None
    reason: str
    in_force: bool
    claims: int                  # claims of this run it applies to
    orphaned: bool


@dataclass(frozen=True)
class FlagKind:
    flag: str
    severity: str
    rows: int
    articles: int
    description: str
    open: int = 0


@dataclass(frozen=True)
class ArticleFinding:
    flag: str
    severity: str
    source_file: str | None
    message: str


@dataclass(frozen=True)
class LeftFigure:
    context: Marked              # a few words either side, the figure marked
    rule: str
    why: str


@dataclass(frozen=True)
class LeftArticle:
    source_file: str
    n_left: int                  # every figure left in the article
    figures: list[LeftFigure]    # the first few of them, in reading order

    @property
    def not_shown(self) -> int:
        return self.n_left - len(self.figures)


@dataclass(frozen=True)
class LeftFigures:
    per_article: int             # at most this many figures are shown per article
    articles: list[LeftArticle]  # the most severely flagged articles first, at most a fixed number
    more_articles: int = 0       # flagged articles with figures left that are not listed


@dataclass(frozen=True)
class QuarantinedFile:
    source_file: str
    bytes: int | None
    reason: str
    tonight: bool = True


@dataclass(frozen=True)
class Chart:
    """A chart as inline SVG drawn by report.chart (our code, from warehouse numbers and reference names, every
    text escaped); None when there is nothing to chart."""
    title: str
    svg: str | None
    note: str = ""


@dataclass(frozen=True)
class DailyTotal:
    event_date: date
    authority: str
    total: int | None            # None: not reported (never zero)
    itemised: int | None
    unattributed: int | None
    reports: int | None
    articles: int | None
    has_flagged_claims: bool
    has_overlapping_windows: bool


@dataclass(frozen=True)
class ExpectationResult:
    suite: str
    rule: str
    severity: str
    passed: bool
    description: str
    observed: str                # what GX observed, in words


@dataclass(frozen=True)
class Expectations:
    data_docs_href: str | None   # relative to the report's folder
    results: list[ExpectationResult] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    """index.html: tonight first; the archive pages are in `archive` (written as archive/*.html)."""
    run: RunHeader
    tonight: Tonight
    left_out: list[LeftOut]
    days: list[Day]                          # the days touched tonight, newest first
    statements: list[StatementGroup]         # tonight's: flags on articles that arrived, or new flags
    more_statements: int                     # tonight's groups not shown (over the page's bound), in the archive
    flag_kinds: list[FlagKind]
    article_findings: list[ArticleFinding]
    left_figures: LeftFigures
    quarantine: list[QuarantinedFile]        # tonight's
    decisions: list[DecisionRow]             # the latest few
    n_decisions: int
    charts: list[Chart]
    daily_totals: list[DailyTotal]           # of the days touched tonight
    expectations: Expectations
    archive: Archive
    archive_href: str = "archive/index.html"  # relative to the report's folder


@dataclass(frozen=True)
class Archive:
    """The archive's index (every day with its status, daily totals, decisions, quarantine) and its pages of
    flagged statements (newest first, a fixed number a page), written by report.write into archive/<run_id>/."""
    run: RunHeader
    days: list[Day]
    pages: list[ArchivePage]
    daily_totals: list[DailyTotal]
    decisions: list[DecisionRow]
    quarantine: list[QuarantinedFile]
