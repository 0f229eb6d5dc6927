"""Split a mixed pile of articles into strike events, from what each article's extraction already holds:
no model call.

Two articles report one strike when they share its rare names (people, groups, places, buildings:
the capitalised words of their texts, weighted by how few articles of the pile write them, so a
country every article names tells nothing) and their date and place do not disagree. Dates and
places weigh in as the extraction gives them: the same reported day or city counts for, a reported
day three or more days apart counts against (two strikes in one city months apart share most of
their names), a page published before the strike day another article reports counts against.

Groups are formed by average linkage: the two groups whose articles are, on average, most alike
are joined, until no two are alike enough. An article that shares no name with any other (a text
in a script without capitals) joins the one group its country and date agree with, if only one does.
Only pairs that share one of their rarest names, a city or a day are compared, so a pile of thousands stays quick.
"""

from __future__ import annotations

import heapq
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from anyascii import anyascii

from summarizer.copies import copy_groups
from summarizer.places import country_code
from summarizer.schemas import ArticleExtraction, Briefing, DateBasis, EventsRun

KEY_NAMES = 20        # an article's rarest names that find the articles it is compared with
COMMON_NAME = 50      # a name more stories than this and than half the pile's write finds no partners (it still counts)
ALIKE = 0.15          # least average likeness of two groups' articles for them to be one event
SAME_DAY, NEXT_DAY = 0.08, 0.04  # both report the strike's day: the same one, or one day apart (a day alone is no event)
DAYS_APART = -0.4     # both report days three or more apart: likely two strikes
MONTHS_APART = -1.0   # more than NEWS_DAYS apart: two strikes, whatever names they share
AFTER_PAGE = -0.4     # one reports a day after the other's page was published
PAGES_APART = -0.2    # pages more than a week apart with no day reported, or a page a month after the day
NEWS_DAYS = 30        # a day the article reports this long before its own page's date is not taken as its strike's
SAME_COUNTRY, OTHER_COUNTRY = 0.05, -0.15
SAME_CITY, OTHER_CITY = 0.1, -0.05  # weak: a city, its district and its province are written alike rarely
_WORD = re.compile(r"\w[\w'\u2019-]*")
_SENTENCE_END = set(".!?:;\"\u201c\u201d\u00ab\u00bb\n")


@dataclass
class Clues:
    """What one article says that tells its strike from another."""

    names: dict[str, float]  # the names it shares with other stories, weighted by their rarity, a vector of length 1
    keys: list[str]          # its rarest such names: what finds the articles it is compared with
    day: date | None         # the strike's day as the article reports it (not its page's date)
    page: date | None        # the article's own date, when known
    country: str | None      # ISO 3166 alpha-2 code of the country it places the strike in
    city: str | None
    story: str               # the first article of its copies (copies.copy_groups): one story, one witness


@dataclass
class Event:
    """One strike's articles, and why each is there."""

    articles: list[ArticleExtraction]
    why: dict[str, str] = field(default_factory=dict)  # article id -> why it is in this event


def capitalised_words(text: str) -> Counter[str]:
    """The capitalised words a text writes inside its sentences (a sentence's first word is capitalised
    whatever it is), in Latin letters and folded, so 'Orm' in one article and its Cyrillic spelling
    transliterated in another may meet."""
    found: Counter[str] = Counter()
    for m in _WORD.finditer(text):
        word = m.group()
        if not word[0].isupper():
            continue
        before = text[:m.start()].rstrip(" \t")
        if not before or before[-1] in _SENTENCE_END:
            continue
        key = anyascii(word).casefold().strip("'-")
        if len(key) > 2:
            found[key] += 1
    return found


