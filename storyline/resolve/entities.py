"""Cross-article entity resolution: one canonical entity per real actor, every merge explained.

Input: the ``mentions`` items of many articles (each within-article chain is one ``cluster``).
A chain with at least one name becomes a *chain record*; records fall in groups (a surname; an
organization's or place's name key) and every rule compares records of one group only, never
pairwise across the corpus, so the cost is linear in mentions:

* people: key (first-name skeleton, surname skeleton). Same key and same spelling is "same name";
  same key, other spelling is "variant spelling" (Sergey/Sergei, Zelensky/Zelenskyy); a first
  name that is a short form of another with the same surname is "short first name" (Steve/Steven).
  A chain known only by its surname ("Trump", "President Trump") joins the one full name with that
  surname ("surname of the only ..."), or, when several people share the surname, the one whose
  titles (as named in full) it shares ("title match"), else the one named in full in at least four
  times as many articles as any other ("... named in full far most often"); otherwise it stays apart.
* organizations, outlets, places, groups: key (class, folded name or country); seats of power
  ("the Kremlin", "the White House") and capitals keep their own entity with a ``country`` link.
  People and non-people are never merged.

Then the user's overrides apply: splits first, then merges ("user override").
Entity ids derive from the key (``person:sergei-lavrov``), so they are stable across re-runs,
spelling changes and new articles.

What an entity shows is a function of its chains as a multiset (``EntityAgg``: counts, the
smallest spelling of each alias, the first places each name form was seen), not of the order
they come in: new articles add to the stored aggregates of the entities they touch, and a group
is resolved from its chains again only when the new chains change a rule's outcome for the old
ones (a new first name that takes over a head; a bare surname whose candidate changes).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
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
    copy: bool = False  # its article is a duplicate: its name form does not vote for the name

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
            "copy": self.copy,
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
            copy=bool(data.get("copy", False)),
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


Pos = tuple[str, int]  # (article, cluster): where a chain is; chains are read in this order


@dataclass(slots=True)
class EntityAgg:
    """What an entity shows, summed over its chains in any order (``add``); kept in the store
    (``entities.agg``) so new chains add to it without reading the old ones.

    ``forms``: each name form the entity was found by (full names, or an organization's name) with
    the first two places it was seen; ``joined``: each (reason, form) a bare surname joined by,
    with the first place. The merge records derive from both (``merges``)."""

    type_class: str
    head: str | None = None  # a person named in full: the first-name key of the entity id
    types: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    aliases: dict[str, str] = field(default_factory=dict)  # folded -> smallest surface
    titles: Counter[str] = field(default_factory=Counter)
    title_text: dict[str, str] = field(default_factory=dict)
    countries: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    full_articles: int = 0  # articles where it is named in full (a bare surname's candidates)
    roles: set[str] = field(default_factory=set)  # title words where it is named in full
    forms: dict[str, list[Pos]] = field(default_factory=dict)
    joined: dict[tuple[str, str], Pos] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # articles added in this resolution (not kept)
    seen_full: set[str] = field(default_factory=set)

    def add(self, chain: ChainRecord, reason: str | None = None) -> None:
        """Add a chain: found by its name form (``reason`` None) or joined by a rule."""
        self.types.update(chain.types)
        # A copy of an article does not make its spelling the name: copies change no count a
        # person reads (it still lists the form, at 0, so an entity only a copy names has one).
        self.names[chain.best] += 0 if chain.copy else 1
        for title, n in chain.titles.items():
            key = fold(title).replace(".", "")
            self.titles[key] += n
            self.title_text[key] = min(self.title_text.get(key, title), title)
        if chain.country:
            self.countries[chain.country] += 1
        for surface in [chain.best, *chain.names]:
            key = fold(surface)
            self.aliases[key] = min(self.aliases.get(key, surface), surface)
        if chain.article not in self.seen:
            self.seen.add(chain.article)
            self.articles += 1
        pos = (chain.article, chain.cluster)
        if reason is None:
            self.forms[chain.best] = sorted([*self.forms.get(chain.best, []), pos])[:2]
            if self.head is not None:
                self.roles |= _roles(chain.titles)
                if chain.article not in self.seen_full:
                    self.seen_full.add(chain.article)
                    self.full_articles += 1
        else:
            why = (reason, chain.best)
            self.joined[why] = min(self.joined.get(why, pos), pos)

    def merges(self) -> list[dict[str, str]]:
        """Why each name form joined, at the first place it did: the record a resolution
        reading the chains in (article, cluster) order writes."""
        records: list[tuple[Pos, str, str]] = []
        if self.forms:
            anchor = min(self.forms, key=lambda f: self.forms[f][0])
            for form, places in self.forms.items():
                if form == anchor:
                    if len(places) > 1:
                        records.append((places[1], form, "same name"))
                else:
                    records.append((places[0], form, self._reason(form, anchor)))
        records.sort()
        records += sorted((pos, form, reason) for (reason, form), pos in self.joined.items())
        return [{"from": form, "reason": reason, "article": pos[0]} for pos, form, reason in records]

    def _reason(self, form: str, anchor: str) -> str:
        if self.type_class != "person":
            return "same name" if plain_key(anchor) == plain_key(form) else "variant spelling"
        if fold(form) == fold(anchor) or self.head is None:
            return "same name"
        key = person_key(form)
        return "short first name" if key is not None and key[0] != self.head else "variant spelling"

    def to_dict(self) -> dict[str, Any]:
        """As kept in the store."""
        return {
            "type_class": self.type_class,
            "head": self.head,
            "types": dict(self.types),
            "names": dict(self.names),
            "aliases": self.aliases,
            "titles": dict(self.titles),
            "title_text": self.title_text,
            "countries": dict(self.countries),
            "articles": self.articles,
            "full_articles": self.full_articles,
            "roles": sorted(self.roles),
            "forms": {form: [list(p) for p in places] for form, places in self.forms.items()},
            "joined": [[reason, form, list(pos)] for (reason, form), pos in self.joined.items()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntityAgg:
        return cls(
            type_class=data["type_class"],
            head=data["head"],
            types=Counter(data["types"]),
            names=Counter(data["names"]),
            aliases=dict(data["aliases"]),
            titles=Counter(data["titles"]),
            title_text=dict(data["title_text"]),
            countries=Counter(data["countries"]),
            articles=int(data["articles"]),
            full_articles=int(data["full_articles"]),
            roles=set(data["roles"]),
            forms={f: [(str(a), int(c)) for a, c in places] for f, places in data["forms"].items()},
            joined={(r, f): (str(p[0]), int(p[1])) for r, f, p in data["joined"]},
        )


@dataclass(slots=True)
class Entity:
    """A canonical entity: its aggregate, and the chains added to it in this resolution (all of
    them in a whole resolution; the new articles' in an incremental one)."""

    id: str
    agg: EntityAgg
    members: list[tuple[ChainRecord, str | None]] = field(default_factory=list)
    fixed_merges: list[dict[str, str]] | None = None  # set by a user override
    preferred_name: str | None = None  # kept by a user merge: the target's name wins

    @property
    def type_class(self) -> str:
        return self.agg.type_class

    def add(self, chain: ChainRecord, reason: str | None = None) -> None:
        self.members.append((chain, reason))
        self.agg.add(chain, reason)

    def merges(self) -> list[dict[str, str]]:
        return self.fixed_merges if self.fixed_merges is not None else self.agg.merges()

    def mention_rows(self) -> list[tuple[str, str, int, int]]:
        """(entity id, article, start, end) of the chains added in this resolution."""
        return [(self.id, c.article, s, e) for c, _ in self.members for s, e in c.spans]

    def to_dict(self, *, mentions: bool = True) -> dict[str, Any]:
        """The entity as exported; ``mentions`` lists the spans of ``members`` (the store keeps
        them in ``entity_mentions`` instead, and adds them when an entity is read)."""
        agg = self.agg
        name = self.preferred_name or _canonical_name(agg.names, agg.type_class)
        aliases = sorted(surface for key, surface in agg.aliases.items() if key != fold(name))
        data: dict[str, Any] = {
            "id": self.id,
            "name": name,
            "type": _entity_type(agg.types),
            "aliases": aliases,
            "titles": [
                agg.title_text[k] for k, _ in sorted(agg.titles.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "merges": self.merges(),
            "articles": agg.articles,
        }
        if mentions:
            rows = sorted((a, s, e) for _, a, s, e in self.mention_rows())
            data["mentions"] = [{"article": a, "start": s, "end": e} for a, s, e in rows]
        if agg.countries:
            data["country"] = min(agg.countries.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        return data


def _entity_type(types: Counter[str]) -> str:
    # An outlet is an organization that reports; one confident outlet mention decides it.
    if types.get("OUTLET") and types.get("OUTLET", 0) * 3 >= sum(types.values()):
        return "OUTLET"
    return min(types.items(), key=lambda kv: (-kv[1], _TYPE_ORDER.get(kv[0], len(_TYPE_ORDER)), kv[0]))[0]


# A tie between types goes to the more general (a company's building, "FAC", is an "ORG").
_TYPE_ORDER = {t: i for i, t in enumerate(("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "OUTLET"))}


def _canonical_name(names: Counter[str], type_class: str) -> str:
    def rank(text: str) -> tuple[int, int, str]:
        words = len(text.split())
        # People: the full name (2-3 words) most often used; others: the most frequent form.
        fullness = min(words, 3) if type_class == "person" else 0
        return (fullness, names[text], text)

    return max(names, key=rank)


def chain_records(mentions: Iterable[Mention], copies: Collection[str] = ()) -> list[ChainRecord]:
    """Group stored mentions (``article`` set) into per-article chains; chains with no name are
    dropped. Chains of the articles ``copies`` (duplicates) are marked ``copy``."""
    chains: dict[tuple[str, int], ChainRecord] = {}
    has_name: set[tuple[str, int]] = set()
    for item in mentions:
        key = (str(item.article), item.cluster)
        chain = chains.get(key)
        if chain is None:
            chain = chains[key] = ChainRecord(article=key[0], cluster=key[1], copy=key[0] in copies)
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


@dataclass(slots=True)
class GroupState:
    """What resolving a people group's new chains needs besides its entities' aggregates: the
    first names seen in full (they decide the heads) and how many bare-surname chains carry each
    set of title words (their outcome is checked again when the candidates change)."""

    firsts: set[str] = field(default_factory=set)
    bare: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {"firsts": sorted(self.firsts), "bare": dict(self.bare)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GroupState:
        return cls(set(data["firsts"]), Counter(data["bare"]))


@dataclass(slots=True)
class GroupResult:
    entities: dict[str, Entity]  # the group's entities, new chains added
    touched: set[str]  # the ids that took new chains
    state: GroupState | None  # people groups only


def resolve_group(
    group: str,
    chains: list[ChainRecord],
    entities: dict[str, EntityAgg] | None = None,
    state: GroupState | None = None,
) -> GroupResult | None:
    """Add ``chains`` (all of one group) to the group's stored ``entities`` and ``state``;
    None when that would not give what resolving all the group's chains at once gives (then
    resolve the group from all its chains: ``resolve_group(group, all_chains)``)."""
    found = {eid: Entity(eid, agg) for eid, agg in (entities or {}).items()}
    if group.startswith("person:"):
        return _resolve_people(group.removeprefix("person:"), chains, found, state or GroupState())
    for chain in chains:  # the sums do not depend on the order
        entity = found.get(group)
        if entity is None:
            entity = found[group] = Entity(group, EntityAgg(TYPE_CLASS[chain.type]))
        entity.add(chain)
    return GroupResult(found, {group} if chains else set(), None)


def _heads(firsts: Collection[str]) -> dict[str, str]:
    # Distinct first names under one surname; join those that are the same name spelled
    # differently or a short form, to the longest. Few per surname: the quadratic step is tiny.
    head_of: dict[str, str] = {}
    heads: list[str] = []
    for first in sorted(firsts, key=lambda f: (-len(f), f)):
        head = next((h for h in heads if first_names_compatible(first, h)), None)
        if head is None:
            heads.append(first)
            head = first
        head_of[first] = head
    return head_of


Candidates = dict[str, tuple[frozenset[str], int]]  # full-name entity id -> (roles, articles)


def _candidates(found: dict[str, Entity]) -> Candidates:
    return {
        e.id: (frozenset(e.agg.roles), e.agg.full_articles) for e in found.values() if e.agg.head is not None
    }


def _bare_target(last: str, roles: frozenset[str], candidates: Candidates) -> tuple[str, str] | None:
    """(entity id, reason) a bare surname with these title words joins, None: none."""
    if not candidates:
        return None
    if len(candidates) == 1:
        return next(iter(candidates)), f"surname of the only {last.title()} named in full"
    titled = [eid for eid, (theirs, _) in candidates.items() if roles & theirs]
    if len(titled) == 1:
        return titled[0], "title match"
    counts = sorted(((n, eid) for eid, (_, n) in candidates.items()), reverse=True)
    top, second = counts[0][0], counts[1][0]
    if top >= _DOMINANCE * max(second, 1) and top >= 3:
        return counts[0][1], f"surname of the {last.title()} named in full far most often"
    return None


def _resolve_people(
    last: str, chains: list[ChainRecord], found: dict[str, Entity], state: GroupState
) -> GroupResult | None:
    full: list[tuple[str, ChainRecord]] = []
    bare: list[ChainRecord] = []
    for chain in chains:  # neither the sums nor the rules depend on the order
        key = person_key(chain.best)
        if key is None:
            continue
        if key[0] is None:
            bare.append(chain)
        else:
            full.append((key[0], chain))
    firsts = state.firsts | {first for first, _ in full}
    head_of = _heads(firsts)
    if firsts != state.firsts:
        before = _heads(state.firsts)
        if any(head_of[f] != head for f, head in before.items()):
            return None  # a new first name takes over a head: the entity ids change
    old = _candidates(found)
    touched: set[str] = set()
    for first, chain in full:
        head = head_of[first]
        eid = f"person:{head}-{last}"
        entity = found.get(eid)
        if entity is None:
            entity = found[eid] = Entity(eid, EntityAgg("person", head=head))
        entity.add(chain)
        touched.add(eid)
    candidates = _candidates(found)
    if candidates != old:
        for sig in state.bare:
            roles = frozenset(sig.split("|")) if sig else frozenset()
            if _bare_target(last, roles, old) != _bare_target(last, roles, candidates):
                return None  # an old bare surname would now join someone else
    new_bare = Counter[str]()
    for chain in bare:
        roles = frozenset(_roles(chain.titles))
        new_bare["|".join(sorted(roles))] += 1
        target = _bare_target(last, roles, candidates)
        if target is None:
            eid, reason = f"person:{last}", None
            if eid not in found:
                found[eid] = Entity(eid, EntityAgg("person"))
        else:
            eid, reason = target
        found[eid].add(chain, reason)
        touched.add(eid)
    return GroupResult(found, touched, GroupState(firsts, state.bare + new_bare))


def chains_by_group(chains: Iterable[ChainRecord]) -> dict[str, list[ChainRecord]]:
    """Chain records by resolution group (``group_key``); chains no entity takes are left out."""
    by_group: dict[str, list[ChainRecord]] = defaultdict(list)
    for chain in chains:
        if (group := group_key(chain)) is not None:
            by_group[group].append(chain)
    return by_group


def resolve_groups(chains: Iterable[ChainRecord]) -> tuple[list[Entity], dict[str, GroupState]]:
    """Every group resolved from its chains alone: the entities, and the people groups' states."""
    entities: list[Entity] = []
    states: dict[str, GroupState] = {}
    for group, members in sorted(chains_by_group(chains).items()):
        result = resolve_group(group, members)
        assert result is not None  # nothing stored: nothing can change
        entities.extend(result.entities.values())
        if result.state is not None:
            states[group] = result.state
    return entities, states


def resolve_chains(chains: list[ChainRecord], overrides: Iterable[Override] = ()) -> list[Entity]:
    """Canonical entities over chain records, then the user's overrides."""
    return apply_overrides(resolve_groups(chains)[0], overrides)


# A surname alone goes to one of several people named in full with it only when that one is
# named in this many times more articles than any other (George W. Bush against Laura and Jeb in
# a collection about the Iraq war; Barack against Michelle Obama). Against the runner-up, not the
# sum: headline debris ("Vote Obama", "Sen Obama") makes many one-article "people".
_DOMINANCE = 4


def _roles(titles: Iterable[str]) -> set[str]:
    return {w for t in titles for w in fold(t).split() if len(w) > 3}


def _rebuilt(entity: Entity, members: list[tuple[ChainRecord, str | None]]) -> EntityAgg:
    agg = EntityAgg(entity.agg.type_class, head=entity.agg.head)
    for chain, reason in members:
        agg.add(chain, reason)
    return agg


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
        moved = [m for m in source.members if fold(value) in {fold(m[0].best), *map(fold, m[0].names)}]
    elif kind == "article":
        moved = [m for m in source.members if m[0].article == value]
    else:
        return
    if not moved or len(moved) == len(source.members):
        return
    moved_articles = {chain.article for chain, _ in moved}
    merges = [m for m in source.merges() if m.get("article") not in moved_articles]
    source.members = [m for m in source.members if all(m is not x for x in moved)]
    source.agg = _rebuilt(source, source.members)
    source.fixed_merges = merges
    split = Entity(id=f"{source.id}~{slug(value)}", agg=EntityAgg(source.type_class, head=source.agg.head))
    for chain, reason in moved:
        split.add(chain, reason)
    split.fixed_merges = [{"from": source.id, "reason": f"user override: split {override.scope}"}]
    by_id[split.id] = split


def _apply_merge(by_id: dict[str, Entity], override: Override) -> None:
    target = by_id.get(override.target)
    other = by_id.get(override.other or "")
    if target is None or other is None or target is other:
        return
    target.preferred_name = target.preferred_name or target.to_dict(mentions=False)["name"]
    target.fixed_merges = [
        *target.merges(),
        {"from": other.id, "reason": "user override: merge"},
        *other.merges(),
    ]
    target.members = target.members + other.members
    target.agg = _rebuilt(target, target.members)
    del by_id[other.id]
