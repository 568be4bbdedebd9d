"""Regions, districts and officials named in a sentence, resolved against the reference tables."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from transforms.lexicon import REGION_TAIL
from transforms.reference import Official, districts, officials, region_aliases

# Cyrillic letters that look like Latin ones: a name typed with both scripts.
_CONFUSABLE = str.maketrans("АВЕКМНОРСТХаеорсухіїјѕ", "ABEKMHOPCTXaeopcyxiijs")
FUZZY_DISTRICT = 84
FUZZY_SURNAME = 84


@dataclass(frozen=True)
class RegionHit:
    start: int
    end: int
    code: str
    plural: bool = False   # "the Kursk and Belgorod regions"


@dataclass(frozen=True)
class DistrictHit:
    start: int
    end: int
    names: tuple[str, ...]   # as written, without the word "district"


@dataclass(frozen=True)
class OfficialHit:
    start: int
    end: int
    official: Official
    written: str
    problem: str | None      # why the name does not match the reference, if it does not


_NAME = r"[A-ZА-ЯЁ][\w'’-]*(?:\s+[A-ZА-ЯЁ][\w'’-]*)?"
_NAMES = rf"(?P<names>{_NAME}(?:\s*,\s*{_NAME})*(?:\s*,?\s+and\s+{_NAME})?)"
_DWORD = r"(?:(?:municipal|urban|city)\s+)?(?:districts?|raions?|urban\s+okrugs?|municipal\s+okrugs?|okrugs?|районах?|района|район|районов)"
DISTRICT_AFTER = re.compile(rf"\b{_NAMES}\s+{_DWORD}\b")
DISTRICT_BEFORE = re.compile(rf"\b{_DWORD}\s*(?::|—|–|-|of)\s*{_NAMES}")
_NOT_NAMES = {"the", "The", "four", "Four", "several", "Several", "two", "Two", "three", "Three", "five", "Five", "six",
              "Six", "distinct", "multiple", "various", "these", "These", "other", "Other", "border", "Border", "its", "Its"}


def district_hits(sentence: str) -> list[DistrictHit]:
    low = sentence.lower()
    if not any(w in low for w in _DISTRICT_WORDS):   # the patterns need one of these words
        return []
    hits = []
    for rx in (DISTRICT_AFTER, DISTRICT_BEFORE):
        for m in rx.finditer(sentence):
            names = [n.strip() for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m["names"]) if n.strip()]
            names = [_strip_article(n) for n in names if n.split()[0] not in _NOT_NAMES or len(n.split()) > 1]
            names = [n for n in names if n and n not in _NOT_NAMES]
            if names and not any(h.start <= m.start() < h.end for h in hits):
                hits.append(DistrictHit(m.start("names"), m.end(), tuple(names)))
    return hits


_DISTRICT_WORDS = ("district", "raion", "okrug", "район")


def _strip_article(n: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", n).strip()


_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")


class _Span:
    __slots__ = ("_start", "_end")

    def __init__(self, start: int, end: int):
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


@cache
def _alias_index() -> tuple[dict[str, str], dict[str, int]]:
    """Region aliases keyed by their words (lowercase, '.' dropped), and per first word the longest alias."""
    index: dict[str, str] = {}
    first: dict[str, int] = {}
    for alias, code in region_aliases().items():
        words = _TOKEN.findall(alias.replace(".", " ").replace("’", "'"))
        index.setdefault(" ".join(words), code)
        first[words[0]] = max(first.get(words[0], 1), len(words))
    return index, first


def _alias_matches(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of region aliases: longest match of 1..n words at each word, left to right.

    A dictionary lookup per word n-gram: the same result as one big alternation regex, far faster."""
    index, first = _alias_index()
    toks = [(m.start(), m.end(), m.group(0).lower().replace("’", "'")) for m in _TOKEN.finditer(sentence)]
    out, i = [], 0
    while i < len(toks):
        longest = first.get(toks[i][2])
        if longest is None:
            i += 1
            continue
        for n in range(min(longest, len(toks) - i), 0, -1):
            key = " ".join(t[2] for t in toks[i:i + n])
            code = index.get(key)
            if code is not None:
                out.append((toks[i][0], toks[i + n - 1][1], code))
                i += n
                break
        else:
            i += 1
    return out


