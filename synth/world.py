"""The places and people articles are about, read through `transforms.reference` (the extractor's own tables),
and the calendar the world spans."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from transforms import reference

FIRST_DAY = date(2024, 1, 1)
MAX_DAYS = 730

# Regions the world draws from, with weights (border regions and the seas dominate).
REGION_WEIGHTS = {
    "RU-BRY": 14, "RU-KRS": 12, "RU-BEL": 10, "RU-KLU": 7, "RU-MOS": 7, "RU-ORL": 6,
    "RU-SMO": 5, "RU-TUL": 5, "RU-VOR": 5, "RU-ROS": 5, "RU-LIP": 4, "UA-43": 4, "RU-KDA": 4,
    "black-sea": 4, "sea-of-azov": 2, "RU-RYA": 2, "RU-TVE": 2, "RU-LEN": 1.5, "RU-TAM": 1.5,
    "RU-VGG": 1.5, "RU-NGR": 1, "RU-PSK": 1, "UA-40": 1, "RU-AST": 0.8, "RU-SAR": 0.8,
    "RU-NIZ": 0.6, "RU-YAR": 0.6, "RU-PNZ": 0.5, "RU-TA": 0.5, "RU-VLA": 0.4, "RU-IVA": 0.4,
    "RU-SAM": 0.3, "RU-BA": 0.3, "RU-KGD": 0.2, "caspian-sea": 0.3, "baltic-sea": 0.2,
}
SOUTH = ("RU-ROS", "RU-KDA", "UA-43", "UA-40", "black-sea", "sea-of-azov", "RU-VGG", "RU-AST",
         "caspian-sea")
# Regions on Moscow time: only these governors are given clock windows.
MSK_REGIONS = ("RU-BRY", "RU-KRS", "RU-BEL", "RU-KLU", "RU-MOS", "RU-ORL", "RU-SMO", "RU-TUL",
               "RU-VOR", "RU-ROS", "RU-LIP", "UA-43", "RU-KDA", "RU-RYA", "RU-TVE", "RU-LEN",
               "RU-TAM", "RU-VGG", "RU-NGR", "RU-PSK", "UA-40", "RU-NIZ", "RU-YAR", "RU-PNZ",
               "RU-TA", "RU-VLA", "RU-IVA")
NO_PLURAL = ("RU-MOS", "RU-VLA", "RU-NIZ")  # never folded into "the A and B regions"


@dataclass(frozen=True)
class District:
    region: str
    name: str
    aliases: tuple


@dataclass
class Ref:
    regions: dict  # code -> transforms.reference.Region
    districts: dict  # region code -> [District]
    officials: dict  # region code -> [transforms.reference.Official]
    weights: list  # [(code, weight)] of usable regions
    foreign: dict  # region code -> [District] of other regions that cannot resolve in it


@lru_cache(maxsize=1)
def load_reference() -> Ref:
    """The extractor's own reference tables (transforms.reference), arranged for drawing from."""
    regions = reference.regions()
    # a district named like a city or region ('Kursk', 'Obninsk') would read as that place, not a district
    places = reference.region_aliases()
    districts = {}
    for code, rows in reference.districts().items():
        if code in regions:
            districts[code] = [District(code, name, aliases) for name, aliases in rows if name.lower() not in places]
    officials = {}
    for o in reference.officials():
        officials.setdefault(o.region_code, []).append(o)
    weights = [(c, w) for c, w in REGION_WEIGHTS.items() if c in regions]
    foreign = {}
    for code, ds in districts.items():
        own = {d.name.lower() for d in ds} | {a for d in ds for a in d.aliases}
        foreign[code] = [d for oc, ods in sorted(districts.items()) if oc != code for d in ods
                         if d.name.lower() not in own and not (set(d.aliases) & own)]
    return Ref(regions, districts, officials, weights, foreign)


def title_of(ref: Ref, off) -> str:
    """How the office is called: 'mayor', 'head' (of a republic) or 'governor'."""
    if off.office == "mayor":
        return "mayor"
    return "head" if ref.regions[off.region_code].kind == "republic" else "governor"


def acting_on(off, d: date) -> bool:
    """An official whose tenure began on record is acting until the September election after it
    (Russia's single voting day)."""
    if off.in_office_from is None:
        return False
    y, m = off.in_office_from
    return (d.year, d.month) < ((y, 9) if m < 9 else (y + 1, 9))


def official_for(ref: Ref, code: str, d: date):
    """The one official clearly in office on d (None in a month of transition)."""
    ym = (d.year, d.month)
    cands = [o for o in ref.officials.get(code, ())
             if (o.in_office_from is None or ym > o.in_office_from) and (o.in_office_until is None or ym < o.in_office_until)]
    return cands[0] if len(cands) == 1 else None


def former_official(ref: Ref, code: str, d: date):
    ym = (d.year, d.month)
    for o in ref.officials.get(code, ()):
        end = o.in_office_until
        if end is not None and ym > (end[0], end[1] + 1) and o.in_office_from is None:
            return o
    return None


