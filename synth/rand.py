"""Seeded randomness for the generator: every draw goes through an explicit `Rng`, never the global state."""
from __future__ import annotations

import random


class Rng(random.Random):
    """random.Random with cheaper choice/randint (one call to random() each; same determinism)."""

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))



def wchoice(rng: random.Random, pairs):
    total = 0.0
    for _, w in pairs:
        total += w
    x = rng.random() * total
    for item, w in pairs:
        x -= w
        if x < 0:
            return item
    return pairs[-1][0]


def weighted_sample(rng: random.Random, pairs, k: int) -> list:
    pool = list(pairs)
    out = []
    while pool and len(out) < k:
        item = wchoice(rng, pool)
        out.append(item)
        pool = [p for p in pool if p[0] != item]
    return out


def split_count(rng: random.Random, total: int, k: int) -> list:
    """k positive integers summing to total, skewed (first is the largest share)."""
    k = max(1, min(k, total))
    weights = [rng.random() ** 1.6 + 0.05 for _ in range(k)]
    s = sum(weights)
    parts = [1 + int((total - k) * w / s) for w in weights]
    rest = total - sum(parts)
    i = 0
    while rest > 0:
        parts[i % k] += 1
        rest -= 1
        i += 1
    return sorted(parts, reverse=True)

