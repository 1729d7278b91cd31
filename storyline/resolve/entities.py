"""Cross-article entity resolution: one canonical entity per real actor, every merge explained.

Input: the ``mentions`` items of many articles (each within-article chain is one ``cluster``).
A chain with at least one name becomes a *chain record*; records are grouped by keys, never
compared pairwise, so the cost is linear in mentions:

* people: key (first-name skeleton, surname skeleton). Same key and same spelling is "same name";
  same key, other spelling is "variant spelling" (Sergey/Sergei, Zelensky/Zelenskyy); a first
  name that is a short form of another with the same surname is "short first name" (Steve/Steven).
  A chain known only by its surname ("Trump", "President Trump") joins the one full name with that
  surname ("surname of the only ..."), or, when several people share the surname, the one whose
  titles it shares ("title match"), else the one named in full in at least four times as many
  articles as any other ("... named in full far most often"); otherwise it stays apart.
* organizations, outlets, places, groups: key (class, folded name or country); seats of power
  ("the Kremlin", "the White House") and capitals keep their own entity with a ``country`` link.
  People and non-people are never merged.

Then the user's overrides apply: splits first, then merges ("user override").
Entity ids derive from the key (``person:sergei-lavrov``), so they are stable across re-runs,
spelling changes and new articles.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..analyze.entities.names import first_names_compatible, fold, person_key, plain_key, slug
from ..models import Mention
from ..store.entities import Override

TYPE_CLASS = {
    "PERSON": "person",
    "ORG": "org",
    "OUTLET": "org",
    "FAC": "org",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
}


@dataclass(slots=True)
class ChainRecord:
    """The mentions of one actor in one article."""

    article: str
    cluster: int
    types: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)  # surface forms of name mentions
    best: str = ""
    titles: Counter[str] = field(default_factory=Counter)
    country: str | None = None
    spans: list[tuple[int, int]] = field(default_factory=list)
    type: str = ""  # the chain's majority type, set once all its mentions are read

    def to_dict(self) -> dict[str, Any]:
        """As kept in the store (``entity_chains.data``)."""
        return {
            "article": self.article,
            "cluster": self.cluster,
            "types": dict(self.types),
            "names": dict(self.names),
            "best": self.best,
            "titles": dict(self.titles),
            "country": self.country,
            "spans": [list(span) for span in self.spans],
            "type": self.type,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChainRecord:
        return cls(
            article=data["article"],
            cluster=int(data["cluster"]),
            types=Counter(data["types"]),
            names=Counter(data["names"]),
            best=data["best"],
            titles=Counter(data["titles"]),
            country=data["country"],
            spans=[(int(a), int(b)) for a, b in data["spans"]],
            type=data["type"],
        )


def group_key(chain: ChainRecord) -> str | None:
    """The group a chain is resolved in: every rule below compares chains of one group only
    (people: one surname; others: one name key), so a group can be resolved on its own. None:
    a chain no entity takes (a person with no usable name)."""
    if TYPE_CLASS[chain.type] == "person":
        key = person_key(chain.best)
        return None if key is None else f"person:{key[1]}"
    return _other_id(chain)


def _other_id(chain: ChainRecord) -> str:
    base = plain_key(chain.best)
    return f"{TYPE_CLASS[chain.type]}:{slug(base or chain.best)}"


@dataclass(slots=True)
class Entity:
    id: str
    type_class: str
    chains: list[ChainRecord] = field(default_factory=list)
    merges: list[dict[str, str]] = field(default_factory=list)
    preferred_name: str | None = None  # kept by a user merge: the target's name wins

    def to_dict(self) -> dict[str, Any]:
        types: Counter[str] = Counter()
        names: Counter[str] = Counter()
        titles: Counter[str] = Counter()
        title_text: dict[str, str] = {}
        countries: Counter[str] = Counter()
        # In (article, chain) order, whatever order the chains came in (ties in the counts
        # below go to the first seen): the same entity reads the same from any input order.
        chains = sorted(self.chains, key=lambda c: (c.article, c.cluster))
        for chain in chains:
            types.update(chain.types)
            names[chain.best] += 1
            for title, n in chain.titles.items():
                key = fold(title).replace(".", "")
                titles[key] += n
                title_text.setdefault(key, title)
            if chain.country:
                countries[chain.country] += 1
        name = self.preferred_name or _canonical_name(names, self.type_class)
        aliases: dict[str, str] = {}
        for chain in chains:
            for surface in [chain.best, *chain.names]:
                key = fold(surface)
                if key != fold(name):
                    aliases.setdefault(key, surface)
        data: dict[str, Any] = {
            "id": self.id,
            "name": name,
            "type": _entity_type(types),
            "aliases": sorted(aliases.values()),
            "titles": [title_text[k] for k, _ in titles.most_common()],
            "mentions": [{"article": c.article, "start": s, "end": e} for c in chains for s, e in c.spans],
            "merges": self.merges,
            "articles": len({c.article for c in self.chains}),
        }
        if countries:
            data["country"] = countries.most_common(1)[0][0]
        return data


def _entity_type(types: Counter[str]) -> str:
    # An outlet is an organization that reports; one confident outlet mention decides it.
    if types.get("OUTLET") and types.get("OUTLET", 0) * 3 >= sum(types.values()):
        return "OUTLET"
    return types.most_common(1)[0][0]


def _canonical_name(names: Counter[str], type_class: str) -> str:
    def rank(text: str) -> tuple[int, int, str]:
        words = len(text.split())
        # People: the full name (2-3 words) most often used; others: the most frequent form.
        fullness = min(words, 3) if type_class == "person" else 0
        return (fullness, names[text], text)

    return max(names, key=rank)


def chain_records(mentions: Iterable[Mention]) -> list[ChainRecord]:
    """Group stored mentions (``article`` set) into per-article chains; chains with no name are dropped."""
    chains: dict[tuple[str, int], ChainRecord] = {}
    has_name: set[tuple[str, int]] = set()
    for item in mentions:
        key = (str(item.article), item.cluster)
        chain = chains.get(key)
        if chain is None:
            chain = chains[key] = ChainRecord(article=key[0], cluster=key[1])
        chain.spans.append((item.start, item.end))
        if item.kind == "name":
            has_name.add(key)
            chain.types[item.type] += 1
            chain.names[item.text] += 1
            chain.best = item.name or item.text
            chain.titles.update(item.titles)
            chain.country = chain.country or item.country
    named = [c for k, c in chains.items() if k in has_name]
    for chain in named:
        chain.type = chain.types.most_common(1)[0][0]
    return [c for c in named if c.type in TYPE_CLASS]


def resolve_chains(chains: list[ChainRecord], overrides: Iterable[Override] = ()) -> list[Entity]:
    """Canonical entities over chain records, then the user's overrides."""
    people = [c for c in chains if TYPE_CLASS[c.type] == "person"]
    others = [c for c in chains if TYPE_CLASS[c.type] != "person"]
    entities = _resolve_people(people) + _resolve_others(others)
    return apply_overrides(entities, overrides)


