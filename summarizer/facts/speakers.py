"""Who speaks in a sentence: the subject before (or after) its verb of speaking, and the speaker of a
statement the model attributes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer import lexicon
from summarizer.dates import weekday_named
from summarizer.entities import parse_name, particles, strip_title
from summarizer.ground import mentions, sentence_of
from summarizer.schemas import Actor, ActorKind, Evidence
from summarizer.sentences import QUOTATION_MARKS


@dataclass(frozen=True)
class Subject:
    """Who a sentence says is speaking: a name, a pronoun or a description (`name` False)."""
    words: str
    name: bool
    pronoun: bool = False


def sentence_subject(sentence: str) -> Subject | None:
    """The speaker the sentence itself names before its first verb of speaking ("President Ilse
    Varn said", "Redland's health ministry said", "Varn, who spoke from Ostra, said"), or after it
    when a quotation or a source marker comes first ('"...," said Ilse Varn', "according to the
    Front"); None when no verb of speaking has a speaker beside it."""
    text = lexicon.fold(sentence)
    for verb in lexicon.pattern("speech_verbs").finditer(text):
        if verb.group()[:1].isupper():
            continue  # a name ("United States"), not the verb "states"
        if lexicon.starts("hearsay", text[verb.start():]):
            continue  # "pictures said to show the house": hearsay, nobody speaks
        before = text[:verb.start()].rstrip()
        if lexicon.says("source_markers", verb.group()) or before.endswith(QUOTATION_MARKS) \
                or before[-2:-1] in QUOTATION_MARKS and before.endswith(","):  # '"...," said Ilse Varn
            after = text[verb.end():].rstrip().rstrip(".!?")  # one sentence: an inner point is "Col."
            words = re.split(r"[,;:\"“”«»()—–]", after, maxsplit=1)[0].split()
            named = (_subject_of(words[:k]) for k in range(min(len(words), 6), 0, -1))
            subject = next((s for s in named if s.name), None)
            if subject is not None:
                return subject
            continue
        asides = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), text[:verb.start()])  # "(Orm Wire)", "(Ільза Варн)"
        segments = re.split(r"[,;:\"“”«»()—–]", asides)
        found: Subject | None = None
        skipped = 0
        for segment in reversed(segments):
            words = segment.split()
            while words and lexicon.says("auxiliaries", words[-1]) and not words[-1][:1].isupper():
                words.pop()
            if not words:
                continue
            if lexicon.says("relative_pronouns", words[0]):
                continue  # ", who spoke from Ostra," sits between the speaker and the verb
            subject = _subject_of(words)
            if subject.name or subject.pronoun:
                return subject
            found = found or subject
            # "Varn, the envoy of the Front, said": a role or a phrase set between commas; the name before it speaks
            if skipped < 2 and (lexicon.says("person_roles", segment) or lexicon.says("leading_articles", words[0])):
                skipped += 1
                continue
            return found
        if found is not None:
            return found
    return None


def _subject_of(words: list[str]) -> Subject:
    """The subject at the end of a clause's words: a run of capitalised words (with particles and a
    possessive) followed by at most two lower-case words ending in an institution ("Redland's health
    ministry"), a pronoun, or else a description."""
    last = words[-1]
    if lexicon.says("pronouns", last) and len(last) <= 5:
        return Subject(last, False, pronoun=True)
    lower = 0
    while lower < min(2, len(words)) and words[-1 - lower][:1].islower():
        lower += 1
    if lower and not lexicon.says("institutions", words[-1]):
        return Subject(" ".join(words), False)
    start = len(words) - lower
    while start > 0 and (words[start - 1][:1].isupper() or words[start - 1].lower() in particles()):
        start -= 1
    run = words[start:len(words) - lower]
    while run and (run[0].lower() in particles() or lexicon.says("leading_articles", run[0])):
        start, run = start + 1, run[1:]
    if any(lexicon.says("prepositions", w) for w in [*words[max(0, start - 2):start], *run[:1]]):
        return Subject(" ".join(words), False)  # "the envoy for the Red Coast": a place, not the speaker
    if not run or lexicon.says("determiners", run[0]) or weekday_named(" ".join(run)):
        return Subject(" ".join(words), False)  # "Some accounts", "Its office", "On Tuesday"
    named = run + words[len(words) - lower:]
    if lexicon.says("person_roles", named[-1].removesuffix("s")):
        return Subject(" ".join(words), False)  # "Security officials", "Prime Minister": a role, nobody named
    return Subject(" ".join(named), True)


def is_the_press(name: str, actors: list[Actor]) -> bool:
    """A name of the press, which reports a strike and does not react to it: an actor the actors answer
    calls media, or a name holding a word of the press ("Ukrainian media", "the agency"), its title cut
    ("Press Secretary Ilse Varn" is an official)."""
    bare = strip_title(name)
    if lexicon.says("press", bare):
        return True
    key = parse_name(bare).key
    return any(a.kind is ActorKind.MEDIA and key in {parse_name(n).key for n in (a.name, *a.aliases)} for a in actors)


def speaker(text: str, evidence: Evidence, said: str, known: list[str]) -> str:
    """Who made the statement: the model's actor when its sentence names it just before a verb of
    speaking; else the actor named just before one ("Ilse Varn said the Front had ..." is Varn's,
    whoever the model named); else the model's actor when
    the sentence names it; else the one actor the sentence names, unless the sentence is a quotation (in
    '"We urge Redland to ..."' Redland is spoken to, not speaking). Small models often give every statement
    of an article to one actor."""
    sentence = sentence_of(text, evidence).quote
    named: dict[str, tuple[int, int]] = {}
    for name in sorted(set(known) | ({said} if said else set()), key=len, reverse=True):
        m = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence)
        if m and not any(s <= m.start() < e for s, e in named.values()):
            named[name] = (m.start(), m.end())
    verbs = [m.start() for m in lexicon.pattern("speech_verbs").finditer(lexicon.fold(sentence))]
    before_verb = [(v, -end, name) for name, (_, end) in named.items() for v in verbs if 0 <= v - end <= 40]
    if any(name == said for _, _, name in before_verb):
        return said  # "Redland said the Front condemned ...": the model may mean either speaker
    if before_verb:
        return min(before_verb)[2]  # the first verb of speaking, the name closest before it
    if said and mentions(sentence, said):
        return said
    quoted = sentence.lstrip().startswith(QUOTATION_MARKS)
    return next(iter(named)) if len(named) == 1 and not quoted else said


def subject_names(subject: Subject | None, said: str) -> bool:
    """Whether the subject's words and a speaker's name share a word of four letters or more
    ("Al-Orm" of "Col. Tavi Al-Orm", "military" of "Redland's military")."""
    def words(text: str) -> set[str]:
        return {w.casefold() for w in re.findall(r"[^\W\d_][\w-]{3,}", text)}
    return subject is not None and bool(words(subject.words) & words(said))


