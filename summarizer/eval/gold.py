"""Hand-labelled gold facts for one event, read from YAML (format: fixtures/README.md).

The loader checks what a labeller can get wrong: unknown article or actor keys, a name given to
two actors, a fact type that does not fit its value. Each error is one line naming the place.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from summarizer.errors import InputError
from summarizer.eval.compare import COMPARATORS, name_key
from summarizer.facts import FIELDS, Comparison
from summarizer.schemas import ActorKind, Article, Briefing, Model, Stance


class GoldActor(Model):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: ActorKind | None = None
    required: bool = Field(True, description="A briefing must list it (recall); optional ones only avoid spurious.")
    sources: list[str] = Field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class GoldFact(Model):
    type: Comparison = Field(description="How the value is compared; each field has one (summarizer.facts), which "
                                         "a gold file may leave out.")
    value: Any = Field(description="The right value; null when no article gives one (a value shown is wrong).")
    aliases: list[str] = Field(default_factory=list, description="type name: other right spellings.")
    accept: list[str] = Field(default_factory=list, description="type enum: other values also right.")
    range: tuple[float, float] | None = Field(None, description="type number: any value in [low, high] is right.")
    tolerance_minutes: int = Field(0, description="type time: how far off a time may be.")
    contains: list[str] = Field(default_factory=list,
                                description="type text: phrases that must all appear; 'a|b' means either.")
    optional: list[str] = Field(default_factory=list, description="type actors: also right, not required.")
    sources: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _fits_type(self) -> GoldFact:
        v = self.value
        if v is None:
            return self
        COMPARATORS[self.type].check(self)
        if not self.sources:
            raise ValueError("a fact with a value must cite the articles that support it (`sources`)")
        return self


class GoldReaction(Model):
    actors: list[str] = Field(min_length=1, description="Actor keys; a reaction by any of them counts.")
    stances: list[Stance] = Field(min_length=1, description="Stances that count as right.")
    required: bool = True
    sources: list[str] = Field(min_length=1)


class GoldConflictValue(Model):
    value: Any
    sources: list[str] = Field(min_length=1)


class GoldConflict(Model):
    about: str = Field(description="An event field (date, killed, ...) or 'rank' (with `actor`).")
    actor: str | None = None
    values: list[GoldConflictValue] = Field(min_length=2)
    required: bool = Field(True, description="False: listing it is right, missing it is no error.")

    @model_validator(mode="after")
    def _rank_has_actor(self) -> GoldConflict:
        if self.about == "rank" and not self.actor:
            raise ValueError("a rank conflict names its `actor`")
        return self


class Trap(Model):
    field: str
    value: Any
    why: str = ""


class Gold(Model):
    event: str
    folder: str | None = Field(None, description="Where the articles are, relative to the gold file.")
    metadata: str | None = Field(None, description="A JSONL file (relative to the gold file) of each article's page "
                                                   "metadata: file, and any of title, outlet, url, published.")
    retrieve: str | None = Field(None, description="How to get the articles when they are not at hand "
                                                   "(third-party texts that are never committed).")
    articles: dict[str, str] = Field(min_length=1, description="Key -> article file name.")
    actors: dict[str, GoldActor] = Field(default_factory=dict)
    facts: dict[str, GoldFact] = Field(default_factory=dict)
    reactions: list[GoldReaction] = Field(default_factory=list)
    conflicts: list[GoldConflict] = Field(default_factory=list)
    traps: list[Trap] = Field(default_factory=list)

    @field_validator("articles", mode="before")
    @classmethod
    def _string_keys(cls, value: Any) -> Any:
        return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value

    @field_validator("facts", mode="before")
    @classmethod
    def _field_types(cls, value: Any) -> Any:
        """A fact is compared the way its field is (summarizer.facts): its type may be left out."""
        if isinstance(value, dict):
            for name, fact in value.items():
                if name in FIELDS and isinstance(fact, dict):
                    fact.setdefault("type", FIELDS[name].compare)
        return value

    @model_validator(mode="after")
    def _references(self) -> Gold:
        def check_sources(where: str, keys: list[str]) -> None:
            for key in keys:
                if key not in self.articles:
                    raise ValueError(f"{where}: unknown article {key!r} (articles: {', '.join(self.articles)})")

        def check_actors(where: str, keys: list[str]) -> None:
            for key in keys:
                if key not in self.actors:
                    raise ValueError(f"{where}: unknown actor {key!r}")

        owner: dict[str, str] = {}
        for key, actor in self.actors.items():
            check_sources(f"actors.{key}", actor.sources)
            for name in actor.names:
                other = owner.setdefault(name_key(name), key)
                if other != key:
                    raise ValueError(f"actors.{key}: the name {name!r} is also a name of {other}")
        for field, fact in self.facts.items():
            if field not in FIELDS:
                raise ValueError(f"facts.{field}: not a field of a briefing's event ({', '.join(FIELDS)})")
            if fact.type != FIELDS[field].compare:
                raise ValueError(f"facts.{field}: the field is compared as {FIELDS[field].compare!r}, not {fact.type!r}")
            check_sources(f"facts.{field}", fact.sources)
            if fact.type in ("actor", "actors") and fact.value is not None:
                check_actors(f"facts.{field}", [*fact.value, *fact.optional])
        for i, reaction in enumerate(self.reactions):
            check_sources(f"reactions[{i}]", reaction.sources)
            check_actors(f"reactions[{i}]", reaction.actors)
        for i, conflict in enumerate(self.conflicts):
            for value in conflict.values:
                check_sources(f"conflicts[{i}]", value.sources)
            if conflict.actor:
                check_actors(f"conflicts[{i}]", [conflict.actor])
            elif conflict.about not in self.facts:
                raise ValueError(f"conflicts[{i}]: {conflict.about!r} is not a labelled fact")
        for i, trap in enumerate(self.traps):
            fact = self.facts.get(trap.field)
            if fact is None:
                raise ValueError(f"traps[{i}]: {trap.field!r} is not a labelled fact")
            if fact.type in ("actor", "actors"):
                check_actors(f"traps[{i}]", trap.value if isinstance(trap.value, list) else [])
        return self


def article_paths(gold: Gold, gold_path: str | Path) -> list[Path]:
    """The gold file's articles, found in its `folder` (relative to the gold file)."""
    if gold.folder is None:
        raise InputError(f"{gold_path}: names no `folder`; give the articles on the command line")
    folder = Path(gold_path).parent / gold.folder
    paths = [folder / name for name in gold.articles.values()]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        how = f"; {gold.retrieve}" if gold.retrieve else ""
        raise InputError(f"{gold_path}: article not found: {missing[0]}{how}")
    return paths


