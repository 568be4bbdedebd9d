"""Why each number in an article is or is not a claim: one decision per number, with the deciding rule.

The figure and sentence rules record what they leave as they read; the claim stage records what it
folds away (restatements, unsplit groups). What no stage touched is decided here by an article rule.
"""
from __future__ import annotations

from transforms.extract.parse import Sent
from transforms.extract.rules import Rule
from transforms.lexicon import NUMBER, word_value

CLAIM_RULES = [
    Rule("ambiguous_split_not_stated", "claim",
         "'five over the Oryol and Tula regions' where the report's total does not decide the split: no regional claim",
         takes=("The ministry said 14 drones were destroyed: two over the Kursk region and {six} over the Belgorod "
                "and Smolensk regions.",),
         leaves=("The ministry said 30 drones were destroyed: ten over the Bryansk region and {five} over the Oryol "
                 "and Tula regions.",)),
    Rule("headline_restates_body", "claim", "a headline figure that the body gives too is the body's claim",
         takes=("Air defences destroyed {40} drones over the Bryansk region overnight, the ministry said.",),
         leaves=("Russia says it downed {40} drones\n\nThe ministry said air defences destroyed 40 drones over the "
                 "Bryansk region overnight.",)),
    Rule("restated_figure", "claim", "the same source repeating a figure it already gave (a quote of the same statement)",
         takes=("The ministry said 25 drones were destroyed over the Kursk region. Another {25} were downed over "
                "the Bryansk region, it said.",),
         leaves=("The ministry said 25 drones were destroyed over the Kursk region. \"Air defences destroyed {25} "
                 "drones over the Kursk region,\" the statement said.",)),

    Rule("below_region_breakdown", "claim",
         "an official's items below region level that add up to his regional figure are its breakdown, not claims",
         takes=("Governor Alexander Bogomaz said {6} drones were destroyed over the region: one near Klintsy, another "
                "near Starodub and four over the Pogarsky district.",),
         leaves=("Governor Alexander Bogomaz said 6 drones were destroyed over the region: {one} near Klintsy, another "
                 "near Starodub and four over the Pogarsky district.",)),
    Rule("read_not_published", "claim",
         "a figure read as a count that no claim rule published or folded away (an extractor gap: report it)"),
]

ARTICLE_RULES = [
    Rule("no_drone_figure_in_article", "article",
         "an article with no sentence holding both a number and a drone noun states no claim",
         leaves=("The airport suspended {12} flights on Monday evening.",)),
    Rule("outside_claim_sentences", "article",
         "a number in a sentence the extractor did not read for claims (no figure context)"),
]

DECISION_SCHEMA_COLUMNS = ("source_file", "char_start", "char_end", "figure", "value", "taken", "rule")


def _numbers(sentences: list[tuple[int, str]]) -> dict[int, dict]:
    """Every number written in digits or words in (offset, sentence) pairs, keyed by offset in the article
    (articles 'a'/'an' left out)."""
    out = {}
    for start, sentence in sentences:
        for m in NUMBER.finditer(sentence):
            if m["article"]:
                continue
            value = int(m["digits"].replace(",", "")) if m["digits"] else word_value(m["words"])
            out[start + m.start()] = {"char_start": start + m.start(), "char_end": start + m.end(),
                                      "figure": m.group(0), "value": value}
    return out


def untouched_decisions(source_file: str, sentences: list[tuple[int, str]]) -> list[dict]:
    """Decisions for an article the extractor did not read (its sentences that hold a number): every
    number left by no_drone_figure_in_article."""
    return [{"source_file": source_file, **n, "value": _bigint(n["value"]), "taken": False,
             "rule": "no_drone_figure_in_article"} for n in _numbers(sentences).values()]


def article_decisions(source_file: str, text: str, sents: list[Sent], claims: list[dict],
                      dropped: dict[int, str]) -> list[dict]:
    """One decision per number of an article that was read: taken (its claim's rule) or left (the rule that left it).
    Numbers in sentences that were not parsed (context-only sentences) are left by outside_claim_sentences."""
    unparsed = [(s.start, s.text) for s in sents if not s.parsed]
    rows = {k: {**n, "taken": False, "rule": "outside_claim_sentences"} for k, n in _numbers(unparsed).items()}
    claimed = {c["char_start"] for c in claims}
    for s in sents:
        for left in s.left:
            at = s.start + left.start
            rows[at] = {"char_start": at, "char_end": s.start + left.end, "figure": text[at:s.start + left.end],
                        "value": left.value, "taken": False, "rule": left.rule}
        for it in s.items:
            at = s.start + it.start
            taken = at in claimed
            rows[at] = {"char_start": at, "char_end": s.start + it.end, "figure": text[at:s.start + it.end],
                        "value": it.value, "taken": taken, "rule": it.rule if taken else dropped.get(at, "read_not_published")}
    return [{"source_file": source_file, **r, "value": _bigint(r["value"])} for _, r in sorted(rows.items())]


def _bigint(v: int | None) -> int | None:
    """The value as the table's BIGINT holds it: a number too long for it ('9223372036854775808') is NULL."""
    return v if v is not None and -2**63 <= v < 2**63 else None
