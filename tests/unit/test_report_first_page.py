"""Tonight's page picks its statements from a stream of groups (report.build.first_page), holding only those that
may be shown: it must choose what the plain rule over the whole list chooses."""
from __future__ import annotations

import random
from datetime import date

from report.build import first_page
from report.model import FlagRow, Marked, StatementGroup


def flag(new: bool) -> FlagRow:
    return FlagRow("source_discrepancy", "warn", "m", "", True, None, None, new, "c", "", Marked(""), "warn")


def group(i: int, tonight: bool, n_flags: int, n_new: int) -> StatementGroup:
    return StatementGroup("statement", f"a{i}.txt#0", f"a{i}.txt", date(2025, 7, 20), tonight,
                          [flag(k < n_new) for k in range(n_flags)])


def plain_rule(groups: list[StatementGroup], max_rows: int) -> list[StatementGroup]:
    """The rule as the page states it, over every group at once: tonight's statements, then those with new flags,
    while their rows fit (at least one), shown in the archive's order."""
    chosen, rows = [], 0
    for g in [g for g in groups if g.tonight] + [g for g in groups if not g.tonight and g.n_new]:
        if chosen and rows + len(g.flags) > max_rows:
            break
        chosen.append(g)
        rows += len(g.flags)
    return [g for g in groups if any(g is c for c in chosen)]


def test_streamed_choice_is_the_plain_rules_choice():
    rng = random.Random(13)
    for _ in range(3000):
        n = rng.randint(0, 12)
        groups = []
        for i in range(n):
            n_flags = rng.randint(1, 6)
            groups.append(group(i, rng.random() < 0.4, n_flags, rng.choice([0, 0, rng.randint(1, n_flags)])))
        max_rows = rng.randint(1, 15)
        chosen, count = first_page(iter(groups), max_rows)
        assert chosen == plain_rule(groups, max_rows) and count == n


def test_one_statement_larger_than_the_page_is_still_shown():
    big = group(0, True, 40, 0)
    assert first_page(iter([big, group(1, True, 1, 0)]), 10) == ([big], 2)


def test_new_flags_fill_what_tonight_leaves_and_nothing_after_the_first_that_does_not_fit():
    t, n1, n2, n3 = group(0, True, 3, 0), group(1, False, 4, 1), group(2, False, 5, 5), group(3, False, 1, 1)
    assert first_page(iter([n1, t, n2, n3]), 8) == ([n1, t], 4)
