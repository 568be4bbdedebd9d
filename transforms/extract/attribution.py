"""Who gives a sentence's figures: the strongest source cue in it (ministry, governor, mayor, other)."""
from __future__ import annotations

import re
from typing import NamedTuple

from transforms import places, reference
from transforms.lexicon import NUMBER, rx


class SourceCue(NamedTuple):
    kind: str        # mod, governor, mayor, other
    strength: str    # strong (named), explicit (an unnamed source said so), weak (vague or inside a quote)
    pos: int         # where the cue stands in the sentence


_ACTOR_OF = re.compile(r"\b(?:units?|forces|systems|troops|crews|means)\s+of\s+(?:the\s+)?(?:russian\s+)?$", re.IGNORECASE)
_RELATIVE = re.compile(r",\s*(?:where|when|whose|after|as)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)
_NEGATED_SPEECH = re.compile(r"[\w\s'’]{0,25}?\b(?:had|has|have|did|does|was|were)\s*(?:not|n[o'’]t|never)\s+(?:yet\s+)?"
                             r"(?:publish|comment|give|say|confirm|report|disclose|release|provide|issue)", re.IGNORECASE)
_QUOTE = re.compile(r"[\"“«][^\"”»]*(?:[\"”»]|$)")
# the first mark closes a quote: a closing curly quote or guillemet, or a lone straight quote followed by the
# attribution's punctuation ('..." he wrote', '...", - написал он')
_CLOSES_FIRST = re.compile(r"^[^\"“«”»]*[”»]|^(?![\"“«])[^\"“«”»]*(?:[,.!?…]\"|\"(?=\s*(?:[,.;!?]\s*)?(?:[-–—]|$)|,))(?=[^\"]*$)")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks. A sentence that ends a quote begun in an earlier sentence ('... at the site," he
    wrote') is quoted up to its closing mark, so the speaker after it is not taken for a name inside the quote."""
    spans = []
    m = _CLOSES_FIRST.match(text)
    if m:
        spans.append((0, m.end()))
    spans.extend((q.start(), q.end()) for q in _QUOTE.finditer(text, m.end() if m else 0))
    return spans


def authority_cue(text: str, officials: list[places.OfficialHit]) -> SourceCue | None:
    cues: list[SourceCue] = []
    # a source named inside a quotation is part of what the speaker says, not the speaker
    quoted = quoted_spans(text)
    for kind, strength in (("mod", "strong"), ("governor", "strong"), ("mayor", "strong"), ("other", "explicit"), ("weak_other", "weak")):
        for m in rx(kind).finditer(text):
            if kind == "mod" and re.search(r"ukrain\w*[\s'’s]*(?:\w+\s+){0,2}$", text[max(0, m.start() - 30):m.start()], re.I):
                continue
            in_quote = any(a < m.start() < b for a, b in quoted)
            # "he wrote that air defence units of the Defence Ministry shot down two": the ministry acts, the
            # writer speaks
            in_quote = in_quote or (kind == "mod" and bool(_ACTOR_OF.search(text, max(0, m.start() - 30), m.start())))
            # "... 22 over the Saratov region, where the governor reported a fire": a relative clause's subject
            in_quote = in_quote or bool(_RELATIVE.search(text, max(0, m.start() - 25), m.start()))
            # "The Defence Ministry had not published its own figures": a source said not to have spoken
            in_quote = in_quote or bool(_NEGATED_SPEECH.match(text, m.end()))
            cues.append(SourceCue("other" if kind == "weak_other" else kind, "weak" if in_quote else strength, m.start()))
    speaker = None
    for o in officials:
        kind = o.official.office if o.official.office in ("governor", "mayor") else "governor"
        cues.append(SourceCue(kind, "strong", o.start))
        # "..., Sobyanin wrote" / "according to Gov. Klychkov": the person speaking, whatever their quote names
        if _SPEECH_AFTER.match(text[o.end:o.end + 40]) or _SPEECH_BEFORE.search(text[max(0, o.start - 40):o.start]):
            speaker = SourceCue(kind, "strong", o.start)
    if speaker:
        return speaker
    if not cues:
        return None
    rank = {"strong": 0, "explicit": 1, "weak": 2}
    # the strongest cue; among equals, the first in the sentence (the attribution usually leads)
    return sorted(cues, key=lambda c: (rank[c[1]], c[2]))[0]


_SPEECH_AFTER = re.compile(r"^[’'s]*\s*(?:\([^)]*\)\s*)?(?:has\s+|had\s+)?(?:said|says|wrote|writes|posted|reported|reports|announced|stated|confirmed|added|summed up|told)\b", re.IGNORECASE)
_SPEECH_BEFORE = re.compile(r"(?:according\s+to|said|wrote)\s+(?:the\s+)?(?:\w+\s+){0,3}$", re.IGNORECASE)



def drop_trailing_vague_source(cue: SourceCue | None, text: str) -> SourceCue | None:
    """A hedge ("reportedly") after the figures describes a detail, not who gave the figures."""
    if cue and cue.strength != "strong":
        first = min((m.start() for m in NUMBER.finditer(text) if m["digits"] or m["words"]), default=None)
        if first is not None and cue.pos > first + 40:
            return None
    return cue


class Channel(NamedTuple):
    """The authority whose own channel published an article (its manifest outlet or source URL)."""
    authority: str
    region_code: str | None


def channel_of(outlet: str | None, source_url: str | None) -> Channel | None:
    """'Минобороны России (Telegram)', 'https://t.me/mod_russia/...', 'Telegram-канал губернатора Брянской области'."""
    label = " ".join(x for x in (outlet, source_url) if x)
    if not label:
        return None
    for c in reference.channel_patterns():
        if c.pattern.search(label):
            region = c.region_code
            if region is None and c.authority != "mod":
                from transforms.extract.ru import region_named   # the channel's name gives its region in Russian
                region = region_named(label) or next((h.code for h in places.region_hits(label)), None)
                if region is None:
                    return None
            return Channel(c.authority, region)
    return None