def _add(entity: Entity, chain: ChainRecord, reason: str, anchor: str) -> None:
    entity.chains.append(chain)
    record = {"from": chain.best, "reason": reason, "article": chain.article}
    if not any(m["from"] == record["from"] and m["reason"] == reason for m in entity.merges):
        entity.merges.append(record)


def _resolve_people(chains: list[ChainRecord]) -> list[Entity]:
    by_surname: dict[str, list[tuple[str, ChainRecord]]] = defaultdict(list)
    surname_only: list[tuple[str, ChainRecord]] = []
    for chain in chains:
        key = person_key(chain.best)
        if key is None:
            continue
        first, last = key
        if first is None:
            surname_only.append((last, chain))
        else:
            by_surname[last].append((first, chain))

    entities: list[Entity] = []
    full_by_surname: dict[str, list[Entity]] = defaultdict(list)
    for last in sorted(by_surname):
        # Distinct first names under one surname; join those that are the same name spelled
        # differently or a short form. Few per surname, so the quadratic step here is tiny.
        firsts = sorted({first for first, _ in by_surname[last]}, key=lambda f: (-len(f), f))
        group_of: dict[str, str] = {}
        heads: list[str] = []
        for first in firsts:
            head = next((g for g in heads if first_names_compatible(first, g)), None)
            if head is None:
                heads.append(first)
                head = first
            group_of[first] = head
        groups: dict[str, Entity] = {}
        anchors: dict[str, str] = {}
        for first, chain in sorted(by_surname[last], key=lambda fc: (fc[1].article, fc[1].cluster)):
            head = group_of[first]
            entity = groups.get(head)
            if entity is None:
                entity = groups[head] = Entity(id=f"person:{head}-{last}", type_class="person")
                anchors[head] = chain.best
                entity.chains.append(chain)
                continue
            anchor = anchors[head]
            if fold(chain.best) == fold(anchor):
                reason = "same name"
            elif first != head:
                reason = "short first name"
            else:
                reason = "variant spelling"
            _add(entity, chain, reason, anchor)
        entities.extend(groups.values())
        full_by_surname[last].extend(groups.values())

    lonely: dict[str, Entity] = {}
    for last, chain in sorted(surname_only, key=lambda lc: (lc[1].article, lc[1].cluster)):
        candidates = full_by_surname.get(last, [])
        target = None
        reason = ""
        if len(candidates) == 1:
            target = candidates[0]
            reason = f"surname of the only {last.title()} named in full"
        elif candidates:
            titled = [e for e in candidates if _shares_title(chain, e)]
            if len(titled) == 1:
                target, reason = titled[0], "title match"
            elif (dominant := _dominant(candidates)) is not None:
                target = dominant
                reason = f"surname of the {last.title()} named in full far most often"
        if target is not None:
            _add(target, chain, reason, "")
            continue
        entity = lonely.get(last)
        if entity is None:
            entity = lonely[last] = Entity(id=f"person:{last}", type_class="person")
            entity.chains.append(chain)
        else:
            _add(entity, chain, "same name", chain.best)
    return entities + list(lonely.values())


