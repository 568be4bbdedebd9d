"""One article from start to finish: draw its day and style, write it, and turn it into the bytes of a file
(paragraph breaks, quotes, dashes, line endings and BOM vary by article)."""
from __future__ import annotations

import re
from datetime import timedelta

from synth.doc import Doc
from synth.events import World
from synth.filler import add_boilerplate
from synth.rand import Rng, wchoice
from synth.styles import STYLES
from synth.world import FIRST_DAY, Ref

SENT_SPLIT = re.compile(r"(?<![ap]\.m\.)(?<=[.!?])\s+(?=[A-Z\"])")


def finish(doc: Doc) -> bytes:
    rng = doc.rng
    paras = [p for p in doc.paras if p]
    if doc.lines:
        lines = []
        for p in paras:
            lines.extend(s for s in SENT_SPLIT.split(p) if s)
        body = "\n".join(lines)
        sep = "\n\n"
    else:
        sep = "\n\n" if rng.random() < 0.75 else "\n"
        body = sep.join(paras)
    top = sep.join(doc.top)
    text = doc.headline + "\n\n" + (top + sep if top else "") + body + "\n"
    if doc.curly:
        out = []
        for line in text.split("\n"):
            if '"' in line:
                parts = line.split('"')
                line = parts[0] + "".join(("\u201c" if i % 2 else "\u201d") + s for i, s in enumerate(parts[1:], 1)) \
                    if len(parts) % 2 == 1 else line
            out.append(line.replace("'", "\u2019"))
        text = "\n".join(out)
    if doc.dash != " - ":
        text = text.replace(" - ", doc.dash)
    if rng.random() < 0.03:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if rng.random() < 0.06:
        data = b"\xef\xbb\xbf" + data
    return data



def make_doc(seed: int, idx: int, world: World, ref: Ref, n_days: int) -> tuple[Doc, list[str], bytes]:
    rng = Rng((seed << 32) + idx)
    doc = Doc(rng, idx, world, ref)
    d = FIRST_DAY + timedelta(days=rng.randrange(n_days))
    style = wchoice(rng, STYLES)
    style(doc, d)
    add_boilerplate(doc)
    flags = doc.final_flags()
    data = finish(doc)
    return doc, flags, data
