"""Numbers written in a sentence and what each counts: the figures of killed and injured people a
sentence gives, told from block numbers, ages, dates and things; whether a figure is written as a
total of the victims. The toll these figures support is facts/casualties.py's.
"""

from __future__ import annotations

import re
from functools import cache

from summarizer import lexicon
from summarizer.dates import date_word, ends_with_month, starts_with_month
from summarizer.schemas import CountOf

_DIGITS = re.compile(r"(?<![\d.,])(?<!\d[.,])\d{1,3}(?:,\d{3})+(?!\d|[.,]\d)|(?<!\d)(?<!\d[.,])\d+(?!\d|[.,]\d)")


@cache
def _word_gap() -> re.Pattern[str]:
    """What may stand between two number words of one number: a hyphen or a joiner ("twenty-nine",
    "two hundred and five"), with the joiner as group 1."""
    joiners = lexicon.alternation("number_joiners")
    return re.compile(rf"^[\s-]*(?:({joiners})[\s-]+)?$", re.IGNORECASE)


@cache
def _number_words() -> tuple[re.Pattern[str], dict[str, int]]:
    words = {lexicon.fold(k).casefold(): int(v) for k, v in lexicon.mapping("numbers").items()}
    ordered = sorted(words, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered)
                         + r")(?![\w])", re.IGNORECASE)
    return pattern, words


def written_numbers(text: str) -> list[tuple[int, int, int]]:
    """(value, start, end) of every number written in the text: digits, or number words joined
    ("twenty-nine", "two hundred") as the lexicon lists them."""
    text = lexicon.fold(text)
    found = [(int(m.group().replace(",", "")), m.start(), m.end()) for m in _DIGITS.finditer(text)]
    pattern, words = _number_words()
    run: list[tuple[int, int, int]] = []
    for m in pattern.finditer(text):
        value = words[" ".join(m.group().casefold().split())]
        gap = text[run[-1][2]:m.start()] if run else ""
        joiner = _word_gap().match(gap) if run else None
        joined = joiner and (joiner.group(1) is None or run[-1][0] >= 100)
        if joined and (value == 100 or run[-1][0] >= 20 and value < 10 or run[-1][0] >= 100):
            total, start, _ = run.pop()  # "twenty-nine", "two hundred and five"; not "ten and twelve"
            value = total * value if value == 100 and total else total + value
            run.append((value, start, m.end()))
        else:
            run.append((value, m.start(), m.end()))
    return sorted(found + run, key=lambda t: t[1])


def is_total(value: int, quote: str) -> bool:
    """Whether the quote writes `value` as a count of all the victims: written as a number (zero
    as "nobody", "no one"...), and not followed by words naming a part of them ("29 children",
    "40 of them")."""
    folded = lexicon.fold(quote)
    spots = [(start, end) for v, start, end in written_numbers(quote) if v == value]
    return bool(spots) and not all(lexicon.starts("part_of_victims", folded[end:end + 40]) for _, end in spots)


_WORD = re.compile(r"[\w'-]+")
NEAR = 4  # words between a number and the word of killing or injury it counts


def _counts_things(after: str) -> bool:
    """The number counts years of age, weapons, strikes or places, not people: "a 12-year-old
    boy", "two drones", "2 hospitals"."""
    words = re.findall(r"[\w'-]+", after)[:2]
    if not words:
        return False
    if lexicon.starts("ages", after.strip().lstrip("-")):
        return True
    return any(lexicon.shown("weapons", w) or lexicon.says("strike_words", w) or lexicon.says("place_words", w)
               or lexicon.starts("counted_things", w) for w in words[:1])


_NAME_BEFORE = re.compile(r"(?<=[^\s.!?:;\"\u201c(])\s+([A-Z][\w'-]*)\.?\s*$")
_AFTER_LABEL = re.compile(r"\s*(?:$|[,;:.)\u2014\u2013-]|([\w'-]+))")