def gold_sources(gold: Gold, gold_path: str | Path) -> list[Path | Article]:
    """The gold event's articles to brief: their paths, or, when the gold file names a `metadata` file, the
    articles read with their page metadata (published date, outlet, URL), as a feed would give them."""
    paths = article_paths(gold, gold_path)
    if gold.metadata is None:
        return list(paths)
    from summarizer.feeds import feed_rows, row_metadata
    from summarizer.ingest import read_article

    meta_path = Path(gold_path).parent / gold.metadata
    if not meta_path.is_file():
        how = f"; {gold.retrieve}" if gold.retrieve else ""
        raise InputError(f"{gold_path}: metadata file not found: {meta_path}{how}")
    by_file = {}
    for place, row in feed_rows(meta_path):
        if isinstance(row, InputError):
            raise row
        by_file[Path(str(row.get("file", ""))).name] = row_metadata(row, f"{place}: ")
    return [read_article(str(p)).model_copy(update=by_file.get(p.name, {})) for p in paths]


MAX_GOLD_BYTES = 2_000_000  # a gold file is hand-written: a few kilobytes
MAX_DEPTH = 30
MAX_DIGITS = 30


class BoundedLoader(yaml.SafeLoader):
    """YAML as a hand-written gold file needs it, in bounded time and memory: no aliases (a few bytes of
    "billion laughs" expand to gigabytes), no nesting deeper than MAX_DEPTH, no number longer than
    MAX_DIGITS digits, no key given twice in one mapping (the second would silently win)."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "an alias (*name) is not allowed in a gold file",
                                              event.start_mark)
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str | int | float | bool) and key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice",
                                                        key_node.start_mark)
            seen.add(key) if isinstance(key, str | int | float | bool) else None
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):  # type: ignore[no-untyped-def]
        if len(str(node.value)) > MAX_DIGITS:
            raise yaml.constructor.ConstructorError(None, None, f"a number longer than {MAX_DIGITS} digits",
                                                    node.start_mark)
        return super().construct_yaml_int(node)


BoundedLoader.add_constructor("tag:yaml.org,2002:int", BoundedLoader.construct_yaml_int)


def load_gold(path: str | Path) -> Gold:
    """A gold YAML file, or a briefing JSON an analyst corrected (its accepted and corrected facts)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return verified_gold(Briefing.load(path), path.parent)
    try:
        if path.is_file() and path.stat().st_size > MAX_GOLD_BYTES:
            raise InputError(f"{path}: {path.stat().st_size:,} bytes: a gold file is at most {MAX_GOLD_BYTES:,}")
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=BoundedLoader)  # noqa: S506 (a safe loader)
    except FileNotFoundError:
        raise InputError(f"{path}: no such gold file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    if not isinstance(raw, dict):
        raise InputError(f"{path}: a gold file is a YAML mapping (event, articles, facts, ...)")
    try:
        return Gold.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise InputError(f"{path}: {where}: {first['msg']}") from None


def verified_gold(briefing: Briefing, where: Path) -> Gold:
    """Gold facts from a briefing an analyst corrected (`summarizer view --corrections ... -o B.json`):
    only the facts the analyst accepted or corrected, each with the value it has now, so that
    `summarizer eval --gold B.json` scores a new run of the same articles on what a person verified.
    `where` is the folder the articles are found from (the briefing's own), the articles by file name."""
    if not briefing.corrections:
        raise InputError("the briefing holds no corrections: apply some first (summarizer view --corrections FILE -o B.json)")
    folders = {Path(a.source).parent for a in briefing.articles}
    keys = {a.id: f"{i:02d}" for i, a in enumerate(briefing.articles, 1)}
    gold = {"event": f"the analyst-verified facts of {len(briefing.articles)} article(s)",
            "folder": os.path.relpath(folders.pop(), where) if len(folders) == 1 else None,
            "articles": {keys[a.id]: Path(a.source).name for a in briefing.articles}, "actors": {}, "facts": {}}
    for name in dict.fromkeys(c.field for c in briefing.corrections):
        fact = getattr(briefing.event, name)
        value = fact.value.value if hasattr(fact.value, "value") else fact.value  # an enum by its value
        label = {"type": FIELDS[name].compare, "value": value,
                 "sources": [keys[s] for s in fact.sources if s in keys] or sorted(keys.values())}
        if value is not None and FIELDS[name].compare == "actor":
            gold["actors"][f"{name}_actor"] = {"name": str(value)}
            label["value"] = [f"{name}_actor"]
        elif value is not None and FIELDS[name].compare == "text":
            label["contains"] = [str(value)]
        elif value is not None and FIELDS[name].compare in ("date", "time"):
            label["value"] = str(value)[:10] if FIELDS[name].compare == "date" else str(value)[:5]
        gold["facts"][name] = label
    try:
        return Gold.model_validate(gold)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"the corrections do not make gold facts: {'.'.join(map(str, first['loc']))}: {first['msg']}") from None
