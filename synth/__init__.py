"""Synthetic labelled articles for tests and benchmarks (`skytally generate`).

    generate(n_docs, seed, out_dir) -> dict of counts

writes English news articles about drones said to have been shot down over Russian regions, with their labels
(`gold.jsonl`, format of ../shared/seeds/LABELS.md) and `manifest.csv`. The same seed gives a byte-identical
corpus.

Layout of the package, by job:
- world: the places and people (read through transforms.reference, the extractor's own tables) and the calendar;
  events: what the authorities said, day by day, each value from its own seeded `Rng` (rand);
- doc, wording, naming: one article being written, and how numbers, dates, windows, regions and officials are
  written in it; ministry, governors, filler, styles: the paragraphs and the article styles;
- templates: the loader of the wording kept as data in templates/*.toml;
- labels: the gold records (claims, flags derived from what was rendered); article: one article's bytes;
  writer: the files, manifest.csv and gold.jsonl.
Only the stdlib and transforms.reference are used; no global random state; no set is iterated for output."""
from synth.writer import generate

__all__ = ["generate"]
