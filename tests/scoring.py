"""Claim precision/recall/F1 against gold labels, with the key of ../shared/tools/score_claims.py
(article, authority, scope, region, figure; optional claims neither rewarded nor penalised).
Kept in the project so the development-set test also runs where ../shared is absent."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path, PurePosixPath


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def claim_f1(gold_docs: list[dict], predicted: list[tuple]) -> dict:
    """predicted: (source_file, authority, scope, region_code, drones) rows."""
    docs = {g["doc"] for g in gold_docs}
    gold, optional = Counter(), set()
    for g in gold_docs:
        for c in g["claims"]:
            gold[(g["doc"], c["authority"], c["scope"], c["region"], int(c["count"]))] += 1
        for c in g.get("optional_claims", []):
            optional.add((g["doc"], c["authority"], c["scope"], c["region"], int(c["count"])))
    pred = Counter((PurePosixPath(sf).name, a, s, r, int(n)) for sf, a, s, r, n in predicted if PurePosixPath(sf).name in docs)
    tp = sum(min(n, pred[k]) for k, n in gold.items())
    fn = sum(max(0, n - pred[k]) for k, n in gold.items())
    fp = sum(max(0, n - gold[k]) for k, n in pred.items() if k not in optional)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "missed": sorted(k for k in gold if pred[k] < gold[k]),
            "extra": sorted(k for k in pred if pred[k] > gold[k] and k not in optional)}