def _is_a_label(text: str, start: int, end: int) -> bool:
    """The number names a thing, as part of its name: "Building 7", "Highway 2", "Flight 17" (a capitalised
    word, not the sentence's first, right before the number), when what follows is not what it counts
    ("Building 7 killed 40 people", "on Highway 2, killing 11"; but "on Tuesday 12 people died" counts)."""
    before = _NAME_BEFORE.search(text[:start])
    if before is None or lexicon.says("title_abbreviations", before.group(1)) or date_word(before.group(1)):
        return False
    after = _AFTER_LABEL.match(text, end)
    word = after.group(1) if after else None
    return word is None or any(lexicon.says(name, word) for name in ("killed", "injured", "prepositions",
                                                                      "strike_verbs", "auxiliaries"))


@cache
def _and() -> re.Pattern[str]:
    words = lexicon.alternation("conjunctions")
    return re.compile(rf"(?:\s*[\w'-]+){{0,2}}\s*([\w'-]+)\s*(?:,\s*|\s+(?:{words})\s+)", re.IGNORECASE)


def _coordinated(text: str, first_end: int, start: int, end: int) -> bool:
    """The number continues a list of counts begun by the one before ("killing four Orlanians and three
    Redlanders", "two women and three children"): what follows it is a people's name, a part of the victims,
    or the first count's own noun; "killed 12 people and 3 cars" lists no second count of people."""
    between = _and().fullmatch(text, first_end, start)
    following = re.match(r"\s*([\w'-]+)", text[end:])
    if between is None or following is None:
        return False
    noun = following.group(1)
    return (noun[:1].isupper() or lexicon.starts("part_of_victims", noun) or lexicon.starts("civilians", noun)
            or noun.lower() == between.group(1).lower())


def casualty_numbers(sentence: str) -> list[tuple[int, CountOf]]:
    """Each number the sentence writes as a count of people killed or injured: the nearest word
    of killing or injury within a few words says which ("killed two and wounded 76": 2 killed,
    76 injured; "six morts et 91 blessés": 6 killed, 91 injured). Days, years and clock times are
    not counts."""
    numbers = written_numbers(sentence)
    folded = _without_insertions(lexicon.fold(sentence), numbers)
    words = [(m.start(), m.group()) for m in _WORD.finditer(folded)]
    kinds = [(i, k) for i, (_, w) in enumerate(words) for k in CountOf if lexicon.says(k.value, w)]
    found = []
    previous: tuple[int, CountOf] | None = None  # the last count read: (its end, its kind)
    spots: list[tuple[int, int]] = []  # (value, start) of each count read
    for value, start, end in numbers:
        if _not_a_count(folded, value, start, end):
            continue
        if previous is not None and _coordinated(folded, previous[0], start, end):
            found.append((value, previous[1]))  # a list of counts goes on with the kind it began with
            spots.append((value, start))
            previous = (end, previous[1])
            continue
        at = next((i for i, (pos, _) in enumerate(words) if pos >= start), len(words) - 1)
        last = next((i for i, (pos, _) in enumerate(words) if pos >= end), len(words)) - 1
        # a word before the number counts it only if no other number comes between ("killed 12
        # people and 3 cars": the 3 is not a count of the killed)
        # and a word after it counts it only if it does not count a number of its own after it ("killed
        # at least five people and injured 14 others": "injured" counts the 14)
        near = [(min(abs(i - at), abs(i - last)), i < at, k) for i, k in kinds
                if min(abs(i - at), abs(i - last)) <= NEAR
                and not (i < at and any(words[i][0] < p < start for _, p, _ in numbers))
                and not (i > last and any(end <= p < words[i][0] for _, p, _ in numbers))
                and not (i > last and _owned_by_a_later_number(folded, words, i, numbers, end))]
        if near:
            kind = min(near, key=lambda d: (d[0], d[1]))[2]  # equal distance: the word after
            before = [(v, s, e) for v, s, e in numbers if e <= start and _coordinated(folded, e, start, end)]
            if before and not any(s == before[-1][1] for _, s in spots):
                found.append((before[-1][0], kind))  # "four Orlanians and three Redlanders dead": both dead
            found.append((value, kind))
            spots.append((value, start))
            previous = (end, kind)
    return found


