"""One definition of a claim's columns and coded values: the DDL, the column comments, the GX suite and the rule
registry agree with transforms/vocabulary.py."""
import re
from importlib import resources

from expectations import suite
from expectations.rules import RULES
from transforms.vocabulary import CLAIM_COLUMNS, CODED_COLUMNS, FINDING_COLUMNS, Flag, Severity, finding, values


def _sql(name: str) -> str:
    return resources.files("warehouse").joinpath("sql", name).read_text(encoding="utf-8")


def test_staging_ddl_has_every_claim_column():
    ddl = _sql("20_staging.sql")
    block = ddl[ddl.index("staging.stg_claims"):]
    block = block[:block.index(");")]
    columns = re.findall(r"^\s{4}(\w+)\s", block, re.MULTILINE)
    assert set(CLAIM_COLUMNS) <= set(columns), set(CLAIM_COLUMNS) - set(columns)


def test_every_coded_column_comment_names_every_value():
    comments = _sql("marts_comments.sql")
    for column, enum in CODED_COLUMNS.items():
        line = next(x for x in comments.splitlines() if f"marts.claims.{column} IS" in x)
        assert all(v in line for v in values(enum)), (column, line)


def test_the_suite_checks_the_same_values():
    assert (suite.AUTHORITIES, suite.SCOPES, suite.QUALIFIERS, suite.PERIODS, suite.PRECISIONS) == tuple(
        values(CODED_COLUMNS[c]) for c in ("authority", "scope", "qualifier", "period", "date_precision"))


def test_every_rule_has_a_known_severity():
    assert {r.severity for r in RULES} <= set(values(Severity))


def test_every_flag_has_exactly_one_rule():
    from collections import Counter

    counts = Counter(r.flag for r in RULES)
    assert set(counts) == set(values(Flag)), set(counts) ^ set(values(Flag))
    assert max(counts.values()) == 1


def test_a_finding_is_of_a_known_flag_and_keeps_its_detail_as_json():
    import pytest

    f = finding(Flag.UNKNOWN_DISTRICT, "a.txt", "'Foo' is not a district of Kursk Oblast", "c1", {"written": "Foo"})
    assert f == {"source_file": "a.txt", "claim_id": "c1", "flag": "unknown_district",
                 "message": "'Foo' is not a district of Kursk Oblast", "detail": '{"written": "Foo"}'}
    assert list(f) == list(FINDING_COLUMNS)
    with pytest.raises(ValueError):
        finding("unknown_districts", "a.txt", "a typo of a flag code")


def test_the_transforms_build_findings_only_with_the_constructor():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    written = [f"{p.relative_to(root)}" for pkg in ("transforms", "expectations") for p in (root / pkg).rglob("*.py")
               if re.search(r"[\"']flag[\"']:\s*[\"']\w+[\"']", p.read_text(encoding="utf-8"))]
    assert written == []


def test_the_rules_table_of_the_docs_is_the_registry():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| [\w ]+ \| `(\w+)` \| (\w+) \| (\w+) \|$", doc, re.MULTILINE))
    assert rows == {(r.flag, r.severity, r.source) for r in RULES}
