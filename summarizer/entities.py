"""Entity resolution: which names, across articles, are one real-world actor.

Deterministic and explainable. Two names are the same actor when an article says so (an alias,
"X [Y]", "X (Y)"), when they are equal after normalisation (case, accents, hyphens, dots,
possessive qualifiers, titles, plurals, "forces"/"troops"/"military"), or when every word
matches a near-spelling ("Mohamed"/"Mohammed"). Weaker evidence, an acronym ("BCF") or a
sub-name ("Hale" of "Mira Hale", "Liwa al-Bahr" of "Liwa Saraya al-Bahr"),
merges only when it points at exactly one actor; otherwise the names stay apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from anyascii import anyascii
from rapidfuzz import fuzz

from summarizer import lexicon

NEAR_SPELLING = 90  # rapidfuzz ratio: "Mohamed"/"Mohammed" 93, "Austrian"/"Australian" 89
# A name written in another script, read in Latin letters, spells vowels its own way (made-up: "Дорис" is
# "Doris", the Latin press writes "Dorys", 80; "Карскович" / "Karskovych" 90): a looser bar between scripts.
ACROSS_SCRIPTS = 78



@cache
def particles() -> frozenset[str]:
    """Words that join a name's parts but carry no identity ("al", "bin", "of"): skipped when matching
    sub-names and acronyms (the lexicon's `name_particles`)."""
    return frozenset(w.casefold() for w in lexicon.entries("name_particles"))


@cache
def rank_patterns() -> dict[str, str]:
    """Each military rank (canonical spelling, most specific first) -> a pattern of its spellings (the
    lexicon's `ranks`): a short form's point may be left out and two words joined by a hyphen or nothing,
    but a short form alone needs its point."""
    def spelled(spelling: str) -> str:
        words = spelling.split()
        parts = [re.escape(w.rstrip(".")) + ((r"\.?" if len(words) > 1 else r"\.") if w.endswith(".") else "")
                 for w in words]
        pattern = parts[0]
        for before, word, part in zip(words, words[1:], parts[1:]):
            pattern += (r"[- ]?" if before.endswith(".") or word.endswith(".") else r"[- ]") + part
        return pattern

    # most specific first: "Brigadier General" before "Brigadier", whichever file lists its ranks first
    ranks = {rank: lexicon.entries(f"ranks.{rank}") for rank in sorted(lexicon.kinds("ranks"), key=lambda r: -len(r.split()))}
    return {rank: "|".join(spelled(s) for s in spellings) for rank, spellings in ranks.items()}


@cache
def _title() -> re.Pattern[str]:
    """Titles and roles written before a person's name: ranks, `titles`, and offices that may name their
    department ("Defence ministry spokesman Col. Mira Hale", "Minister of Foreign Affairs Ilse Varn")."""
    department = rf"(?:\s+(?:{lexicon.alternation('office_links')})\s+[^\W\d_]+(?:\s+(?:{lexicon.alternation('department_words')}))?)?"
    return re.compile(rf"\b(?:{'|'.join(rank_patterns().values())}|(?:{lexicon.alternation('offices')}){department}|{lexicon.alternation('titles')})"
                      r"(?=\s|$)", re.IGNORECASE)


_BRACKETED = re.compile(r"\s*[\[(]([^\])]+)[\])]\s*")
_POSSESSIVE_QUALIFIER = re.compile(r"^[A-Z][\w.]*['\u2019]s\s+(?=[A-Z])")


@dataclass(frozen=True)
class Name:
    surface: str  # as written, titles and brackets removed
    words: tuple[str, ...]  # normalised words
    key: str  # what equal names share

    @property
    def is_acronym(self) -> bool:
        letters = re.sub(r"[.\s]", "", self.surface)
        return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()

    @property
    def content(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if w not in particles())


def is_name(value: str) -> bool:
    """A proper name, not a description such as 'another militia member'."""
    text = value.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    first = text[:1]
    return first.isupper() or (first.isalpha() and first.lower() == first.upper())  # a script without case


def split_names(raw: str) -> list[str]:
    """'BCF [Blue Coast Front]' -> ['BCF', 'Blue Coast Front']: an article's own alias."""
    inner = [m.group(1).strip() for m in _BRACKETED.finditer(raw)]
    outer = _BRACKETED.sub(" ", raw).strip()
    return [n for n in (outer, *inner) if n]


def strip_title(raw: str) -> str:
    """'Defence ministry spokesman Col. Mira Hale' -> 'Mira Hale'; names without titles unchanged."""
    text = " ".join(raw.split()).strip(" ,;:")
    matches = list(_title().finditer(text))
    if matches:
        rest = text[matches[-1].end():].strip(" ,")
        if rest and rest[0].isupper():
            return rest
    return text


def parse_name(raw: str) -> Name:
    surface = strip_title(raw)
    surface = _POSSESSIVE_QUALIFIER.sub("", surface)  # "Redland's Popular Defence Forces"
    first, _, rest = surface.partition(" ")
    if rest and lexicon.says("leading_articles", first) and len(first) <= 4:  # "the", "le", "la", "les"
        surface = rest
    elif re.match(r"(?i)l['\u2019](?=\w)", surface):  # "l'Iran"
        surface = surface[2:]
    words = _key_words(surface)
    key = " ".join(words)
    if rest[:1].isupper() and lexicon.says("press", first) and not lexicon.says("press", rest):
        key = " ".join(_key_words(rest))  # a kind of outlet before its name ("Fernsehsender Al-Orm": the station Al-Orm)
    members = next((n for n in _nouns("member_nouns") if key.endswith(" " + n)), None)
    key = key[: -len(members) - 1] if members else key  # "Redland army members" is "Redland army"
    for nouns, common in ((_nouns("military_nouns"), "military"), (_nouns("militia_nouns"), "militia")):
        noun = next((n for n in nouns if key.endswith(" " + n)), None)
        if noun is not None:
            key = key[: -len(noun)] + common
            break
    return Name(surface=surface, words=words, key=key)


def _key_words(surface: str) -> tuple[str, ...]:
    """A name's words as compared: in Latin letters ("Віталій Кличко" -> "vitaliy klychko", so names in
    other scripts neither collapse into one empty key nor miss their Latin spelling), lower case, without
    accents, points, apostrophes or a possessive, in American spelling, the last word singular (where a
    group's name is plural: "Defence Forces"; a first name such as "Dorys" stays as written, to match "Дорис")."""
    text = unicodedata.normalize("NFKD", anyascii(surface))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("\u2019", "'").replace("'s ", " ").replace(".", "")
    text = re.sub(r"['`\u2018\u02bc]", "", text)
    words = re.findall(r"[a-z0-9]+", text)
    return tuple(_singular(w) if i == len(words) - 1 else _american(w) for i, w in enumerate(words))


def _of_members(name: Name) -> bool:
    """The name says the group's members ("Redland army members"): the group's own name is shown before it."""
    return any(" ".join(name.words).endswith(" " + n) for n in _nouns("member_nouns"))


@cache
def _nouns(name: str) -> tuple[str, ...]:
    """A lexicon list of nouns as name keys, longest first ("armed forces" before "forces"; "militia_nouns":
    "Orm militants" is "Orm militia")."""
    keys = dict.fromkeys(" ".join(_key_words(n)) for n in lexicon.entries(name))
    return tuple(sorted((k for k in keys if k), key=len, reverse=True))


def _singular(word: str) -> str:
    word = word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word
    return _american(word)


def _american(word: str) -> str:
    for british, american in _SPELLINGS:
        word = british.sub(american, word)
    return word


# British spellings in American form, so "Defence Forces" is "Defense Force" (both sides change alike).
_SPELLINGS = [(re.compile(r"isation$"), "ization"), (re.compile(r"(?<=f)ence$"), "ense"),
              (re.compile(r"(?<=\w{3})our$"), "or")]


def same_spelling(a: Name, b: Name) -> bool:
    """Equal after normalisation, or every word a near-spelling of its counterpart."""
    if a.key == b.key or (a.key.replace(" ", "") == b.key.replace(" ", "") and a.key):
        return True
    if len(a.content) >= 2 and a.content == b.content:  # "Tavi al-Oss" / "Tavi Oss"
        return True
    wa, wb = a.key.split(), b.key.split()
    bar = _bar(a, b)
    return len(wa) == len(wb) and len(a.key) >= 8 and all(
        x == y or (min(len(x), len(y)) >= 5 and _near(x, y, bar)) for x, y in zip(wa, wb, strict=True))


def _near(a: str, b: str, bar: float) -> bool:
    """Near spellings; across scripts also the same consonants in the same order ("biryuk" / "byriuk"),
    since each script's Latin spelling renders the vowels and glides its own way."""
    if fuzz.ratio(a, b) >= bar:
        return True
    if bar >= NEAR_SPELLING:
        return False
    consonants = [re.sub(r"[aeiouyj]", "", w) for w in (a, b)]
    return a[0] == b[0] and len(consonants[0]) >= 3 and consonants[0] == consonants[1]


def _latin(name: Name) -> bool:
    return not any(ch.isalpha() and ord(ch) > 0x24F for ch in name.surface)


def _bar(a: Name, b: Name) -> float:
    """How near two spellings must be: nearer within one script than across two."""
    return NEAR_SPELLING if _latin(a) == _latin(b) else ACROSS_SCRIPTS


def acronym_of(short: Name, long: Name) -> bool:
    if not short.is_acronym or len(long.words) < 2:
        return False
    letters = re.sub(r"[.\s]", "", short.surface).lower()
    return letters in {"".join(w[0] for w in long.words), "".join(w[0] for w in long.content)}


def sub_name_of(short: Name, long: Name, person: bool) -> bool:
    """Every word of `short` in `long`, ending on the same word ("Hale", "Pat Hale" of "Patricia
    Hale"). A one-word sub-name counts only for people: "Front" is not "Blue Coast Front"."""
    s, l = short.content, long.content
    if not s or s == l or len(s) > len(l):
        return False
    if len(s) == 1 and not person:
        return False
    bar = _bar(short, long)
    if not _word_match(s[-1], l[-1], last=True, bar=bar):
        return False
    rest = list(l[:-1])
    for word in s[:-1]:
        hit = next((w for w in rest if _word_match(word, w, last=False, bar=bar)), None)
        if hit is None:
            return False
        rest.remove(hit)
    return True


def _personal(name: Name) -> bool:
    """Whether a name nobody said is a person's reads like one: two or three capitalised words, none
    naming an institution or a group ("Ilse Varn", not "Blue Coast Front")."""
    words = name.surface.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.isupper() for w in words) \
        and not any(lexicon.says(group, name.surface) for group in ("institutions", "group_words"))


