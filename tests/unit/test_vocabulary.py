"""One definition of a claim's columns and coded values: the DDL, the column comments, the GX suite and the rule
registry agree with transforms/vocabulary.py."""
import re
from importlib import resources

from expectations import suite
from expectations.rules import RULES
from transforms.vocabulary import CLAIM_COLUMNS, CODED_COLUMNS, Severity, values


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


def test_every_flag_the_transforms_raise_is_registered_once():
    from pathlib import Path

    from expectations.rules import BY_FLAG

    assert len(BY_FLAG) == len(RULES)
    root = Path(__file__).resolve().parents[2] / "transforms"
    raised = {m for p in root.rglob("*.py") for m in re.findall(r"\"flag\": \"(\w+)\"", p.read_text(encoding="utf-8"))}
    assert raised and raised <= set(BY_FLAG), raised - set(BY_FLAG)
