"""Every extraction rule's examples, run through the whole extractor: a `takes` example's marked figure
must come out taken, a `leaves` example's must be left by that very rule. Plus the decisions table
accounts for every number of an article."""
from datetime import date

import polars as pl
import pytest

from transforms.staging import Staged, stage_batch
from transforms.extract import RULES
from transforms.extract.rules import unmark

AS_OF = date(2025, 12, 31)


def stage(text: str, published: str | None = "2025-07-21") -> Staged:
    raw = pl.DataFrame({"source_file": ["t.txt"], "sha256": ["x"], "text": [text], "published": [published],
                        "outlet": [None], "source_url": [None], "encoding": ["utf-8"]})
    return stage_batch(raw, AS_OF)


def decision_at(example: str) -> dict:
    text, start, end = unmark(example)
    staged = stage(text)
    clean = staged.articles["clean_text"][0]
    # cleaning may trim the text: find the marked figure with its surroundings in the cleaned text
    lo = max(0, start - 12)
    at = clean.find(text[lo:end + 12]) + (start - lo) if clean != text else start
    rows = staged.decisions.filter(pl.col("char_start") == at).to_dicts()
    assert rows, f"no decision recorded for {text[start:end]!r} in {text!r}: {staged.decisions.to_dicts()}"
    return rows[0]


EXAMPLES = [(r.name, "takes", e) for r in RULES for e in r.takes] + [(r.name, "leaves", e) for r in RULES for e in r.leaves]


@pytest.mark.parametrize("rule,kind,example", EXAMPLES, ids=[f"{r}-{k}-{i}" for i, (r, k, _) in enumerate(EXAMPLES)])
def test_rule_examples(rule, kind, example):
    d = decision_at(example)
    if kind == "takes":
        assert d["taken"], (rule, example, d)
    else:
        assert not d["taken"] and d["rule"] == rule, (rule, example, d)


def test_rules_are_named_once_and_described():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for r in RULES:
        assert r.description and r.stage in {"figure", "sentence", "claim", "article"}, r
    # every rule that can leave a number shows what it leaves, except the gap detector and the catch-all
    silent = {r.name for r in RULES if not r.leaves and r.stage != "figure" or (r.stage == "figure" and not (r.takes or r.leaves))}
    assert silent <= {"read_not_published", "outside_claim_sentences", "drone_noun_figure", "bare_figure"}, silent


def test_decisions_account_for_every_number_of_an_article():
    text = ("Russia says it downed 18 drones\n\n"
            "MOSCOW, July 21 (Reuters) - Russian air defences destroyed 18 Ukrainian drones overnight, "
            "the Defence Ministry said on Monday, 12 of them over the Bryansk region and six over the Kursk region. "
            "Two people were injured and 40 flights were delayed at Moscow airports, officials said.")
    staged = stage(text)
    d = {row["figure"].lower(): row for row in staged.decisions.to_dicts()}
    assert set(d) == {"18", "21", "12", "six", "two", "40"}
    assert {k for k, v in d.items() if v["taken"]} == {"18", "12", "six"}
    assert d["21"]["rule"] == "day_of_month"
    assert d["two"]["rule"] == d["40"]["rule"] == "counts_other_noun"
    # one of the two 18s is the claim, the headline's is folded into it
    eighteens = staged.decisions.filter(pl.col("figure") == "18").sort("char_start").to_dicts()
    assert [r["rule"] for r in eighteens] == ["headline_restates_body", "drone_noun_figure"]
    claimed = set(staged.claims["char_start"].to_list())
    assert claimed == set(staged.decisions.filter(pl.col("taken"))["char_start"].to_list())


def test_an_article_with_no_drone_figure_is_decided_too():
    staged = stage("The airport suspended 12 flights on Monday evening and 300 passengers waited.")
    assert staged.claims.height == 0
    assert set(staged.decisions["rule"]) == {"no_drone_figure_in_article"}
    assert sorted(staged.decisions["value"].to_list()) == [12, 300]
