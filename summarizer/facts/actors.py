"""The actors an article names: each with its other names (those it writes in brackets in another
script too), kind, title and affiliation, as the article writes them."""

from __future__ import annotations

import re
import unicodedata

from summarizer import answers, lexicon
from summarizer.claims import ClaimBuilder
from summarizer.entities import is_name, strip_title
from summarizer.schemas import Actor, ActorKind, ArticleExtraction


def from_answer(a: answers.ActorsAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    seen: set[str] = set()
    for item in a.actors:
        named = b.claim("actors.name", item.name, None, verbatim=True)
        if named is None or named.value.lower() in seen:
            continue
        seen.add(named.value.lower())
        aliases = [alias for alias in (b.keep_if_in_article("actors.aliases", x) for x in item.also_known_as)
                   if alias and alias.lower() != named.value.lower() and _may_be_alias(alias, item.kind)]
        aliases += _written_in_brackets(b.text, named.value)
        out.actors.append(Actor(
            name=named.value, aliases=list(dict.fromkeys(aliases)), kind=item.kind,
            title=b.keep_if_in_article("actors.title", item.title),
            affiliation=b.keep_if_in_article("actors.affiliation", item.affiliation),
            evidence=named.evidence,
        ))


def _may_be_alias(alias: str, kind: ActorKind) -> bool:
    """Another name of the actor, not a description ("terror group", "a senior official") nor, for what
    is no person, a person written with a title ("deputy leader Tavi Oss" of a group)."""
    return is_name(alias) and (kind is ActorKind.PERSON or strip_title(alias) == " ".join(alias.split()).strip(" ,;:"))


_BRACKETED = re.compile(r"\s*\(([^()\n]{2,60})\)")


_NAME_BEFORE = re.compile(r"((?:[^\W\d_][\w'\u2019.-]*\s+){0,4}[^\W\d_][\w'\u2019.-]*)\s*\($")


def _written_in_brackets(text: str, name: str) -> list[str]:
    """The name's spelling in another script that the article gives beside it in brackets: "Mayor
    Ilse Varn (Ільза Варн)" - one person, written twice. The bracketed form may be the name the
    model gave (then the words before the bracket are the other spelling)."""
    found = []
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
        after = _BRACKETED.match(text, m.end())
        if after and _scripts(after.group(1)) and _scripts(after.group(1)) != _scripts(name):
            found.append(after.group(1).strip())
        before = _NAME_BEFORE.search(text[max(0, m.start() - 80):m.start()])
        if before and text[m.end():m.end() + 1] == ")" and _scripts(before.group(1)) != _scripts(name):
            words = re.split(r"[,;:]|(?<=[a-z]{3})\.\s", before.group(1))[-1].split()  # this sentence's words
            while words and (not words[0][:1].isupper() or lexicon.says("person_roles", words[0])
                             or lexicon.says("title_abbreviations", words[0].rstrip("."))):
                words.pop(0)  # "Mayor", "President", "Col.": titles, not the name
            if words:
                found.append(" ".join(words))
    return list(dict.fromkeys(found))


def _scripts(text: str) -> set[str]:
    """The scripts of a text's letters, by the first word of their Unicode names (LATIN, CYRILLIC, ARABIC...)."""
    return {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}