def clues_of(extractions: list[ArticleExtraction]) -> list[Clues]:
    words = [capitalised_words(x.article.text) for x in extractions]
    story = copy_groups((x.article.id, x.article.text) for x in extractions)
    in_story: defaultdict[str, set[str]] = defaultdict(set)  # a story (copies count once) -> its words
    for x, counted in zip(extractions, words):
        in_story[story[x.article.id]].update(counted)
    articles_with = Counter(w for story_words in in_story.values() for w in story_words)
    n = len(in_story)
    clues = []
    for x, counted in zip(extractions, words):
        weights = {w: (1 + math.log(c)) * math.log((n + 1) / articles_with[w])
                   for w, c in counted.items() if articles_with[w] > 1}  # a name one story alone writes links nothing
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        shared = sorted((w for w in weights if articles_with[w] <= max(n // 2, COMMON_NAME)), key=lambda w: -weights[w])
        e = x.event
        where = e.location
        reported = e.date.value if e.date is not None and e.date.basis is not DateBasis.PAGE else None
        page = x.article.published or (e.date.value if e.date is not None and e.date.basis is DateBasis.PAGE else None)
        if reported and page and not 0 <= (page - reported).days <= NEWS_DAYS:
            reported = None  # news of a strike comes within weeks: that day is likely another event's
        country = (country_code(where.country.value) if where.country else None) or \
                  (country_code(where.city.value) if where.city else None)
        city = anyascii(where.city.value).casefold().strip() if where.city else None
        clues.append(Clues({w: v / norm for w, v in weights.items()}, shared[:KEY_NAMES], reported, page, country,
                           city, story[x.article.id]))
    return clues


def likeness(a: Clues, b: Clues) -> float:
    """How much two articles look like reports of one strike: their shared names' weight, plus or minus
    what their dates and places say."""
    fewer, more = (a.names, b.names) if len(a.names) <= len(b.names) else (b.names, a.names)
    score = sum(v * more.get(w, 0.0) for w, v in fewer.items())
    if a.day and b.day:
        apart = abs((a.day - b.day).days)
        score += SAME_DAY if apart == 0 else NEXT_DAY if apart == 1 else 0.0 if apart == 2 else \
            DAYS_APART if apart <= NEWS_DAYS else MONTHS_APART
    else:
        for one, other in ((a, b), (b, a)):
            if one.page and other.day and other.day > one.page:
                score += AFTER_PAGE
            elif one.page and not one.day and other.day and (one.page - other.day).days > 30:
                score += PAGES_APART
        if not (a.day or b.day) and a.page and b.page and abs((a.page - b.page).days) > 7:
            score += PAGES_APART
    if a.country and b.country:
        score += SAME_COUNTRY if a.country == b.country else OTHER_COUNTRY
    if a.city and b.city:
        score += SAME_CITY if a.city == b.city else OTHER_CITY
    return score


def split_events(extractions: list[ArticleExtraction]) -> list[Event]:
    """The articles grouped into strike events, in the order of each event's first article."""
    clues = clues_of(extractions)
    pairs = _likeness_of_pairs(clues)
    members = _average_linkage(clues, pairs)
    _place_orphans(members, clues)
    events = []
    for group in sorted(members.values(), key=min):
        event = Event([extractions[i] for i in sorted(group)])
        for i in sorted(group):
            event.why[extractions[i].article.id] = _why(i, group, clues, extractions)
        events.append(event)
    return events


def _likeness_of_pairs(clues: list[Clues]) -> dict[tuple[int, int], float]:
    """The likeness of every two articles that share one of their KEY_NAMES rarest names, a city or a
    day (i < j); others are unlike. Common names alone join no pair, so a pile of thousands of articles
    about a few strikes is not compared pair by pair."""
    writing: defaultdict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(clues):
        for key in [*c.keys, c.city and f"city:{c.city}", c.day and f"day:{c.day}"]:
            if key:
                writing[key].append(i)
    candidates = {(i, j) for group in writing.values() for n, i in enumerate(group) for j in group[n + 1:]}
    return {(i, j): likeness(clues[i], clues[j]) for i, j in candidates}


def _average_linkage(clues: list[Clues], pairs: dict[tuple[int, int], float]) -> dict[int, set[int]]:
    """Join the two most alike groups (the mean likeness of their articles' pairs, an unlike pair
    counting 0) until none reach ALIKE; never two groups whose articles date them months apart.
    Group id -> its articles."""
    members = {i: {i} for i in range(len(clues))}
    total: defaultdict[int, dict[int, float]] = defaultdict(dict)  # group -> other group -> summed likeness
    for (i, j), score in pairs.items():
        total[i][j] = total[j][i] = score
    heap = [(-score, i, j) for (i, j), score in pairs.items()]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        mean = total[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(mean + negative) > 1e-12:
            continue  # a stale entry: the groups changed since
        if mean < ALIKE:
            break
        if _dated_apart(members[a], members[b], clues):
            continue
        members[a] |= members.pop(b)
        for other, score in total.pop(b).items():
            if other == a:
                continue
            del total[other][b]
            total[a][other] = total[other][a] = total[a].get(other, 0.0) + score
        total[a].pop(b, None)
        for other, score in total[a].items():
            heapq.heappush(heap, (-score / (len(members[a]) * len(members[other])), min(a, other), max(a, other)))
    return members


def _dated(group: set[int], clues: list[Clues], least: int = 2) -> date | None:
    """The median of the days a group's stories report, else of their pages' dates (copies of one
    story date it once), when at least `least` stories date it."""
    dated = {clues[i].story: clues[i].day or clues[i].page for i in sorted(group)}
    days = sorted(d for d in dated.values() if d)
    return days[len(days) // 2] if len(days) >= least else None


def _dated_apart(a: set[int], b: set[int], clues: list[Clues], least: int = 2) -> bool:
    """Whether two groups, each dated by `least` stories or more, are dated more than NEWS_DAYS apart:
    two strikes, however alike their names (one story's date alone may be wrong)."""
    one, other = _dated(a, clues, least), _dated(b, clues, least)
    return one is not None and other is not None and abs((one - other).days) > NEWS_DAYS


def _place_orphans(members: dict[int, set[int]], clues: list[Clues]) -> None:
    """A group that shares no name with any other article (an article, or its copies, whose names are all
    its own) joins the one other group that most often places the strike in its country, when their
    dates do not differ by months."""
    for alone in [g for g, m in members.items() if not any(clues[k].keys for k in m)]:
        country = next((clues[k].country for k in members[alone] if clues[k].country), None)
        if country is None:
            continue
        fits = [g for g, m in members.items() if g != alone and any(clues[k].keys for k in m)
                and _most_placed_in(m, clues) == country and not _dated_apart(members[alone], m, clues, least=1)]
        if len(fits) == 1:
            members[fits[0]] |= members.pop(alone)


def _most_placed_in(group: set[int], clues: list[Clues]) -> str | None:
    countries = Counter(clues[k].country for k in group if clues[k].country)
    return countries.most_common(1)[0][0] if countries else None


def _why(i: int, group: set[int], clues: list[Clues], extractions: list[ArticleExtraction]) -> str:
    """Why article i is in its group: the other article it is most like, the names they share, and
    what their dates and places say."""
    if len(group) == 1:
        return "no other article shares its names, date and place"
    others = [k for k in group if k != i]
    best = max(others, key=lambda k: likeness(clues[i], clues[k]))
    a, b = clues[i], clues[best]
    shared = sorted((w for w in a.names if w in b.names), key=lambda w: -a.names[w] * b.names[w])[:4]
    parts = [f"like {Path(extractions[best].article.source).name}"]
    if shared:
        parts.append("names " + ", ".join(shared))
    else:
        parts.append("no shared name; placed by its country")
    if a.day and b.day and abs((a.day - b.day).days) <= 1:
        parts.append(f"day {a.day.isoformat()}")
    if a.country and a.country == b.country:
        parts.append(f"country {a.country}")
    if a.city and a.city == b.city:
        parts.append(f"city {a.city}")
    return "; ".join(parts)


def file_names(briefings: list[Briefing]) -> list[str]:
    """A file name per event briefing: its date and place ('2031-03-12-port-vell.json'), numbered when two
    events would share one."""
    names: list[str] = []
    for briefing in briefings:
        e = briefing.event
        place = e.city.value or e.country.value or "unknown-place"
        stem = "-".join(filter(None, [e.date.value.isoformat() if e.date.value else "undated",
                                      re.sub(r"[^a-z0-9]+", "-", anyascii(place).casefold()).strip("-")[:40]]))
        name, n = f"{stem}.json", 2
        while name in names:
            name, n = f"{stem}-{n}.json", n + 1
        names.append(name)
    return names


def save_events(run: EventsRun, folder: Path) -> list[Path]:
    """Write each event's briefing (JSON), `events.csv` (an ACLED-style row per event) and `events.json`
    (each event's file, date, place and toll, which article went where and why, the failures) into the
    folder. The paths written, the briefings first."""
    from summarizer.acled import acled_csv
    from summarizer.files import write_atomically

    written = []
    index: dict[str, object] = {"schema_version": run.schema_version, "created_at": run.created_at.isoformat(),
                                "model": run.model, "events": []}
    for briefing, name in zip(run.events, file_names(run.events)):
        briefing.save(folder / name)
        written.append(folder / name)
        e = briefing.event
        index["events"].append({  # type: ignore[union-attr]
            "file": name, "date": e.date.value.isoformat() if e.date.value else None, "city": e.city.value,
            "country": e.country.value, "killed": e.killed.value,
            "articles": [{"source": a.source, "why": a.grouped} for a in briefing.articles]})
    index["failures"] = [f.model_dump() for f in run.failures]
    index["duplicates"] = [d.model_dump() for d in run.duplicates]
    write_atomically(folder / "events.csv", acled_csv(run.events).rstrip("\n"))
    write_atomically(folder / "events.json", json.dumps(index, indent=2, ensure_ascii=False))
    return [*written, folder / "events.csv", folder / "events.json"]
