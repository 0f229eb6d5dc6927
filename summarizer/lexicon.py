"""Word lists the checks use, read from data files per language (`summarizer/lexicon/*.yaml`).

Code asks for a list by name ("killed", "stances.threaten") and gets one compiled pattern holding
every language's entries, so an article in any listed language is checked the same way. An entry
matches as a whole word or phrase; a trailing `*` makes a word a prefix, a leading `*` a suffix (for
languages that join articles and prepositions to the word: Arabic "للنموذج" is "for the model").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).parent / "lexicon"


# libyaml's loader when PyYAML was built with it: the pure-Python one takes a tenth of a second over
# these files, on every run
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _languages() -> tuple[dict[str, Any], ...]:
    return tuple(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
                 for path in sorted(LEXICON_DIR.glob("*.yaml")))


def languages() -> tuple[str, ...]:
    """The languages the lexicon files cover (ISO 639-1; a file's `language` may name several),
    English first: the press this tool reads is mostly English, and a parser that tries languages in
    turn reads "Mar. 3" as English then."""
    codes: list[str] = []
    for language in _languages():
        value = language.get("language") or []
        codes.extend([value] if isinstance(value, str) else value)
    return tuple(sorted(dict.fromkeys(codes), key=lambda code: code != "en"))


def language(code: str) -> dict[str, Any]:
    """One language's lists, for text written in that language only (the summary is written in English)."""
    found = next((lang for lang in _languages() if code in ([lang["language"]] if isinstance(lang["language"], str)
                                                              else lang["language"])), None)
    if found is None:
        raise KeyError(f"no lexicon file for language {code!r} in {LEXICON_DIR}")
    return found


def entries(name: str) -> list[str]:
    """Every language's entries of the list `name` ("killed", or "stances.threaten")."""
    found: list[str] = []
    for language in _languages():
        value: Any = language
        for part in name.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        found.extend(str(v) for v in value or [])
    return list(dict.fromkeys(found))


def alternation(name: str) -> str:
    """The entries of the list (or the keys of the mapping) `name` as a regular-expression alternation,
    the longest first, escaped, the words of a phrase apart by any white space, an apostrophe either way:
    for code that writes a list into a pattern of its own grammar ("(?:read more from) (?P<outlet>...)")."""
    words = sorted(entries(name), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w).replace("'", "['\u2019]") for w in e.split()) for e in words)


def mapping(name: str) -> dict[str, Any]:
    """Every language's entries of the mapping `name` ("numbers": word -> value)."""
    found: dict[str, Any] = {}
    for language in _languages():
        found.update(language.get(name) or {})
    return found


def _entry_parts(entry: str, form: Callable[[str], str]) -> tuple[str, str, str]:
    """An entry's pattern as (what must not come before it, the entry, what must not follow it). A
    word ending in * is a prefix ("indication*" also matches "indications"), one starting with * a
    suffix ("*نموذج" also matches "للنموذج")."""
    words = form(entry).split()
    # a suffix needs no pattern before it: a search finds it inside the word
    body = r"\s+".join((r"[\w'-]*" if w.startswith("*") and i else "") + re.escape(w.strip("*"))
                       + (r"[\w'-]*" if w.endswith("*") else "") for i, w in enumerate(words))
    first, last = words[0], words[-1]
    start = r"(?<![\w-])" if not first.startswith("*") and first[:1].isalnum() else ""
    end = r"(?![\w-])" if not last.endswith("*") and last[-1:].isalnum() else ""
    return start, body, end


def _compile(name: str, form: Callable[[str], str]) -> re.Pattern[str]:
    found = entries(name)
    if not found:
        raise KeyError(f"no lexicon list named {name!r} in {LEXICON_DIR}")
    ordered = sorted(found, key=len, reverse=True)  # the longest phrase wins at a position
    # Neighbours with the same word boundaries share them: "(?<![\w-])(?:a|b)(?![\w-])" matches as
    # "(?<![\w-])a(?![\w-])|(?<![\w-])b(?![\w-])" does, and compiles twice and searches four times
    # as fast (the boundary is checked once at a position, not once per entry).
    runs = itertools.groupby((_entry_parts(e, form) for e in ordered), key=lambda parts: (parts[0], parts[2]))
    alternatives = []
    for (start, end), run in runs:
        bodies = [body for _, body, _ in run]
        alternatives.append(start + (bodies[0] if len(bodies) == 1 else f"(?:{'|'.join(bodies)})") + end)
    return re.compile("|".join(alternatives), re.IGNORECASE)


@cache
def pattern(name: str) -> re.Pattern[str]:
    """One pattern matching any entry of the list `name`, anywhere in a text."""
    return _compile(name, fold)


@cache
def skeleton_pattern(name: str) -> re.Pattern[str]:
    """The pattern of the list `name` for text in its `skeleton` form."""
    return _compile(name, skeleton)


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


def skeleton(text: str) -> str:
    """How the text looks, for finding words written in disguise: compatibility forms (fullwidth,
    mathematical letters) as plain ones; invisible format characters (zero-width space and joiner,
    soft hyphen, bidi marks) and accents dropped; lower case; and each letter that looks like a Latin
    one (Cyrillic "о", Greek "Α") as that letter, by Unicode's confusables (UTS #39, from
    confusable_homoglyphs). A list's entries are compared in the same form, so words of any script
    still match their own entries. For detection only: offsets into it do not point into the text."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if unicodedata.category(c) not in ("Cf", "Mn"))
    return "".join(_latin_look_alike(c) for c in kept.translate(_FOLD).casefold())


@cache
def _latin_look_alike(char: str) -> str:
    """The ASCII letters a character is confusable with (its prototype in Unicode's table), or the
    character itself."""
    if char.isascii() or not char.isalpha():
        return char
    from confusable_homoglyphs import confusables  # its tables load on first use

    found = confusables.is_confusable(char, greedy=True, preferred_aliases=[])
    homoglyphs = found[0]["homoglyphs"] if found else []
    if len(homoglyphs) == 1 and homoglyphs[0]["c"].isascii() and homoglyphs[0]["c"].isalpha():
        return homoglyphs[0]["c"].casefold()
    return char


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