def _word_match(a: str, b: str, last: bool, bar: float = NEAR_SPELLING) -> bool:
    if a == b:
        return True
    if not last and len(a) >= 3 and b.startswith(a):  # "Pat" for "Patrick"
        return True
    return min(len(a), len(b)) >= 5 and _near(a, b, bar)


@dataclass
class Mention:
    """A name as one article gives it."""

    raw: str
    article_id: str
    person: bool | None = None  # known to be a person (True), known not to be (False), or unknown
    aliases: tuple[str, ...] = ()


@dataclass(eq=False)  # one entity is one object: hashable by identity
class Entity:
    names: list[Name] = field(default_factory=list)  # only ever appended to
    mentions: list[Mention] = field(default_factory=list)
    _name: tuple[int, str] | None = field(default=None, repr=False)  # (names seen, the name they give)

    @property
    def person(self) -> bool:
        votes = Counter(m.person for m in self.mentions if m.person is not None)
        return bool(votes) and votes.most_common(1)[0][0]

    @property
    def name(self) -> str:
        """The fullest name, spelled as most articles spell it (worked out again only when a name is added)."""
        if self._name is None or self._name[0] != len(self.names):
            counts = Counter(n.surface for n in self.names)
            distinct = list(dict.fromkeys(self.names))  # a name met in every sentence of a long article is one name
            best = max(enumerate(distinct), key=lambda pair: (not pair[1].is_acronym, not _of_members(pair[1]),
                                                              len(pair[1].content),
                                                              counts[pair[1].surface], -pair[0]))[1].surface
            self._name = (len(self.names), best)
        return self._name[1]

    @property
    def aliases(self) -> list[str]:
        written = dict.fromkeys([n.surface for n in self.names] +
                                [m.raw for m in self.mentions if not _BRACKETED.search(m.raw)])
        return [a for a in written if a != self.name]


