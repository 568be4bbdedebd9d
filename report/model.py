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


@dataclass(frozen=True)
class Card:
    """One figure of "the run at a glance"."""
    label: str
    value: int


@dataclass(frozen=True)
class FlagKind:
    flag: str
    severity: str
    rows: int
    articles: int
    description: str


@dataclass(frozen=True)
class FlaggedClaim:
    flag: str
    severity: str
    source_file: str
    claim_id: str
    claim: str                   # the claim in words: who, how many, where, when
    evidence: Marked
    message: str
    detail: str                  # the figures compared, "key: value, ..."; "" when none
    rule_description: str | None
    dq_status: str
    editor_decision: str | None


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


@dataclass(frozen=True)
class AppliedDecision:
    claim_id: str
    decision: str
    editor: str
    reason: str | None
    decided_at: datetime | None
    status: str


@dataclass(frozen=True)
class Chart:
    """The chart as inline SVG drawn by report.chart (our code, from warehouse numbers, no article text);
    None when there is nothing to chart."""
    svg: str | None


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
    observed: str | None         # GX's observation as JSON text


@dataclass(frozen=True)
class Expectations:
    data_docs_href: str | None   # relative to the report's folder
    results: list[ExpectationResult] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    run: RunHeader
    cards: list[Card]
    flag_kinds: list[FlagKind]
    flagged_claims: list[FlaggedClaim]
    article_findings: list[ArticleFinding]
    left_figures: LeftFigures
    quarantine: list[QuarantinedFile]
    decisions: list[AppliedDecision]
    chart: Chart
    daily_totals: list[DailyTotal]
    expectations: Expectations
