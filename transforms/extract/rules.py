"""What every extraction rule is: a name, the stage that applies it, the construction it reads, and
examples it must take and must leave (the figure the rule is about written in braces: `{7}`)."""
from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str              # figure, sentence, report, claim, article
    description: str
    takes: tuple[str, ...] = ()
    leaves: tuple[str, ...] = ()


def unmark(example: str) -> tuple[str, int, int]:
    """An example without its braces, and the offsets of the figure the braces marked."""
    m = _MARK.search(example)
    if m is None:
        raise ValueError(f"example has no {{figure}} marked: {example!r}")
    text = example[:m.start()] + m.group(1) + example[m.end():]
    return text, m.start(), m.start() + len(m.group(1))
