"""Casualties: each figure the model gives, read in its sentence (counts.py) and told total from part;
a sentence saying nobody was hurt is a toll of zero; the toll rule, the same for one article and the
briefing: which total is shown, which earlier counts a later report raised, which lone figure is an outlier.

Tolls come from several speakers and rise over time; a sentence that names one victim ("a
commander was among the dead") or counts part of them ("29 children") is not the toll. A figure
counts as a total only when its quote writes the number and the number does not count a part of
the victims; every other figure is a floor. The toll is a total no floor exceeds, else the highest floor.
A toll that rose is given by more articles at its later figure, so of the totals the one most
articles give is shown, the lowest on a tie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from summarizer import answers, lexicon
from summarizer.claims import ClaimBuilder, strike_section
from summarizer.counts import NEAR, casualty_numbers, is_total, no_counts, ordinal_victims, written_numbers
from summarizer.dates import date_expression, resolve_date
from summarizer.facts.speakers import sentence_subject
from summarizer.ground import sentence_of
from summarizer.ledger import MergeContext, copy_groups_now, fact_status, merge_fact
from summarizer.schemas import (
    ArticleExtraction,
    Claim,
    Conflict,
    ConflictValue,
    Count,
    CountOf,
    CountScope,
    Evidence,
    Fact,
    StrikeEvent,
)

RULE = ("of the totals that the named victims do not exceed, the one most articles give, the lowest on a tie "
        "(most conservative, as ACLED codes fatalities); a part of the victims ('29 children') or a named victim "
        "is no total; with no total, the named victims or the largest part; differing totals are a conflict; a figure "
        "one article alone gives, more than 3 times every other article's highest and 10 more, is flagged and never "
        "the toll")


def from_answer(a: answers.CasualtiesAnswer, b: ClaimBuilder, out: ArticleExtraction) -> None:
    """Every figure with its speaker, told total from part (see counts.py), read from the sentence
    the model points at; the article's own toll is set by the same rule as the briefing's."""
    counts = out.event.counts

    def add(of: CountOf, value: int, scope: CountScope, said_by: str | None, evidence: Evidence,
            rule: str | None = None, corrected_from: Any = None) -> None:
        if not any(c.evidence.start == evidence.start and c.value == value and c.of is of for c in counts):
            if moved or paraphrased:
                rule = "; ".join(r for r in (PARAPHRASED if paraphrased else MOVED, rule) if r)
            counts.append(Count(of=of, value=value, scope=scope, said_by=said_by, evidence=evidence, rule=rule,
                                corrected_from=corrected_from))

    for f in a.figures:
        quote = b.evidence(f.quote)
        paraphrased = False
        if not quote.grounded:
            # the model's words, not the article's ("the military reported that at least 17 were killed"): the
            # first sentence of the body that writes its figure as a count of its kind is the figure's, else the
            # first that writes it as a count of people (what it counts, the sentence says)
            counting = [(s, casualty_numbers(s.quote)) for s in b.body] if f.number > 0 else []
            quote = next((s for s, read in counting if (f.number, f.of) in read),
                         next((s for s, read in counting if any(v == f.number for v, _ in read)), None))
            if quote is None:
                b.reject(f"event.{f.of.value}", f.number, f.quote, "quote does not occur in the article")
                continue
            paraphrased = True
        # The model points at a sentence and gives a number; the code finds that number in the whole
        # sentence (the model's quote is often a fragment: "55 civilians and wounded" of "killed 55
        # civilians and wounded 170") and reads there what it counts.
        sentence = sentence_of(b.text, quote)
        written = casualty_numbers(sentence.quote)
        moved = False
        model = {"of": f.of.value, "number": f.number, **({"quote": f.quote} if paraphrased else {})}  # the model's figure, for a count a rule sets
        if f.number > 0 and all(v != f.number for v, _ in written) and not _sum_of(f.number, written, f.of):
            # the quote is a slip (a neighbouring sentence); the one sentence of the body that writes the
            # model's figure as a count of its kind is the figure's
            elsewhere = [s for s in b.body if (f.number, f.of) in casualty_numbers(s.quote)]
            if len(elsewhere) == 1:
                sentence, written = elsewhere[0], casualty_numbers(elsewhere[0].quote)
                moved = True
        if _of_another_year(sentence.quote, f.number, out.event.date.value if out.event.date else None,
                            b.article.published):
            b.reject(f"event.{f.of.value}", f.number, f.quote, "the sentence tells of an attack of another year")
            continue
        said_by = b.keep_if_in_article("event.counts.said_by", f.counted_by)
        kinds = [of for v, of in written if v == f.number]
        if lexicon.says(f.of.value, sentence.quote) and f.all_victims and _sum_of(f.number, written, f.of):
            # "four Orlanians and three Redlanders were killed": the model added the parts up
            add(f.of, f.number, CountScope.TOTAL, said_by, sentence, "the sum of the figures the sentence writes")
            for value, of in written:
                add(of, value, CountScope.PART if of is f.of else _scope(f, value, sentence.quote), said_by, sentence,
                    OTHER_FIGURE)
            continue
        if not lexicon.says(f.of.value, sentence.quote):
            b.reject(f"event.{f.of.value}", f.number, f.quote, f"the sentence does not speak of people {f.of.value}")
        elif kinds:
            # the model's figure, of the kind the sentence gives it ("six morts et 91 blessés": six are dead,
            # whatever the label); another number of that kind in the sentence is not a figure of it
            # ("the strike on Building 7 killed 40 people")
            of = _kind_read(f.number, f.of, written)
            add(of, f.number, _scope(f, f.number, sentence.quote), said_by, sentence,
                *(("the kind the sentence gives the figure", model) if of is not f.of else ()))
            # a figure of the other kind the model left out ("... and wounded 170"): none of its figures from this
            # sentence is read as that kind
            given = {_kind_read(g.number, g.of, written) for g in a.figures if g is not f
                     and b.evidence(g.quote).grounded and sentence_of(b.text, b.evidence(g.quote)).start == sentence.start}
            for value, other in written:
                if other is not of and other not in given:
                    add(other, value, _scope(f, value, sentence.quote), said_by, sentence, OTHER_FIGURE)
            continue
        elif written:
            # the model's number is not in the sentence (a sum, a slip): the sentence's own figures stand
            b.reject(f"event.{f.of.value}", f.number, f.quote, "the sentence gives other figures")
        elif f.number in no_counts(sentence.quote):
            # the model's number is the sentence's day, year, hour, age, thing or name: no floor either
            b.reject(f"event.{f.of.value}", f.number, f.quote, f"the sentence writes {f.number} as no count of people")
        elif f.number > 0:
            # no number written: the model counted the victims the sentence names ("killing the deputy,
            # Tavi Oss, and his driver"), so at least that many, never a total; "a second guard was
            # also killed" is at least two
            floor = max(f.number, ordinal_victims(sentence.quote))
            add(f.of, floor, CountScope.AT_LEAST, said_by, sentence,
                *(("the ordinal the sentence writes ('a second guard')", model) if floor != f.number else ()))
        else:
            b.reject(f"event.{f.of.value}", f.number, f.quote, "the sentence does not say nobody was")
        for value, of in written:
            add(of, value, _scope(f, value, sentence.quote), said_by, sentence, OTHER_FIGURE)
    # The people the model lists as killed help it count, but are no floor: it lists the dead of
    # background paragraphs, and one person under two names (measured: a floor of 2 where 1 died).
    for person in a.killed_people:
        b.keep_if_in_article("event.killed_people", person)


def _of_another_year(sentence: str, number: int, day: date | None, published: date | None) -> bool:
    """The sentence tells of an attack of another year before it gives the number: a past year ("last
    year, a strike on the station killed 63", "years ago") or a year other than the strike's ("an April
    2030 strike that killed 63"), not the start of a tally or a comparison ("since 2030"), and it names
    no day of the strike's own ("on Tuesday")."""
    folded = lexicon.fold(sentence)
    numbers = written_numbers(sentence)
    spots = [start for value, start, _ in numbers if value == number]
    if not spots:
        return False
    year = day.year if day is not None else published.year if published is not None else None
    marks = [m.start() for m in lexicon.pattern("past_years").finditer(folded)]
    if year is not None:
        marks += [start for value, start, end in numbers if 1900 <= value <= 2100 and end - start == 4 and value != year]
    if not any(mark < spots[0] and not _after_since(folded, mark) for mark in marks):
        return False
    written = date_expression(sentence)
    told = resolve_date(written, published)[0] if written and day is not None else None
    return told is None or abs((told - day).days) > 1


def _after_since(folded: str, start: int) -> bool:
    before = re.search(r"([\w'-]+)\W*$", folded[:start])
    return before is not None and lexicon.says("since_words", before.group(1))


PARAPHRASED = "the first sentence of the body that writes the model's figure (its quote is not the article's)"
MOVED = "the one sentence of the body that writes the model's figure (its quote is another sentence)"
OTHER_FIGURE = "a figure the sentence writes that the model did not give as such"


def _kind_read(number: int, label: CountOf, written: list[tuple[int, CountOf]]) -> CountOf:
    """The kind the sentence gives the number (the model's label when the sentence allows it)."""
    kinds = [of for v, of in written if v == number]
    return label if label in kinds or not kinds else kinds[0]


def _sum_of(number: int, written: list[tuple[int, CountOf]], of: CountOf) -> bool:
    """The sentence writes two figures or more of this kind that add up to `number`, and not `number` itself."""
    parts = [v for v, kind in written if kind is of]
    return len(parts) >= 2 and sum(parts) == number and number not in parts


def _scope(f: answers.CasualtyFigure, value: int, sentence: str) -> CountScope:
    """A total when the model says the figure counts every victim and the sentence writes it so."""
    return CountScope.TOTAL if f.all_victims and is_total(value, sentence) else CountScope.PART


def nobody_hurt(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """A sentence of the strike's section saying that nobody was killed or hurt is a toll of zero,
    of each kind it names ("nobody had been killed or hurt": 0 killed, 0 injured), when the model
    gave no figure of that kind from it (small models skip a zero). Only words for nobody at all
    (a word list): "none of the family", "none have been killed" (of a group just named) and "no
    civilians" count a part of the victims and are no toll."""
    for sentence in strike_section(b, out):
        folded = lexicon.fold(sentence.quote)
        for nobody in lexicon.pattern("nobody").finditer(folded):
            clause = re.split(r"[,;:.!?]", folded[nobody.end():], maxsplit=1)[0]
            words = clause.split()[:NEAR + 2]
            for of in CountOf:
                if any(lexicon.says(of.value, w) for w in words) and not any(
                        c.of is of and c.evidence.start == sentence.start for c in out.event.counts):
                    subject = sentence_subject(sentence.quote)
                    out.event.counts.append(Count(of=of, value=0, scope=CountScope.TOTAL, evidence=sentence,
                                                  rule="a sentence of the strike's section says nobody was",
                                                  said_by=subject.words if subject and subject.name else None))


def toll_the_model_missed(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """Of a kind (killed, injured) for which the answer gave figures but none stood (a recalled attack's toll,
    a sentence the model made up), the figures of the first sentence of the body (a lede opening with a
    dateline included) that writes one as a count of that kind: small models skip the lede that gives the toll. Never a sentence of another
    year's attack; nothing when the answer gave no figure of the kind."""
    day = out.event.date.value if out.event.date else None
    for of in CountOf:
        tried = any(r.field == f"event.{of.value}" and isinstance(r.value, int) and r.value > 0 for r in b.rejected)
        if not tried or any(c.of is of for c in out.event.counts):
            continue
        for sentence in b.body_and_dateline_ledes:
            written = [(v, k) for v, k in casualty_numbers(sentence.quote)
                       if not _of_another_year(sentence.quote, v, day, b.article.published)]
            if any(k is of for _, k in written):
                for value, kind in written:
                    if kind is of:
                        out.event.counts.append(Count(
                            of=of, value=value, scope=CountScope.TOTAL if is_total(value, sentence.quote) else CountScope.PART,
                            evidence=sentence, rule=MISSED))
                break


MISSED = "the first sentence of the body that writes a figure of this kind (the answer's figures of it were all rejected)"


def set_tolls(b: ClaimBuilder, out: ArticleExtraction) -> None:
    """The article's own killed and injured, by the same rule as the briefing's (toll, below)."""
    for of in CountOf:
        value, support = toll(out.event.counts, of)
        setattr(out.event, of.value, Claim[int](value=value, evidence=support[0].evidence) if value is not None else None)


def toll(counts: Iterable[Count], of: CountOf, copies: dict[str, str] | None = None,
         published: dict[str, date | None] | None = None) -> tuple[int | None, list[Count]]:
    """The toll the figures support, and the figures that give exactly it: of the totals no named
    victim exceeds, the one most articles give (a toll that rose is reported by the later, more
    numerous articles), the lowest on a tie; with no such total, the larger of the named victims
    and the largest part. A part ("32 of the dead were in the capital") bounds nothing: it may be a
    part of a wider attack's toll. Articles that copy one story (`copies`, copies.copy_groups) count once;
    a total that a later article (`published`: article id -> its date) raises, from the same kind of source,
    is an earlier count (see `superseded`)."""
    figures = [c for c in counts if c.of is of]
    if not figures:
        return None, []
    articles = source_totals(figures, of, copies, published)
    floor = max((c.value for c in figures if c.scope is CountScope.AT_LEAST), default=0)
    value = min(articles, key=lambda v: (-len(articles[v]), v)) if articles else \
        max(floor, max((c.value for c in figures if c.scope is CountScope.PART), default=0))
    return value, [c for c in figures if c.value == value]


def source_totals(counts: Iterable[Count], of: CountOf, copies: dict[str, str] | None = None,
                  published: dict[str, date | None] | None = None) -> dict[int, set[str]]:
    """The totals the sources give (see `toll`), each with the sources (copy groups) that give it: of
    each source, the total it stands by; none that a named victim exceeds or a later report raised."""
    copies = copies or {}
    figures = [c for c in counts if c.of is of]
    floor = max((c.value for c in figures if c.scope is CountScope.AT_LEAST), default=0)
    earlier = superseded(figures, published or {})
    # each source's vote goes to the largest total it gives: within one report, a smaller total is a count
    # of one place or an earlier count ("four, since risen to six"); totals of one report that add up to a
    # total another gives are its parts, and the report supports their sum ("six in A and two in B": 8)
    given: dict[str, set[int]] = {}
    for c in figures:
        if c.scope is CountScope.TOTAL and c.value >= floor and c not in earlier:
            given.setdefault(copies.get(c.evidence.article_id, c.evidence.article_id), set()).add(c.value)
    articles: dict[int, set[str]] = {}
    for source, values in given.items():
        others = {v for s, vs in given.items() if s != source for v in vs}
        vote = sum(values) if len(values) >= 2 and sum(values) in others else max(values)
        articles.setdefault(vote, set()).add(source)
    return articles


def source_kind(count: Count) -> str:
    """Who gave a figure, as a key: "the Health Ministry" and "health ministry" are one; figures no one
    is named for are one kind (the outlet's own count)."""
    words = re.findall(r"\w+", lexicon.fold(count.said_by or "").casefold())
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def superseded(figures: Iterable[Count], published: dict[str, date | None]) -> list[Count]:
    """The totals a later report raised: a total is an earlier count when an article published on a
    later day gives a higher total from the same kind of source (a toll that rose is an update, not a
    disagreement). Articles with no published date order nothing."""
    totals = [c for c in figures if c.scope is CountScope.TOTAL]
    return [c for c in totals if (day := published.get(c.evidence.article_id)) is not None and any(
        later.value > c.value and source_kind(later) == source_kind(c)
        and (then := published.get(later.evidence.article_id)) is not None and then > day for later in totals)]


# A figure one article alone gives, far above every figure of the others: more than this many times
# their highest, and at least this many more (a planted or garbled "500" against "2").
OUTLIER_RATIO = 3


OUTLIER_GAP = 10


def outliers(counts: Iterable[Count], of: CountOf, copies: dict[str, str] | None = None) -> tuple[list[Count], int | None]:
    """The figures of `of` that only one source gives (an article and its copies, `copies`) and that
    are far above every figure the other sources give (more than OUTLIER_RATIO times their highest
    and at least OUTLIER_GAP more), and the others' highest figure. None when no other source gives
    a figure."""
    copies = copies or {}
    figures = [c for c in counts if c.of is of]
    found, highest_other = [], None

    def source(count: Count) -> str:
        return copies.get(count.evidence.article_id, count.evidence.article_id)

    for c in figures:
        others = [o.value for o in figures if source(o) != source(c)]
        if not others or any(o == c.value for o in others):
            continue
        top = max(others)
        if c.value > OUTLIER_RATIO * top and c.value - top >= OUTLIER_GAP:
            found.append(c)
            highest_other = top if highest_other is None else max(highest_other, top)
    return found, highest_other


def merge_toll(name: str, claims: list[Claim], ctx: MergeContext) -> Fact:
    return count_fact(CountOf(name), ctx.events, ctx.conflicts, ctx.published)


def count_fact(of: CountOf, events: list[StrikeEvent], conflicts: list[Conflict],
               published: dict[str, date | None] | None = None) -> Fact:
    """The toll every article's figures support together (`toll`, above): a floor one article gives
    (a named victim) outweighs another's lower total. Totals that differ are a conflict. A figure one
    article alone gives, far above all the others' (`outliers`), is never the toll: a note says so."""
    claims = [c for e in events if (c := getattr(e, of.value)) is not None]
    counts = [c for e in events for c in e.counts if c.of is of]
    flagged, highest_other = outliers(counts, of, copy_groups_now())
    value, support = toll([c for c in counts if c not in flagged], of, copy_groups_now(), published)  # never the toll when others give lower
    if value is None:  # an extraction made before counts were kept: its claims alone
        merged, conflict = merge_fact(f"event.{of.value}", claims, key=lambda v: v, rule=RULE,
                                      choose=lambda groups: min(groups))
        conflicts.extend([conflict] if conflict else [])
        return merged
    published = published or {}
    earlier = {c.value for c in superseded(counts, published)} - {value}
    # of each report and each who counted in it, the largest total (its smaller ones are earlier counts of the
    # same speaker, "four, since risen to six", or parts), and the earlier counts later reports raised
    copies = copy_groups_now()
    largest: dict[tuple[str, str], int] = {}
    for c in counts:
        if c.scope is CountScope.TOTAL:
            key = (copies.get(c.evidence.article_id, c.evidence.article_id), source_kind(c))
            largest[key] = max(largest.get(key, c.value), c.value)
    shown = set(largest.values()) | earlier | {value}
    sources = list(dict.fromkeys(c.evidence.article_id for c in support))
    if len(shown) > 1:
        def first_reported(v: int) -> tuple:
            days = [d for c in counts if c.value == v and (d := published.get(c.evidence.article_id))]
            return (min(days) if days else date.max, v)

        rose = (f"the toll rose: {', '.join(str(v) for v in sorted(earlier, key=first_reported))} were earlier "
                "counts, raised by later reports of the same source; " if earlier else "")
        conflicts.append(Conflict(
            field=f"event.{of.value}",
            values=[ConflictValue(value=v, articles=list(dict.fromkeys(c.evidence.article_id for c in same)),
                                  quotes=[c.evidence for c in same],
                                  said_by=list(dict.fromkeys(c.said_by for c in same if c.said_by)))
                    for v in sorted(shown, key=first_reported) if (same := [c for c in counts if c.value == v])],
            resolution=f"{rose}shown as {value} by the field's rule (the most conservative toll the sources "
                       "support), marked contested" if shown - earlier - {value} else
                       f"{rose}shown as {value}, the latest"))
    status = fact_status(sources, contested=bool(shown - earlier - {value}))
    notes = [f"{v} {of.value} is given by one source only (an article and its copies) and is more than {OUTLIER_RATIO} "
             f"times the highest figure any other source gives ({highest_other}): unconfirmed, not taken as the toll"
             for v in sorted({c.value for c in flagged})]
    return Fact[int](value=value, status=status, rule=RULE, sources=sources, claims=claims, notes=notes)