# A surname alone goes to one of several people named in full with it only when that one is
# named in this many times more articles than any other (George W. Bush against Laura and Jeb in
# a collection about the Iraq war; Barack against Michelle Obama). Against the runner-up, not the
# sum: headline debris ("Vote Obama", "Sen Obama") makes many one-article "people".
_DOMINANCE = 4


def _dominant(candidates: list[Entity]) -> Entity | None:
    counts = sorted(((len({c.article for c in e.chains}), e.id, e) for e in candidates), reverse=True)
    top, second = counts[0][0], counts[1][0] if len(counts) > 1 else 0
    return counts[0][2] if top >= _DOMINANCE * max(second, 1) and top >= 3 else None


def _roles(titles: Iterable[str]) -> set[str]:
    return {w for t in titles for w in fold(t).split() if len(w) > 3}


def _shares_title(chain: ChainRecord, entity: Entity) -> bool:
    mine = _roles(chain.titles)
    return bool(mine) and bool(mine & _roles(t for c in entity.chains for t in c.titles))


def _resolve_others(chains: list[ChainRecord]) -> list[Entity]:
    groups: dict[str, Entity] = {}
    anchors: dict[str, str] = {}
    for chain in sorted(chains, key=lambda c: (c.article, c.cluster)):
        type_class = TYPE_CLASS[chain.type]
        # Organization and place names vary by article ("the White House", "White House’s"),
        # rarely by transliteration: the folded name is the key, and a readable id.
        base = plain_key(chain.best)
        entity_id = _other_id(chain)
        entity = groups.get(entity_id)
        if entity is None:
            groups[entity_id] = Entity(id=entity_id, type_class=type_class, chains=[chain])
            anchors[entity_id] = chain.best
            continue
        anchor = anchors[entity_id]
        reason = "same name" if plain_key(anchor) == base else "variant spelling"
        _add(entity, chain, reason, anchor)
    return list(groups.values())


def apply_overrides(entities: list[Entity], overrides: Iterable[Override]) -> list[Entity]:
    """Apply the user's overrides in the order they were made, each to the result of the
    previous ones; overrides naming an entity that no longer exists are skipped."""
    by_id = {e.id: e for e in entities}
    for override in overrides:
        if override.action == "split":
            _apply_split(by_id, override)
        elif override.action == "merge":
            _apply_merge(by_id, override)
    return sorted(by_id.values(), key=lambda e: e.id)


def _apply_split(by_id: dict[str, Entity], override: Override) -> None:
    source = by_id.get(override.target)
    if source is None or not override.scope:
        return
    kind, _, value = override.scope.partition(":")
    if kind == "alias":
        moved = [c for c in source.chains if fold(value) in {fold(c.best), *map(fold, c.names)}]
    elif kind == "article":
        moved = [c for c in source.chains if c.article == value]
    else:
        return
    if not moved or len(moved) == len(source.chains):
        return
    moved_articles = {c.article for c in moved}
    source.chains = [c for c in source.chains if all(c is not m for m in moved)]
    source.merges = [m for m in source.merges if m.get("article") not in moved_articles]
    split = Entity(id=f"{source.id}~{slug(value)}", type_class=source.type_class, chains=moved)
    split.merges.append({"from": source.id, "reason": f"user override: split {override.scope}"})
    by_id[split.id] = split


def _apply_merge(by_id: dict[str, Entity], override: Override) -> None:
    target = by_id.get(override.target)
    other = by_id.get(override.other or "")
    if target is None or other is None or target is other:
        return
    target.preferred_name = target.preferred_name or target.to_dict()["name"]
    target.chains.extend(other.chains)
    target.merges.append({"from": other.id, "reason": "user override: merge"})
    target.merges.extend(other.merges)
    del by_id[other.id]