class Resolver:
    """Groups mentions into entities; `find` maps any name seen back to its entity."""

    def __init__(self, mentions: list[Mention]):
        self._names: dict[str, Name] = {}  # key -> a representative Name
        self._parent: dict[str, str] = {}
        person: dict[str, bool] = {}
        links: list[tuple[str, str]] = []
        all_names: list[Name] = []
        for m in mentions:
            group = [self._add(n, all_names) for raw in (m.raw, *m.aliases) for n in map(parse_name, split_names(raw))]
            links += [(group[0].key, n.key) for n in group[1:]]
            if m.person is not None:
                for n in group:
                    person.setdefault(n.key, m.person)
        for a, b in links:
            self._union(a, b)
        keys = list(self._names)
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                if same_spelling(self._names[a], self._names[b]):
                    self._union(a, b)
        # Weak evidence, shortest names first: merge only into a single candidate entity. Again
        # until nothing changes: "Varn" has one candidate once "Pat Varn" has joined "Patrick Varn".
        merged = True
        while merged:
            merged = False
            for key in sorted(keys, key=lambda k: len(self._names[k].words)):
                short = self._names[key]
                candidates = {self._find(other) for other in keys if self._find(other) != self._find(key)
                              and self._weak_match(short, self._names[other], person)}
                if len(candidates) == 1:
                    self._union(key, candidates.pop())
                    merged = True
        self.entities = self._build(mentions, all_names)

    def _add(self, name: Name, all_names: list[Name]) -> Name:
        all_names.append(name)
        self._names.setdefault(name.key, name)
        self._parent.setdefault(name.key, name.key)
        return name

    def _weak_match(self, short: Name, long: Name, person: dict[str, bool]) -> bool:
        if person.get(short.key) is not None and person.get(long.key) is not None \
                and person[short.key] != person[long.key]:
            return False
        is_person = person.get(long.key) is True or person.get(short.key) is True or (
            person.get(long.key) is None and person.get(short.key) is None and _personal(long))
        return acronym_of(short, long) or sub_name_of(short, long, is_person)

    def _find(self, key: str) -> str:
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def _build(self, mentions: list[Mention], all_names: list[Name]) -> list[Entity]:
        self._by_root: dict[str, Entity] = {}
        for name in all_names:
            self._by_root.setdefault(self._find(name.key), Entity()).names.append(name)
        for m in mentions:
            self._by_root[self._find(parse_name(split_names(m.raw)[0]).key)].mentions.append(m)
        return list(self._by_root.values())

    def find(self, raw: str) -> Entity | None:
        key = parse_name(split_names(raw)[0]).key
        return self._by_root[self._find(key)] if key in self._parent else None


