"""Event families: which event types, and which trigger words, can name one real event.

Two tables, both general English news vocabulary (no corpus-specific entries):

* ``TYPE_FAMILY``: the analyzer's event types -> a family; types of one family are compatible
  ("the summit", "the meeting", "talks" can be one event; a call is never a summit).
* ``WORD_FAMILY``: trigger lemmas -> a family, for mentions known only by their word (ECB+ gold
  mentions): "killed", "murder", "slaying" and "shooting death" can all be one killing.
"""

from __future__ import annotations

TYPE_FAMILY: dict[str, str] = {
    "meeting": "meeting",
    "summit": "meeting",
    "talks": "meeting",
    "negotiation": "negotiation",  # a process, not one meeting
    "visit": "visit",
    "call": "call",
    "agreement": "agreement",
    "deal": "agreement",
    "ceasefire": "agreement",
    "announcement": "announcement",
    "sanction": "sanction",
    "attack": "attack",
    "strike": "attack",
    "election": "election",
    "vote": "election",
    "resignation": "resignation",
    "appointment": "appointment",
    "arrest": "arrest",
    "trial": "trial",
    "verdict": "verdict",
    "protest": "protest",
    "deployment": "deployment",
    "disaster": "disaster",
}

_WORDS: dict[str, tuple[str, ...]] = {
    "meeting": ("meet", "meeting", "summit", "talk", "talks", "negotiation", "negotiate", "visit", "session"),
    "call": ("call", "phone", "telephone", "conversation", "speak"),
    "agreement": ("agree", "agreement", "deal", "accord", "treaty", "ceasefire", "truce", "pact"),
    "killing": (
        "kill",
        "murder",
        "slay",
        "slaying",
        "homicide",
        "killing",
        "death",
        "die",
        "dead",
        "shoot",
        "shooting",
        "shot",
        "stab",
        "stabbing",
        "gun",
        "assassinate",
        "assassination",
        "fatal",
        "execute",
        "execution",
        "suicide",
        "hang",
        "overdose",
        "rampage",
        "massacre",
    ),
    "attack": (
        "attack",
        "strike",
        "bomb",
        "bombing",
        "raid",
        "airstrike",
        "assault",
        "blast",
        "explosion",
        "explode",
        "detonate",
    ),
    "arrest": ("arrest", "detain", "detention", "apprehend", "capture", "custody", "nab"),
    "charge": ("charge", "accuse", "indict", "indictment", "allegation", "allege"),
    "trial": ("trial", "try", "hearing", "prosecute", "prosecution"),
    "verdict": ("verdict", "convict", "conviction", "sentence", "acquit", "guilty"),
    "earthquake": ("earthquake", "quake", "tremor", "temblor", "aftershock", "shake", "jolt"),
    "fire": ("fire", "blaze", "burn", "burning", "wildfire", "inferno", "flame"),
    "discovery": ("find", "discover", "discovery", "uncover", "locate", "unearth"),
    "retention": ("retain", "keep", "defend"),
    "stoppage": ("stop", "stoppage", "halt", "suspend", "suspension"),
    "outage": ("outage", "downtime", "blackout"),
    "flood": ("flood", "flooding", "inundate", "deluge"),
    "storm": ("storm", "hurricane", "typhoon", "cyclone", "tornado"),
    "crash": ("crash", "collide", "collision", "wreck", "accident"),
    "win": ("win", "victory", "beat", "defeat", "triumph", "rout", "clinch", "lose", "loss"),
    "resignation": ("resign", "resignation", "quit", "step", "leave", "depart", "departure"),
    "appointment": (
        "appoint",
        "appointment",
        "name",
        "nominate",
        "nomination",
        "hire",
        "choose",
        "pick",
        "tap",
    ),
    "election": ("election", "elect", "vote", "ballot", "poll", "reelect"),
    "announcement": ("announce", "announcement", "unveil", "launch", "release", "introduce", "issue"),
    "rehab": ("rehab", "rehabilitation", "treatment", "enter", "check", "admit"),
    "injury": ("injure", "injury", "wound", "hurt", "tear", "sprain"),
    "escape": ("escape", "flee", "breakout", "abscond"),
    "robbery": ("rob", "robbery", "heist", "steal", "theft", "loot", "burglary"),
    "acquisition": ("acquire", "acquisition", "buy", "purchase", "takeover", "merger", "merge"),
    "protest": ("protest", "demonstration", "rally", "march", "riot"),
    "sanction": ("sanction", "embargo", "penalty", "blacklist"),
    "deployment": ("deploy", "deployment", "dispatch", "send", "troop"),
    "damage": ("damage", "cut", "sever", "destroy", "devastate", "break", "disrupt"),
    "record": ("record", "mark", "milestone"),
}

WORD_FAMILY: dict[str, str] = {word: family for family, words in _WORDS.items() for word in words}


def type_family(event_type: str) -> str:
    """The family of an analyzer event type; an unknown type is a family of its own."""
    return TYPE_FAMILY.get(event_type, event_type)


def word_family(lemma: str) -> str | None:
    return WORD_FAMILY.get(lemma)


def stem(word: str) -> str:
    """A crude inflection-stripping key, for triggers spaCy left inflected out of context
    ("dies", "escaped", "checks"): same stem, same word."""
    word = word.lower()
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + keep
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]  # "shipp(ed)", "stopp(ing)"
    return word