_SEA_CODES = {"black": "black-sea", "azov": "sea-of-azov", "caspian": "caspian-sea", "baltic": "baltic-sea"}
_TWO_SEAS = re.compile(r"\b(Black|Azov|Caspian|Baltic)\s+and\s+(?:the\s+)?(Black|Azov|Caspian|Baltic)\s+[Ss]eas\b")


def region_hits(sentence: str, masked: list[tuple[int, int]] = ()) -> list[RegionHit]:  # noqa: C901 - one pass over a sentence's region aliases, each kept or dropped by its context; not yet split
    """Regions named in a sentence, outside the masked spans (district names)."""
    out: list[RegionHit] = []
    for start, stop, code in _alias_matches(sentence):
        if any(a <= start < b for a, b in masked):
            continue
        m = _Span(start, stop)
        tail = REGION_TAIL.match(sentence[m.end():])
        plural = bool(tail and tail.group(0).strip().lower() in ("regions", "oblasts", "territories"))
        end = m.end() + (tail.end() if tail else 0)
        # "Moscow" followed by "region"/"oblast", or inside "the Moscow and Kaluga regions": the oblast
        if code == "RU-MOW" and tail and tail.group(0).strip().lower() in ("region", "oblast", "regions", "oblasts", "area", "province"):
            code = "RU-MOS"
        # a person's name ("Vladimir Putin") or the Moscow city/region adjective: skip capitalised follower names
        if re.match(r"\s+[A-Z][a-z]+(?:ov|ev|in|sky|ko)\b", sentence[m.end():]) and not tail:
            continue
        out.append(RegionHit(m.start(), end, code, plural))
    # "the waters of the Black and Azov Seas": two water areas sharing one noun
    for m in (_TWO_SEAS.finditer(sentence) if "eas" in sentence else ()):
        if not any(a <= m.start() < b for a, b in masked):
            out.extend(RegionHit(m.start(g), m.end(g), _SEA_CODES[m.group(g).lower()], True) for g in (1, 2))
    out.sort(key=lambda h: h.start)
    # "the Moscow and Kaluga regions": a plural tail makes every region of the list an oblast
    for i, h in enumerate(out):
        if h.code == "RU-MOW":
            later = [x for x in out[i + 1:] if x.plural and x.start - h.end < 40]
            if later and re.fullmatch(r"[\s,]*(?:and\s+)?(?:the\s+)?", sentence[h.end:later[0].start]) is not None:
                out[i] = RegionHit(h.start, h.end, "RU-MOS", True)
            elif later and "," in sentence[h.end:later[0].start] or later and " and " in sentence[h.end:later[0].start]:
                out[i] = RegionHit(h.start, h.end, "RU-MOS", True)
    return out


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).lower().replace("’", "'")
    return re.sub(r"\s+", " ", s).strip()


def has_gazetteer(region_code: str | None) -> bool:
    return bool(region_code) and region_code in districts()


@cache
def _district_regions() -> dict[str, set[str]]:
    """alias -> the regions that hold a district of that name (exact aliases only)."""
    out: dict[str, set[str]] = {}
    for code, table in districts().items():
        for _, aliases in table:
            for a in aliases:
                out.setdefault(a, set()).add(code)
    return out


def district_region(names: tuple[str, ...]) -> str | None:
    """The one region whose gazetteer holds every name ('Lyubertsy' -> RU-MOS); None if unknown or ambiguous."""
    codes = [_district_regions().get(_norm(n), set()) for n in names]
    common = set.intersection(*codes) if codes else set()
    return common.pop() if len(common) == 1 else None


def resolve_district(name: str, region_code: str | None) -> tuple[str | None, list[str]]:
    """(canonical name, nearest candidates). None when the name is not a district of the region."""
    if not region_code or region_code not in districts():
        return None, []
    table = districts()[region_code]
    key = _norm(name)
    for canon, aliases in table:
        if key in aliases:
            return canon, []
    choices = {a: canon for canon, aliases in table for a in aliases}
    best = process.extract(key, list(choices), scorer=fuzz.ratio, limit=5)
    if best and best[0][1] >= FUZZY_DISTRICT:
        return choices[best[0][0]], []
    seen: list[str] = []
    for alias, _, _ in best:
        if choices[alias] not in seen:
            seen.append(choices[alias])
    return None, seen[:3]