def _words(name: str) -> list[str]:
    text = anyascii(lexicon.fold(name)).lower().replace("'s ", " ")
    return re.findall(r"[a-z0-9]+", text)


def refines(specific: str, general: str, parts: str) -> bool:
    """`specific` is `general` made more specific: every word of `general` begins a word of
    `specific` ("Redland" -> "Redlandic forces"), and every other word of `specific` is a word of
    the lexicon list `parts` (an institution of an actor, a part of a place). So "eastern Tartus"
    refines "Tartus" and "Redland's air force" refines "Redland", but "Redlandic Front" does not."""
    short, long = _words(split_names(general)[0]), _words(split_names(specific)[0])  # "Orm Army (OA)": its own alias aside
    rest = _rest(long, short)
    if not short or rest is None or not rest:
        return False
    # an institution may be named by its arm: "Redland's drone unit", "Redlandic strategic bomber command"
    return all(lexicon.says(parts, w) or (parts == "institutions" and lexicon.shown("weapons", w)) for w in rest)


def names(text: str, name: str) -> bool:
    """Every word of `name` begins a word of `text`, or is the name its adjective is made of:
    "Redlandic Air Command" names "Redland", "Government of Orlania" names "Orlania"."""
    short = _words(name)
    return bool(short) and _rest(_words(text), short) is not None


def _rest(long: list[str], short: list[str]) -> list[str] | None:
    """The words of `long` left once each word of `short` has begun one of them; None when one begins none."""
    rest = list(long)
    for word in short:
        hit = next((w for w in rest if w == word or (len(word) >= 4 and w.startswith(word))
                    or _adjective_of(w, word)), None)
        if hit is None:
            return None
        rest.remove(hit)
    return rest


def _adjective_of(word: str, name: str) -> bool:
    """`word` is the adjective of the name that ends in a vowel it drops: "Redlandian" of "Redlande"."""
    return len(name) >= 5 and name[-1] in "aeiouy" and word.startswith(name[:-1]) and len(word) > len(name)