_INSERTION = re.compile(r"(?<=\w),\s[^,;:.()\[\]]{1,80}?,(?=\s)|\s[\u2013\u2014]\s[^;:.()\u2013\u2014]{1,80}?\s[\u2013\u2014](?=\s)")


def _without_insertions(text: str, numbers: list[tuple[int, int, int]]) -> str:
    """The text with the asides set off by commas or dashes blanked out (same length), when they hold no
    number and no word of killing or injury: "61 people, including a baby, were injured" counts the 61 as
    injured, however long the aside."""
    def blank(m: re.Match[str]) -> str:
        if any(m.start() <= start < m.end() for _, start, _ in numbers) \
                or any(lexicon.says(k.value, m.group()) for k in CountOf):
            return m.group()
        return " " * len(m.group())

    return _INSERTION.sub(blank, text)


def _not_a_count(folded: str, value: int, start: int, end: int) -> bool:
    """The number is a day, a year, a clock time, an age, a thing's count or part of a name: never a count
    of people."""
    return bool(ends_with_month(folded[max(0, start - 12):start]) or starts_with_month(folded[end:end + 12])
                or re.match(r"\s*(?:[ap]\.?m\b|h\d|:\d|gmt|utc)", folded[end:end + 8], re.IGNORECASE)
                or (1900 <= value <= 2100 and end - start == 4) or _counts_things(folded[end:end + 30])
                or _is_a_label(folded, start, end))


def no_counts(sentence: str) -> set[int]:
    """The numbers the sentence writes only as days, years, clock times, ages, things or names."""
    folded = lexicon.fold(sentence)
    spots = written_numbers(sentence)
    return {v for v, _, _ in spots if all(_not_a_count(folded, v, s, e) for w, s, e in spots if w == v)}


def _owned_by_a_later_number(text: str, words: list[tuple[int, str]], i: int,
                             numbers: list[tuple[int, int, int]], end: int) -> bool:
    """The word of killing or injury at `i` takes the number right after it as its object ("and injured 11
    others", "killing at least 30"): up to two words between, no punctuation, no conjunction. A word
    after its number and before a comma or "and" is that number's ("58 people were hurt, among them
    9 pupils"; "61 were wounded and 20 are unaccounted for")."""
    word_end = words[i][0] + len(words[i][1])
    for _, start, _ in numbers:
        if start <= word_end or start < end:
            continue
        between = text[word_end:start]
        gap = re.findall(r"[\w'-]+", between)
        return (len(gap) <= 2 and not re.search(r"[,;:.()\u2013\u2014]|\s-\s", between)
                and not any(lexicon.says("conjunctions", w) for w in gap))
    return False


@cache
def _ordinals() -> tuple[re.Pattern[str], dict[str, int]]:
    words = {lexicon.fold(k).casefold(): int(v) for k, v in lexicon.mapping("ordinals").items()}
    alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])({alternatives})\s+([\w'-]+)", re.IGNORECASE), words


def ordinal_victims(sentence: str) -> int:
    """The count an ordinal victim implies ("a second guard was also killed": 2), 0 when the
    sentence has none; an ordinal of a time, a strike, a weapon or a place counts no victims ("for
    the second time", "a second strike")."""
    pattern, words = _ordinals()
    found = [words[m.group(1).casefold()] for m in pattern.finditer(lexicon.fold(sentence))
             if not any(lexicon.says(name, m.group(2)) for name in ("time_words", "strike_words", "place_words"))
             and not lexicon.shown("weapons", m.group(2))]
    return max(found, default=0)
