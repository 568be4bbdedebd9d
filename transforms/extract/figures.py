"""Figure rules: which numbers in a clause count intercepted drones.

Every number the extractor meets is a `Candidate`. The leave rules below run in order; the first that
matches leaves the number and names why. A number no leave rule matches is taken, by `drone_noun_figure`
when a drone noun follows it and by `bare_figure` otherwise (its clause or report supplies what it counts).

Each rule names the construction it reads and carries examples it must take and must leave: in an
example the figure the rule is about is written in braces, `{7}`. `tests/unit/test_extract_rules.py` runs
every example through the whole extractor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from transforms.extract.rules import Rule
from transforms.extract.sentences import CORRECTION_PATTERN
from transforms.lexicon import NUMBER, qualifier_before, rx, word_value
from transforms.reference import number_words
from transforms.clean import _MONTH_RE as _MONTHS

# "May 20", and the second day of "From October 18 to 24"
_MONTH_NEAR = re.compile(rf"(?:{_MONTHS})\.?\s*(?:\d{{1,2}}\s*(?:to|-|–|—|and|until|through)\s*)?$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'’-]+")
_DEFINITE = re.compile(r"(?:\b(?:the|these|those|its|their|all|both|all the|of the)\s+)$", re.IGNORECASE)
_REMAINING = re.compile(r"(?:remaining|other|rest|further|additional|another)\s+$", re.IGNORECASE)
# "7 were cancelled", "and 12 cancelled": the figure's own verb
_BARE_VERB = re.compile(r"^\s+(?:more\s+|others?\s+|of\s+them\s+)?(?:(?:were|was|had\s+been|have\s+been|are|is|got)\s+"
                        r"(?:also\s+|later\s+|reportedly\s+)?(?P<verb>\w+(?:\s+down)?)|(?P<bare>\w+(?:ed|en))\b(?!\s+(?:over|above|off)\b))", re.IGNORECASE)
# a place follows the figure: "seventeen over Smolensk Oblast", "two over the region" (the report's)
LOCATED = re.compile(r"^\s+(?:(?:drones?|uavs?)\s+)?(?:each\s+)?(?:(?:was|were)\s+(?:\w+\s+)?)?(?:over|above|across|off|in)\s+"
                     r"(?:(?:the\s+)?(?:territory\s+of\s+|waters\s+of\s+|skies\s+over\s+)?(?:the\s+)?[A-ZА-Я]"
                     r"|the\s+(?:same\s+)?(?:region|oblast|republic)\b(?!\s+of))")
_TIMEISH = re.compile(r"^(?:\s*[ap]\.?\s?m\b|\s*o'clock|\s*(?:h|hrs|hours)?\s*\(?(?:gmt|utc|msk)\b|:\d\d"
                      r"|\s+in\s+the\s+(?:morning|afternoon|evening)\b|\s+at\s+night\b)", re.IGNORECASE)
_ADJ_SKIP = re.compile(
    r"(?:ukrainian|enemy|hostile|fixed-wing|aircraft-type|aircraft|aerial|unmanned|attack|kamikaze|more|further|additional|other|of|the|such|incoming|long-range|jet-powered|jet)$",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?i)\b(?:call|dial|number|hotline|phone|line|no\.)\s*$")
_NOT_A_COUNT_AFTER = re.compile(r"^(?:st|nd|rd|th)\b|^\s*(?:%|per\s*cent|percent)", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"[$€£№#]\s*$")
_PLACE_NOUN = re.compile(r"(?i)(?:regions?|oblasts?|districts?|settlements?|villages?|towns?|cities)\b")
_PLACE_OR_VERB_NEXT = re.compile(r"^\s+(?:each\s+)?(?:over|in|above|near|across|off|on|were|was|had|have)\b", re.IGNORECASE)
_PLACE_NEXT = re.compile(r"^\s+(?:was\s+\w+\s+)?(?:over|in|above|near|off)\s+(?:the\s+)?(?:[A-Z]|(?:waters|territory|skies|airspace|coast)\b)")
_DRONE_COMPOUND = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:drones?|uavs?|vehicles?)\s+(?:attacks?|strikes?|raids?|debris|wreckage|fragments?|production|launch\w*|operators?|alerts?|threats?)\b", re.IGNORECASE)
_SUBSET_NEXT = re.compile(r"^\s+(?:of\s+(?:which|them|those|these)|among\s+them)\b", re.IGNORECASE)
_INCLUDING_BEFORE = re.compile(r"\bincluding\s+$", re.IGNORECASE)
_OWN_CLAUSE_END = re.compile(r"\s(?:and|while|whereas)\s|[,;]")
_PLACE_IN_CLAUSE = re.compile(r"\b(?:over|in|above)\s+(?:the\s+)?[A-Z]")
_COMPARISON_NEXT = re.compile(r"^\s*(?:more|less|fewer)\s+than\b|^\s*times\b", re.IGNORECASE)
# "between 15 and 20 drones", "15 to 20 drones", "15-20 drones": at least the lower figure; the upper is optional
_NUM = r"(?:\d+|" + "|".join(sorted((w for w, (_, k) in number_words().items() if k != "article"), key=len, reverse=True)) + r")"
_PART_OF_NEXT = re.compile(rf"^\s+of\s+(?:the|those|these)\s+{_NUM}\b", re.IGNORECASE)         # "two of the four drones"
_CASUALTY_BEFORE = re.compile(r"\b(?:killed|injured|wounded|hurt|hospitali[sz]ed)\s+(?:more\s+than\s+|at\s+least\s+|about\s+|some\s+|over\s+)?$",
                              re.IGNORECASE)
_RANGE_NEXT = re.compile(rf"^(?:\s+to\s+|[-–]){_NUM}\b(?!\s*(?:[:.]\d|[ap]\.?m))", re.IGNORECASE)
_RANGE_LOWER_BEFORE = re.compile(rf"(?:\bbetween\s+{_NUM}\s+and\s+|(?<![:.\d])\b{_NUM}(?:\s+to\s+|[-–]))$", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
# "drones attacked", "came under attack from 47 drones": attackers counted, in a sentence that intercepts nothing
_ATTACK_BEFORE = re.compile(r"\b(?:attack(?:ed)?\s+(?:by|from|with)|under\s+attack\s+from|targeted\s+by|struck\s+by|launched|sent)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_ATTACK_AFTER = re.compile(r"^\s+(?:\w+\s+){0,3}?(?:drones?|uavs?)\s+(?:\w+\s+)?(?:attacked|struck|hit|targeted|crashed|fell|"
                           r"(?:that|which)\s+(?:had\s+)?(?:tried|attempted)\s+to\s+(?:attack|strike|hit|reach))\b", re.IGNORECASE)
_BY_MEANS = re.compile(r"^\s+(?:(?:drones?|uavs?)\s+)?(?:(?:were|was)\s+)?(?:\w+\s+){0,2}?(?:down\s+)?by\s+(?:the\s+)?"
                       r"(?:air[- ]defen[cs]e|electronic\s+warfare|ew\b|radio-electronic|fighter|aviation|mobile\s+fire|"
                       r"anti-aircraft|small\s+arms)", re.IGNORECASE)
# an outlet's correction note: the figure it corrects away is not a claim
_CORRECTION = re.compile(CORRECTION_PATTERN)
_INTERCEPT, _NOT_INTERCEPTION, _HISTORIC = rx("intercept"), rx("not_interception"), rx("historic")
DRONE_NOUN, _REJECT_NOUN = rx("drone"), rx("reject_noun")
_MORE_NEXT = re.compile(r"^\s+more\b", re.IGNORECASE)
INCREMENT = re.compile(r"(?:\b(?:another|a\s+further|further)\s+$)", re.IGNORECASE)   # before the figure
_OTHER_NEXT = re.compile(r"^\s+other\b(?!\s+(?:regions?|areas?))", re.IGNORECASE)              # "3 other drones"
_DIGEST_LEAD = re.compile(
    rf"\s*(?:[^\w\s]\s*)?(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
    rf"(?:\d{{1,2}}\s+(?:{_MONTHS})|(?:{_MONTHS})\.?\s+\d{{1,2}})(?:,?\s+(?:19|20)\d\d)?\s*[:–—-]\s*$", re.IGNORECASE)
_EACH_NEXT = re.compile(r"^\s*(?:drones?\s+|uavs?\s+)?each\b", re.IGNORECASE)


class cached_property:   # noqa: N801 - functools.cached_property without its lock (3.11): a hot path here
    def __init__(self, fn):
        self.fn, self.name = fn, fn.__name__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass
class Candidate:
    """One number in a clause, with what surrounds it (offsets are in the sentence)."""
    text: str                                  # the sentence
    seg: tuple[int, int]                       # the clause holding the number
    match: re.Match[str]                       # NUMBER's match: digits, words or an article
    window_spans: list[tuple[int, int]]        # clock windows in the sentence
    clause_intercepts: bool                    # the clause has an interception verb
    clause_not_interception: bool              # the clause is about production, launches ... or the sentence a historic total
    sentence_intercepts: bool = True           # the sentence has an interception verb
    sentence_correction: bool = False          # the sentence is an outlet's correction note

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def end(self) -> int:
        return self.match.end()

    @property
    def digits(self) -> str | None:
        return self.match["digits"]

    @property
    def words(self) -> str | None:
        return self.match["words"]

    @property
    def article(self) -> str | None:
        return self.match["article"]

    @cached_property
    def before(self) -> str:
        return self.text[max(0, self.start - 40):self.start]

    @cached_property
    def after(self) -> str:
        return self.text[self.end:self.end + 80]

    @cached_property
    def value(self) -> int | None:
        if self.digits:
            return int(self.digits.replace(",", ""))
        if self.words:
            return word_value(self.words)
        return 1

    @cached_property
    def drone_at(self) -> int | None:
        return _first_at(DRONE_NOUN, self.after[:70])

    @cached_property
    def reject_at(self) -> int | None:
        return _first_at(_REJECT_NOUN, self.after[:45])

    @cached_property
    def has_drone(self) -> bool:
        """A drone noun within four words after the number."""
        return self.drone_at is not None and _words_between(self.after, self.drone_at) <= 4

    @cached_property
    def each(self) -> bool:
        return bool(_EACH_NEXT.match(self.after))

    @cached_property
    def located(self) -> bool:
        """A place follows ("seventeen over Smolensk Oblast"): the number counts what the clause is about."""
        return bool(LOCATED.match(self.after))

    @cached_property
    def digest(self) -> bool:
        """The figure of a digest line: "Monday, 3 November – 122, the week's peak"."""
        return bool(_DIGEST_LEAD.match(self.text, 0, self.start))

    @cached_property
    def small_word(self) -> bool:
        return bool(self.article or (self.words and self.words.lower() in ("one", "single")))


@dataclass(frozen=True)
class Figure:
    """A number taken as a count of intercepted drones (offsets in the sentence)."""
    start: int
    end: int
    value: int
    qualifier: str      # exact, at_least, approx
    each: bool          # "three each over A and B"
    drone_noun: bool    # a drone noun follows the number
    increment: bool     # "another three", "one more": added to figures already given
    rule: str           # the rule that took it
    digest: bool = False  # "Monday, 3 November – 84": a digest line's figure, its verb and source in the intro


@dataclass(frozen=True)
class Left:
    """A number that is not a count of intercepted drones, and the rule that left it."""
    start: int
    end: int
    value: int | None
    rule: str


@dataclass(frozen=True)
class FigureRule(Rule):
    test: Callable[[Candidate], bool] = lambda c: False


def _first_at(pattern: re.Pattern[str], s: str) -> int | None:
    m = pattern.search(s)
    return m.start() if m else None


def _words_between(s: str, pos: int) -> int:
    return len(_WORD.findall(s[:pos]))


def _only_adjectives(s: str) -> bool:
    return all(_ADJ_SKIP.match(w) for w in _WORD.findall(s))


def _counts_other_noun(c: Candidate) -> bool:
    """A non-drone noun ("12 flights", "two people") is what the number counts, unless a place follows."""
    ra, da = c.reject_at, c.drone_at
    if ra is None or c.located or c.each or (da is not None and ra > da) or c.digest:
        return False
    near = _words_between(c.after, ra)
    if near <= 2:
        return True
    return (near <= 4 and (da is None or _words_between(c.after, da) > 5)
            and not _PLACE_NOUN.match(c.after[ra:]) and not _PLACE_OR_VERB_NEXT.match(c.after))


def _one_without_drone_or_place(c: Candidate) -> bool:
    if not c.small_word or c.each:
        return False
    drone_next = c.drone_at is not None and _words_between(c.after, c.drone_at) <= 2 and _only_adjectives(c.after[:c.drone_at])
    return not (drone_next or _PLACE_NEXT.match(c.after) or _MORE_NEXT.match(c.after))


def _subset_heading(c: Candidate) -> bool:
    if not (_SUBSET_NEXT.match(c.after) or _INCLUDING_BEFORE.search(c.before)):
        return False
    own = _OWN_CLAUSE_END.split(c.text[c.end:c.seg[1]], maxsplit=1)[0]   # this figure's own words
    return bool(rx("direction").search(own)) and not _PLACE_IN_CLAUSE.search(own)


FIGURE_RULES: list[FigureRule] = [
    FigureRule(
        "clock_time_in_window", "figure", "a number inside a stated time window is a clock time",
        takes=("Air defences destroyed {9} drones between 8 and 11 a.m.",),
        leaves=("Air defences destroyed 9 drones between {8} and 11 a.m.",),
        test=lambda c: any(ws <= c.start < we for ws, we in c.window_spans)),
    FigureRule(
        "clock_time", "figure",
        "a clock time: a number followed by a.m./p.m., o'clock, 'in the morning', a time zone or ':MM', or a 24-hour '0400'",
        takes=("The ministry said {4} drones were shot down over the Kursk region.",),
        leaves=("The ministry said drones were shot down at {4} a.m. over the Kursk region.",
                "Drones were intercepted at {0400} GMT over the Kursk region, the ministry said.",
                "The ministry said 4 drones were destroyed. Residents of Kozelsk heard an engine at around {three} in "
                "the morning."),
        test=lambda c: bool(_TIMEISH.match(c.after)) or bool(c.digits and len(c.digits) == 4 and c.digits[0] == "0")),
    FigureRule(
        "phone_number", "figure", "a number after 'call', 'dial', 'hotline', 'No.'",
        takes=("The governor said {3} drones were destroyed over the Belgorod region.",),
        leaves=("The governor said 3 drones were destroyed over the Belgorod region; residents should call {112}.",),
        test=lambda c: bool(_PHONE.search(c.before))),
    FigureRule(
        "dozens_no_figure", "figure", "'dozens' states no figure",
        takes=("The ministry said {two dozen} drones were destroyed over the Kursk region.",),
        leaves=("The ministry said 12 drones were destroyed over the Bryansk region and {dozens} over the Kursk region.",),
        test=lambda c: bool(c.words and c.words.lower() == "dozens")),
    FigureRule(
        "day_of_month", "figure", "digits beside a month name are a date ('May 20', '20th of May')",
        takes=("On May 20, air defences destroyed {12} drones over the Bryansk region, the ministry said.",),
        leaves=("On May {20}, air defences destroyed 12 drones over the Bryansk region, the ministry said.",
                "On {20} May the ministry said 12 drones were destroyed over the Bryansk region.",
                "From October 18 to {24}, air defences shot down 1,596 drones, the ministry said."),
        test=lambda c: bool(c.digits) and bool(_MONTH_NEAR.search(c.before) or _MONTH_AFTER.match(c.after))),
    FigureRule(
        "ordinal_percent_or_money", "figure", "an ordinal ('3rd'), a percentage or an amount of money",
        takes=("The ministry said {15} drones were destroyed over the Kursk region.",),
        leaves=("The ministry said 15 drones were destroyed over the Kursk region, {30}% more than a week ago.",
                "The ministry said 15 drones were destroyed over the Kursk region; each costs ${20},000."),
        test=lambda c: bool(c.digits) and bool(_NOT_A_COUNT_AFTER.match(c.after) or _MONEY_BEFORE.search(c.before))),
    FigureRule(
        "year", "figure", "a four-digit number from 1900 to 2100 is a year",
        takes=("The ministry said {19} drones were destroyed over the Kursk region in 2024.",),
        leaves=("The ministry said 19 drones were destroyed over the Kursk region in {2024}.",),
        test=lambda c: bool(c.digits and len(c.digits) == 4 and 1900 <= int(c.digits) <= 2100)),
    FigureRule(
        "unreadable_number_word", "figure", "a run of number words that does not make a number",
        takes=("The ministry said {twenty-one} drones were destroyed over the Kursk region.",),
        leaves=(),
        test=lambda c: c.value is None),
    FigureRule(
        "figure_of_other_verb", "figure", "a bare number whose own verb is not an interception ('7 were cancelled')",
        takes=("Air defences destroyed 12 drones over the region and {7} were downed over Kursk, the ministry said.",),
        leaves=("The ministry said 12 drones were destroyed over the Kaluga region, and {7} were cancelled.",
                "Air defences destroyed 9 drones over the Moscow region; 46 flights were delayed and {12} cancelled."),
        test=lambda c: not c.has_drone and bool(m := _BARE_VERB.match(c.after))
        and not _INTERCEPT.match(m.group("verb") or m.group("bare"))),
    FigureRule(
        "counts_other_noun", "figure", "the number counts something else: people, flights, kilometres, houses ...",
        takes=("The ministry said {14} drones were destroyed over the Kursk region.",),
        leaves=("The ministry said 14 drones were destroyed over the Kursk region; {two} people were injured.",
                "The governor said 5 drones were destroyed; {12} flights were delayed at the airport."),
        test=_counts_other_noun),
    FigureRule(
        "one_without_drone_or_place", "figure",
        "'a', 'an', 'one' count only when a drone noun or a place follows at once ('one drone', 'one over Kursk')",
        takes=("The ministry said 5 drones were destroyed over Kursk and {one} over the Bryansk region.",
               "Sobyanin said two drones were shot down. At 02:31 he reported another three, and {one} more at 03:57."),
        leaves=("Governor Alexander Bogomaz said 5 drones were destroyed over the region, and {one} hit a warehouse.",),
        test=_one_without_drone_or_place),
    FigureRule(
        "article_without_interception_verb", "figure", "'a drone' counts only in a clause with an interception verb",
        takes=("Governor Alexander Bogomaz said {a} drone was shot down over the Bryansk region.",),
        leaves=("Governor Alexander Bogomaz said 3 drones were destroyed over the region; {a} drone hit a house in Klintsy.",),
        # a list item ("..., another near Starodub") borrows its sentence's verb
        test=lambda c: bool(c.article) and not c.clause_intercepts
        and not (c.sentence_intercepts and _PLACE_NEXT.match(c.after))),
    FigureRule(
        "drone_compound_noun", "figure", "'a drone attack / strike / debris': the article counts the compound, not drones",
        takes=("Governor Alexander Bogomaz said {a} drone was destroyed over the Bryansk region.",),
        leaves=("Governor Alexander Bogomaz said 3 drones were destroyed; {a} drone attack on Klintsy was repelled.",),
        test=lambda c: bool(c.article) and bool((not c.has_drone and not (c.sentence_intercepts and _PLACE_NEXT.match(c.after)))
                                                or _DRONE_COMPOUND.match(c.after))),
    FigureRule(
        "part_of_stated_figure", "figure",
        "'two of the four drones': a part of a figure given in the same words, not a figure of its own",
        takes=("The ministry said {four} drones were downed in the Kaluga region.",),
        leaves=("Mash said {two} of the four drones downed in the Kaluga region were intercepted near the airport.",),
        test=lambda c: bool(_PART_OF_NEXT.match(c.after))),
    FigureRule(
        "casualty_count", "figure", "a bare number after 'killed', 'injured', 'wounded' counts people",
        takes=("Governor Gladkov said {12} drones were destroyed over the Belgorod region.",),
        leaves=("Gladkov said 12 drones were destroyed over the region. The December attack on Belgorod killed 25 people "
                "and injured more than {100}.",),
        test=lambda c: not c.has_drone and bool(_CASUALTY_BEFORE.search(c.before))),
    FigureRule(
        "definite_reference", "figure", "'the 12 drones', 'all 20': a figure already given, referred back to",
        takes=("The ministry said the remaining {4} drones were destroyed over the Kursk region.",),
        leaves=("The ministry said 12 drones were launched; all {12} were destroyed, it said.",),
        test=lambda c: bool(_DEFINITE.search(c.before)) and not _REMAINING.search(c.before)),
    FigureRule(
        "subset_heading_somewhere", "figure", "'of them, 5 were flying to Moscow': a part named by direction, not a place",
        takes=("The ministry said 20 drones were destroyed, including {five} over the Moscow region.",),
        leaves=("The ministry said 20 drones were destroyed over the Moscow region, including {five} flying towards Moscow.",),
        test=_subset_heading),
    FigureRule(
        "not_an_interception", "figure",
        "the clause is about production, deliveries, launches or a historic total, not interceptions",
        takes=("The ministry said {16} drones were destroyed over the Kursk region overnight.",),
        leaves=("Russia produces {1,400} drones a month, the ministry said.",
                "Since the start of the war, air defences have destroyed {93,000} drones, the ministry said."),
        test=lambda c: c.clause_not_interception and not (c.article is None and c.each)),
    FigureRule(
        "range_upper_bound", "figure", "the upper end of a range ('between 15 and {20}', '15 to {20}'): the lower end is the claim, at least",
        takes=("A source said between {15} and 20 drones had been shot down over the Saratov region.",),
        leaves=("A source said between 15 and {20} drones had been shot down over the Saratov region.",),
        test=lambda c: bool(c.digits or c.words) and c.before.endswith(("and ", "to ", "-", "–"))
        and bool(_RANGE_LOWER_BEFORE.search(c.before))),
    FigureRule(
        "attackers_not_interceptions", "figure",
        "drones that attacked ('came under attack from 47 drones', '47 drones attacked') where nothing is intercepted",
        takes=("The region came under attack overnight and {12} drones were destroyed over it, Governor Gladkov said.",),
        leaves=("The Belgorod region came under attack from {47} Ukrainian drones over the past day, Governor Gladkov said.",
                "The map shows the flight path of some {91} drones that tried to attack the Valdai residence in Novgorod."),
        test=lambda c: c.has_drone and bool((not c.sentence_intercepts and _ATTACK_BEFORE.search(c.before))
                                            or (not c.clause_intercepts and _ATTACK_AFTER.match(c.after)))),
    FigureRule(
        "split_by_means", "figure",
        "'13 were shot down by air defence and 8 by electronic warfare': a split of a figure by the means, not new drones",
        takes=("The ministry said {21} drones were destroyed over the Black Sea and Crimea.",),
        leaves=("The ministry said 21 drones were destroyed. {Thirteen} were shot down by air defence and eight were "
                "brought down by electronic warfare.",),
        test=lambda c: bool(_BY_MEANS.match(c.after))),
    FigureRule(
        "correction_note", "figure", "a figure in the outlet's correction note ('An earlier version of this article said 16')",
        takes=("The ministry said {18} drones were shot down over the Bryansk region.",),
        leaves=("Correction: An earlier version of this article said that {16} drones were shot down over the Bryansk region.",),
        test=lambda c: c.sentence_correction),
    FigureRule(
        "comparison_or_range", "figure", "'20 more than', '3 times': a comparison, not a count",
        takes=("The ministry said {15} drones were destroyed over the Kursk region.",),
        leaves=("The ministry said air defences destroyed 35 drones over the Kursk region, {20} more than on Monday.",),
        test=lambda c: bool(_COMPARISON_NEXT.match(c.after))),
]

TAKE_RULES: list[Rule] = [
    Rule("drone_noun_figure", "figure", "a number followed within four words by a drone noun ('27 Ukrainian drones')",
         takes=("The ministry said air defences destroyed {27} Ukrainian drones overnight.",), leaves=()),
    Rule("bare_figure", "figure",
         "a number with no drone noun, counting what its clause or report is about ('13 over Kaluga')",
         takes=("The ministry said 20 drones were destroyed: {13} over the Kaluga region and 7 over the Bryansk region.",),
         leaves=()),
]


@dataclass(frozen=True)
class SentenceCues:
    """What the figure rules ask of the whole sentence, worked out once per sentence."""
    intercepts: bool      # an interception verb
    historic: bool        # a historic or the outlet's own total
    correction: bool      # the outlet's correction note


def sentence_cues(text: str, historic: bool | None = None, correction: bool | None = None) -> SentenceCues:
    """The cues of a sentence; `historic` and `correction` when the sentence frame has scanned them already."""
    return SentenceCues(bool(_INTERCEPT.search(text)),
                        bool(_HISTORIC.search(text)) if historic is None else historic,
                        bool(_CORRECTION.search(text)) if correction is None else correction)


def read_clause(text: str, seg: tuple[int, int], window_spans: list[tuple[int, int]],
                cues: SentenceCues | None = None) -> tuple[list[Figure], list[Left]]:
    """The figures of one clause of a sentence, and the numbers left, each with its rule."""
    cues = cues or sentence_cues(text)
    taken: list[Figure] = []
    left: list[Left] = []
    clause = text[seg[0]:seg[1]]
    intercepts = cues.intercepts and bool(_INTERCEPT.search(clause))
    not_interception = cues.historic or bool(_NOT_INTERCEPTION.search(clause))
    for m in NUMBER.finditer(text, seg[0], seg[1]):
        # most 'a's count nothing: one with no drone noun, place, 'each' or 'more' close after it is left at once
        # (by one_without_drone_or_place, unrecorded) without the rules' work
        if m["article"]:
            after = text[m.end():m.end() + 45]
            if not (DRONE_NOUN.search(after) or _PLACE_NEXT.match(after) or _EACH_NEXT.match(after) or _MORE_NEXT.match(after)):
                continue
        c = Candidate(text, seg, m, window_spans, intercepts, not_interception, cues.intercepts, cues.correction)
        rule = next((r for r in FIGURE_RULES if r.test(c)), None)
        if rule is not None:
            # every 'a' in a text is a candidate: only those before a drone noun ('a drone') are recorded
            if not c.article or (c.drone_at is not None and _words_between(c.after, c.drone_at) <= 2):
                left.append(Left(c.start, c.end, c.value, rule.name))
            continue
        in_range = bool(_RANGE_NEXT.match(c.after)) or (bool(_BETWEEN_BEFORE.search(c.before)) and c.after.lstrip().startswith("and "))
        qualifier = "at_least" if in_range else qualifier_before(text[max(0, c.start - 30):c.start])
        taken.append(Figure(c.start, c.end, c.value, qualifier, c.each,
                            c.has_drone, bool(INCREMENT.search(c.before) or _MORE_NEXT.match(c.after) or _OTHER_NEXT.match(c.after)
                                              or text[c.start:c.end].lower() == "another"),   # "Another drone was ..."
                            "drone_noun_figure" if c.has_drone else "bare_figure", c.digest))
    return taken, left
