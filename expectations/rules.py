"""The data-quality rules: name (the flag code), severity and a description an editor can read.

Severity decides what happens to a claim: `error` fails it (kept in marts.claims, left out of the
daily tables); `warn` publishes it with its flag; `info` is recorded only.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from transforms.vocabulary import Severity


@dataclass(frozen=True)
class Rule:
    flag: str
    severity: Severity
    description: str
    source: str          # 'ingest' (a file), 'extraction' (found while reading), 'sql' (set-level query), 'gx' (column expectation)

    @property
    def sql_file(self) -> str:
        """Where a set-level rule's SQL is: expectations/sql/<flag>.sql, the offending rows (source_file,
        claim_id, message, detail). Parameters are DuckDB variables (getvariable('spike_factor')), so the file
        runs as written in the DuckDB shell after `SET VARIABLE spike_factor = 5.0;`."""
        return f"sql/{self.flag}.sql"

    @property
    def sql_text(self) -> str:
        return resources.files(__package__).joinpath(self.sql_file).read_text(encoding="utf-8")


RULES: list[Rule] = [
    # counts
    Rule("implausible_count", "error", "The figure is zero, negative, or far above the largest number of drones ever claimed in one report; it is more likely a misread number (production, a running total) than a record.", "sql"),
    Rule("breakdown_sum_mismatch", "warn", "The regional figures of one statement add up to more than the statement's own total: either the total or a regional figure is wrong.", "sql"),
    Rule("breakdown_partial", "info", "The regional figures add up to less than the total; the rest was not attributed to any region.", "sql"),
    Rule("ambiguous_count", "warn", "One figure was given for several regions together (\"six over Belgorod and Smolensk\") without saying how it splits; it was split only where the total decides it.", "extraction"),
    Rule("relay_mismatch", "warn", "An outlet relays the statement with another figure than the authority's own post (its Telegram channel) gives for the same day and region: the two are shown side by side; the post is the source.", "sql"),
    Rule("source_discrepancy", "warn", "Two authorities give different figures for the same region and the same night or day.", "sql"),
    Rule("regional_spike", "warn", "A region's figure is far above its own level over the previous two weeks: check before publishing.", "sql"),
    # time windows and dates
    Rule("window_mismatch", "warn", "A governor's or mayor's time window is not inside the ministry's window for the same night or day.", "sql"),
    Rule("overlapping_windows", "warn", "Two statements of one authority on one day cover overlapping windows: adding them up may count the same drones twice.", "sql"),
    Rule("date_unresolved", "info", "The calendar day of the claim cannot be pinned from the text and the publication date; it stays out of the daily tables.", "sql"),
    Rule("event_after_published", "error", "The event is dated after the article was published, which cannot be right.", "sql"),
    Rule("event_long_before_published", "warn", "The event is dated long before publication: a misread year or a look back, not news.", "sql"),
    Rule("period_inconsistent", "warn", "The words say night (or day) but the stated clock times are a day-time (or night-time) window: one of them is misreported.", "extraction"),
    Rule("window_incomplete", "error", "Only one end of the time window was read.", "gx"),
    # names and places
    Rule("unknown_district", "warn", "A named district does not belong to the named region (nearest real districts in the message).", "extraction"),
    Rule("official_name_mismatch", "warn", "The official's name is misspelt, written in mixed Latin and Cyrillic letters, or is not the person who holds that office.", "extraction"),
    Rule("region_unresolved", "error", "A regional figure whose region could not be resolved to a code.", "sql"),
    Rule("value_out_of_vocabulary", "error", "A column holds a value outside its allowed set (authority, scope, qualifier, period, region code).", "gx"),
    # articles
    Rule("boilerplate", "info", "Text that is not part of the article (site footers, shortcodes, a repeated headline, unrelated headlines) was found and removed.", "extraction"),
    Rule("not_an_article", "info", "After cleaning, the file holds almost no text (only boilerplate, or a few words): nothing to extract.", "extraction"),
    Rule("duplicate_article", "info", "The same text arrived under another file name; its figures count once.", "sql"),
    Rule("text_repaired", "warn", "Some bytes of the file were not valid text and were replaced; check the figures against the original.", "extraction"),
    Rule("quarantined", "error", "The file could not be read as an article and was kept in raw.quarantine with its original bytes.", "ingest"),
    Rule("manifest_problem", "warn", "A row of manifest.csv could not be used as written (a file it does not hold, a date that is not one, a second row for one file): the article is read without that row's metadata.", "ingest"),
]

BY_FLAG = {r.flag: r for r in RULES}


def severity(flag: str) -> str:
    return BY_FLAG[flag].severity if flag in BY_FLAG else "warn"


def severities() -> dict[str, str]:
    """flag -> severity of every rule: what makes a finding (transforms.vocabulary.finding) a dq.flags row."""
    return {flag: str(rule.severity) for flag, rule in BY_FLAG.items()}
