from transforms import places


def test_regions_in_their_news_forms():
    hits = places.region_hits("over the Bryansk region, Oryol Oblast, the Krasnodar Territory, Crimea, Sevastopol and the Black Sea")
    assert [h.code for h in hits] == ["RU-BRY", "RU-ORL", "RU-KDA", "UA-43", "UA-40", "black-sea"]


def test_moscow_city_and_moscow_region():
    assert [h.code for h in places.region_hits("over the Moscow region")] == ["RU-MOS"]
    assert [h.code for h in places.region_hits("five flying towards Moscow")] == ["RU-MOW"]
    assert [h.code for h in places.region_hits("over the Moscow and Kaluga regions")] == ["RU-MOS", "RU-KLU"]


def test_longest_alias_wins():
    assert [h.code for h in places.region_hits("over Nizhny Novgorod and Novgorod")] == ["RU-NIZ", "RU-NGR"]


def test_masked_spans_are_not_regions():
    s = "in four districts: Kuybyshev, Khvastovich, Tarus, and Kirov."
    d = places.district_hits(s)
    assert d and d[0].names == ("Kuybyshev", "Khvastovich", "Tarus", "Kirov")
    assert places.region_hits(s, [(x.start, x.end) for x in d]) == []   # "Kirov" is a district here, not Kirov Oblast


def test_districts_resolve_by_alias_fuzzy_and_not_at_all():
    assert places.resolve_district("Tarus", "RU-KLU") == ("Tarussky", [])
    assert places.resolve_district("Dumnichsky", "RU-KLU") == ("Duminichsky", [])     # misspelt
    assert places.resolve_district("Тарусский", "RU-KLU") == ("Tarussky", [])        # Cyrillic
    canon, near = places.resolve_district("Dzhezkazgan", "RU-KLU")
    assert canon is None and len(near) == 3
    assert places.resolve_district("Klintsovsky", "RU-KLU")[0] is None              # a Bryansk district
    assert places.resolve_district("Klintsovsky", "RU-BRY")[0] == "Klintsovsky"


def test_district_lists_before_and_after_the_word():
    assert places.district_hits("over the Borovsky, Dumnichsky and Tarussky districts")[0].names == ("Borovsky", "Dumnichsky", "Tarussky")
    assert places.district_hits("in the Zhukovsky district of the region")[0].names == ("Zhukovsky",)
    assert places.district_hits("near the village of Ivanovka") == []


def test_officials_exact_mixed_script_wrong_name_and_misspelt():
    ok = places.official_hits("Governor Vladislav Shapsha said")[0]
    assert ok.official.name == "Vladislav Shapsha" and ok.problem is None
    mixed = places.official_hits("Governor Владислав Shapsha said")[0]
    assert mixed.official.name == "Vladislav Shapsha" and "mixed" in mixed.problem
    homoglyph = places.official_hits("Governor Vladislav Shapshа said")[0]       # Cyrillic final а
    assert homoglyph.official.name == "Vladislav Shapsha" and "mixed" in homoglyph.problem
    wrong = places.official_hits("Governor Vyacheslav Shapsha said")[0]
    assert "does not match" in wrong.problem
    fuzzy = places.official_hits("Governor Alexander Bogomas said")[0]
    assert fuzzy.official.name == "Alexander Bogomaz" and "misspelt" in fuzzy.problem
    assert places.official_hits("Shapsha’s message")[0].problem is None
    assert places.official_hits("The weather was calm") == []