def mixed_script(s: str) -> bool:
    if s.isascii():
        return False
    has_lat = bool(re.search(r"[A-Za-z]", s))
    has_cyr = bool(re.search(r"[А-Яа-яЁё]", s))
    return has_lat and has_cyr


@cache
def _surname_index() -> dict[str, list[Official]]:
    idx: dict[str, list[Official]] = {}
    for o in officials():
        for alias in o.aliases:
            idx.setdefault(alias.split()[-1], []).append(o)
    return idx


_POSSESSIVE = re.compile(r"['’]s?$")
_CAP_WORD = re.compile(r"[A-ZА-ЯЁ][\w'’-]+")


def official_hits(sentence: str, region_hint: str | None = None) -> list[OfficialHit]:  # noqa: C901 - one pass over capitalised words: a surname matched exactly, across scripts or fuzzily; not yet split
    """Officials named in a sentence, matched by surname (exact, confusable-mended or fuzzy)."""
    idx = _surname_index()
    out = []
    words = list(_CAP_WORD.finditer(sentence))
    for i, w in enumerate(words):
        raw = _POSSESSIVE.sub("", w.group(0))
        nraw = raw.lower() if raw.isascii() else _norm(raw)   # NFKC and spacing change nothing in one ASCII word
        key = nraw.translate(_CONFUSABLE) if mixed_script(raw) else nraw
        cands = idx.get(key) or idx.get(nraw)
        if not cands and mixed_script(raw):
            cands = idx.get(_latin(_norm(raw)))   # "Miляev": Cyrillic letters that look like nothing Latin
        fuzzy = False
        if not cands and len(key) >= 5:
            prev = sentence[max(0, w.start() - 40):w.start()].lower()
            prev = sentence[max(0, w.start() - 60):w.start()].lower()
            # "Governor Artamanov", "the governor of the Lipetsk region Igor Artamanov"
            if re.search(r"(governor|mayor|head)\W*(?:\w+\W+){0,5}$", prev):
                best = process.extractOne(key, list(idx), scorer=fuzz.ratio)
                if best and best[1] >= FUZZY_SURNAME:
                    cands, fuzzy = idx[best[0]], True
        if not cands:
            continue
        given = ""
        # the capitalised word just before is the given name, unless it is a title or an abbreviation ("BST Sobyanin")
        if (i > 0 and w.start() - words[i - 1].end() <= 1 and not re.match(r"(?i)governor|mayor|head|acting|gov", words[i - 1].group(0))
                and not words[i - 1].group(0).isupper()):
            given = words[i - 1].group(0)
        written = _POSSESSIVE.sub("", f"{given} {w.group(0)}".strip())
        # namesakes (two governors called Nikitin): the one whose full name is written
        exact = [c for c in cands if _norm(written).translate(_CONFUSABLE) in c.aliases or _norm(written) in c.aliases]
        official = exact[0] if exact else _pick(cands, region_hint)
        start = words[i - 1].start() if given else w.start()
        problem = None
        if mixed_script(written) or any(mixed_script(x) for x in written.split()):
            problem = f"name written in mixed Latin and Cyrillic scripts: '{written}'"
        elif fuzzy:
            problem = f"surname misspelt: '{written}' (reference: {official.name})"
        elif given and _norm(written) not in official.aliases and not _translit_ok(written, official):
            problem = f"'{written}' does not match the {official.office} on record, {official.name}"
        out.append(OfficialHit(start, w.end(), official, written, problem))
    return out


_CYR_LAT = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z", "и": "i",
            "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
            "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
            "э": "e", "ю": "yu", "я": "ya"}


def _latin(s: str) -> str:
    return "".join(_CYR_LAT.get(ch, ch) for ch in s)


def _translit_ok(written: str, o: Official) -> bool:
    # A given name in Cyrillic next to a Latin surname is mixed script (caught above); an all-Cyrillic
    # full name in the aliases is fine. Here: initials ("V. Shapsha") and the surname alone.
    first = written.split()[0].rstrip(".")
    return len(first) == 1 and o.name.lower().startswith(first.lower())


def _pick(cands: list[Official], region_hint: str | None) -> Official:
    if region_hint:
        for c in cands:
            if c.region_code == region_hint:
                return c
    return cands[0]
