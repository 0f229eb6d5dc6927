"""Word lists the checks use, read from data files per language (`summarizer/lexicon/*.yaml`).

Code asks for a list by name ("killed", "stances.threaten") and gets one compiled pattern holding
every language's entries, so an article in any listed language is checked the same way. An entry
matches as a whole word or phrase; a trailing `*` makes it a prefix.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).parent / "lexicon"


@cache
def _languages() -> tuple[dict[str, Any], ...]:
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(LEXICON_DIR.glob("*.yaml")))


def entries(name: str) -> list[str]:
    """Every language's entries of the list `name` ("killed", or "stances.threaten")."""
    found: list[str] = []
    for language in _languages():
        value: Any = language
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        found.extend(str(v) for v in value or [])
    return list(dict.fromkeys(found))


def mapping(name: str) -> dict[str, Any]:
    """Every language's entries of the mapping `name` ("numbers": word -> value)."""
    found: dict[str, Any] = {}
    for language in _languages():
        found.update(language.get(name) or {})
    return found


def _entry_pattern(entry: str) -> str:
    """A word ending in * is a prefix ("indication*" also matches "indications")."""
    words = fold(entry).split()
    body = r"\s+".join(re.escape(w.rstrip("*")) + (r"[\w'-]*" if w.endswith("*") else "") for w in words)
    start = r"(?<![\w-])" if words[0][:1].isalnum() else ""
    last = words[-1]
    end = r"(?![\w-])" if not last.endswith("*") and last[-1:].isalnum() else ""
    return start + body + end


@cache
def pattern(name: str) -> re.Pattern[str]:
    """One pattern matching any entry of the list `name`, anywhere in a text."""
    found = entries(name)
    if not found:
        raise KeyError(f"no lexicon list named {name!r} in {LEXICON_DIR}")
    ordered = sorted(found, key=len, reverse=True)  # the longest phrase wins at a position
    return re.compile("|".join(_entry_pattern(e) for e in ordered), re.IGNORECASE)


@cache
def _line_start(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{pattern(name).pattern})", re.IGNORECASE)


def starts(name: str, line: str) -> bool:
    """Whether `line` starts with an entry of the list `name`."""
    return _line_start(name).match(fold(line)) is not None


_FOLD = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
                       "\u2212": "-", "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u00a0": " ", "\u00ad": ""})


def fold(text: str) -> str:
    """Text in the form the lists are matched against: Unicode-normalised (NFKC), one hyphen and
    one apostrophe for their typographic variants."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def says(name: str, text: str | None) -> bool:
    """Whether `text` holds an entry of the list `name`."""
    return bool(text) and pattern(name).search(fold(text)) is not None


def kinds(group: str) -> list[str]:
    """The keys of a grouped list ("stances", "weapons"), strongest first: the order of the first
    file that lists them, then any other file's new keys."""
    order: list[str] = []
    for language in _languages():
        order.extend(k for k in (language.get(group) or {}) if k not in order)
    return order


def shown(group: str, text: str | None) -> list[str]:
    """The keys of `group` whose words occur in `text`, strongest first."""
    return [kind for kind in kinds(group) if says(f"{group}.{kind}", text)]


def written_as_place(text: str, name: str) -> bool:
    """Whether the text writes `name` right after a place preposition ("in Dnipro", "près de
    Tyr"), not as a possessive or a compound ("in Redland's army", "in Redland-held towns")."""
    if not name.strip():
        return False
    before = pattern("place_prepositions").pattern
    found = re.search(rf"(?:{before})\s+{re.escape(fold(name.strip()))}(?!['\u2019]s\b|-|\w)", fold(text), re.IGNORECASE)
    return found is not None


def places_written(text: str) -> list[str]:
    """The capitalised names the text writes right after a place preposition ("near Orm", "in
    Port Vell"), as written."""
    before = pattern("place_prepositions").pattern
    found = []
    for m in re.finditer(rf"(?:{before})\s+((?:[\w'-]+\s*){{1,4}})", fold(text)):
        words = []
        for word in m.group(1).split():
            if not word[:1].isupper():
                break
            words.append(word)
        if words:
            found.append(" ".join(words))
    return found
