"""Merge rules, conflicts and reactions on hand-built extractions of a made-up strike."""

from datetime import date

from summarizer.briefing import build_briefing
from summarizer.facts.claims import ATTACKER_GIVES
from summarizer.ground import ground_quote
from summarizer.ingest import make_article
from summarizer.md import to_markdown
from summarizer.review import review_page
from summarizer.schemas import (
    Actor, ActorKind, ArticleExtraction, Briefing, Claim, Count, CountOf, CountScope, DateBasis, DateClaim, ExtractionRun,
    CivilianHarm, FactStatus, Reaction, Stance, Usage, Weapon,
)

TEXTS = {
    "one": "Mar. 12, 2031\nA Redland drone killed Tavi Oss, also known as Abu Karim, in Port Vell on Tuesday. "
           "Two people died, said Redland spokesman Maj. Gen. Mira Hale. The Blue Coast Front (BCF) called it a crime.",
    "two": "Mar. 12, 2031\nAn airstrike in Port Vell on Mar. 11, 2031 killed Abu Karim and three guards, four dead in all. "
           "Brig. Gen. Hale said the strike was lawful. The BCF called it a cowardly crime.",
    "three": "Redland struck Port Vell on Thursday, 13 March 2031, killing Tavi al-Oss. Gen. Hale confirmed it. "
             "A missile hit the truck, witnesses said. The Blue Coast Front vowed revenge.",
}


def article(name: str) -> ArticleExtraction:
    return ArticleExtraction(article=make_article(TEXTS[name], f"{name}.txt"), usage=Usage(calls=8))


def claim(x: ArticleExtraction, value, quote: str) -> Claim:
    evidence = ground_quote(x.article.id, x.article.text, quote)
    assert evidence.grounded, quote
    return Claim[type(value)](value=value, evidence=evidence)


def date_claim(x: ArticleExtraction, value: date | None, written: str, basis: DateBasis) -> DateClaim:
    c = claim(x, written, written)
    return DateClaim(value=value, as_written=written, basis=basis, evidence=c.evidence)


def extractions() -> list[ArticleExtraction]:
    one, two, three = article("one"), article("two"), article("three")
    one.event.date = date_claim(one, date(2031, 3, 11), "Tuesday", DateBasis.RELATIVE)
    two.event.date = date_claim(two, date(2031, 3, 11), "Mar. 11, 2031", DateBasis.EXPLICIT)
    three.event.date = date_claim(three, date(2031, 3, 13), "13 March 2031", DateBasis.EXPLICIT)
    one.event.killed = claim(one, 2, "Two people died")
    two.event.killed = claim(two, 4, "four dead in all")
    one.event.weapon = claim(one, Weapon.DRONE, "drone")
    two.event.weapon = claim(two, Weapon.AIR_STRIKE_UNSPECIFIED, "airstrike")
    for x in (one, two, three):
        x.event.location.city = claim(x, "Port Vell", "Port Vell")
    one.event.perpetrator = claim(one, "Redland", "Redland")
    three.event.perpetrator = claim(three, "Redland", "Redland")
    one.event.targets = [claim(one, "Tavi Oss", "Tavi Oss")]
    two.event.targets = [claim(two, "Abu Karim", "Abu Karim"), claim(two, "three guards", "three guards")]
    three.event.targets = [claim(three, "Tavi al-Oss", "Tavi al-Oss")]
    one.actors = [Actor(name="Tavi Oss", aliases=["Abu Karim"], kind=ActorKind.PERSON,
                        evidence=claim(one, "Tavi Oss", "Tavi Oss").evidence),
                  Actor(name="Mira Hale", kind=ActorKind.PERSON, title="spokesman",
                        evidence=claim(one, "Mira Hale", "Mira Hale").evidence)]
    one.reactions = [Reaction(actor="Blue Coast Front", stance=Stance.CONDEMN, cameo="111",
                              evidence=claim(one, "", "called it a crime").evidence)]
    two.reactions = [Reaction(actor="BCF", stance=Stance.CONDEMN, cameo="111",
                              evidence=claim(two, "", "called it a cowardly crime").evidence),
                     Reaction(actor="Brig. Gen. Hale", stance=Stance.JUSTIFY, cameo="015",
                              evidence=claim(two, "", "the strike was lawful").evidence)]
    three.reactions = [Reaction(actor="The Blue Coast Front", stance=Stance.THREATEN, cameo="138",
                                evidence=claim(three, "", "vowed revenge").evidence)]
    return [one, two, three]


def brief(xs: list[ArticleExtraction]):
    run = ExtractionRun(created_at="2031-03-12T00:00:00Z", model="fake/fake", prompts={"when": "2"}, articles=xs,
                        usage=Usage(calls=24))
    return build_briefing(run, provider="fake")


def conflict(briefing, field: str):
    return next((c for c in briefing.conflicts if c.field == field), None)


def test_explicit_date_beats_relative_and_a_different_date_is_a_conflict():
    b = brief(extractions())
    ids = [x.id for x in b.articles]
    # Both dates are written explicitly once; the relative "Tuesday" of the first article tips it.
    assert b.event.date.value == date(2031, 3, 11)
    dates = conflict(b, "event.date")
    assert {str(v.value): v.articles for v in dates.values} == {"2031-03-11": ids[:2], "2031-03-13": [ids[2]]}
    assert b.event.date.status is FactStatus.CONTESTED
    assert b.event.date.sources == ids[:2]
    assert len(b.event.date.claims) == 3


def test_a_relative_date_alone_does_not_outvote_an_explicit_one():
    xs = extractions()
    two = xs[1]
    two.event.date = date_claim(two, date(2031, 3, 11), "Mar. 11", DateBasis.RELATIVE)
    b = brief(xs)
    assert b.event.date.value == date(2031, 3, 13) and b.event.date.status is FactStatus.CONTESTED


def test_fatalities_take_the_lowest_figure_and_list_the_other():
    b = brief(extractions())
    assert b.event.killed.value == 2 and b.event.killed.status is FactStatus.CONTESTED
    assert "lowest" in b.event.killed.rule
    killed = conflict(b, "event.killed")
    assert sorted(v.value for v in killed.values) == [2, 4]
    assert all(v.quotes[0].quote in TEXTS[name] for v, name in zip(killed.values, ["one", "two"], strict=True))


def test_agreeing_sources_corroborate_without_conflict():
    b = brief(extractions())
    assert b.event.city.value == "Port Vell" and b.event.city.status is FactStatus.CORROBORATED
    assert len(b.event.city.sources) == 3 and conflict(b, "event.city") is None
    assert b.event.perpetrator.status is FactStatus.CORROBORATED
    assert b.event.injured.status is FactStatus.ABSENT and b.event.injured.value is None


def test_unspecified_airstrike_supports_a_drone_but_two_weapons_conflict():
    xs = extractions()
    b = brief(xs)
    assert b.event.weapon.value is Weapon.DRONE and conflict(b, "event.weapon") is None
    assert len(b.event.weapon.sources) == 2
    xs[2].event.weapon = claim(xs[2], Weapon.MISSILE, "A missile hit the truck")
    b = brief(xs)
    assert b.event.weapon.value is None and b.event.weapon.status is FactStatus.CONTESTED
    assert {v.value for v in conflict(b, "event.weapon").values} == {"drone", "missile", "air_strike_unspecified"}


def test_one_actor_per_person_with_every_alias_and_article():
    b = brief(extractions())
    people = [a for a in b.actors if "Tavi Oss" in [a.name, *a.aliases]]
    assert len(people) == 1
    assert {"Abu Karim", "Tavi al-Oss"} <= set(people[0].aliases)
    assert len(people[0].articles) == 3
    assert [t.name for t in b.event.targets][:1] == ["Tavi Oss"] and len(b.event.targets[0].sources) == 3
    assert len([a for a in b.actors if "BCF" in [a.name, *a.aliases]]) == 1
    assert "three guards" not in [a.name for a in b.actors]  # a description is a target, not an actor


def test_different_ranks_for_one_person_are_a_conflict_and_no_rank_is_shown():
    b = brief(extractions())
    hale = next(a for a in b.actors if a.name == "Mira Hale")
    assert hale.rank is None
    ranks = conflict(b, f"actor {hale.id} (Mira Hale) rank")
    assert {v.value for v in ranks.values} == {"Major General", "Brigadier General"}
    assert all(q.quote in {"Maj. Gen. Mira Hale", "Brig. Gen. Hale"} for v in ranks.values for q in v.quotes)


def test_a_bare_general_agrees_with_a_specific_general_rank():
    xs = extractions()
    xs[1].article = make_article(TEXTS["two"].replace("Brig. Gen. Hale", "Hale"), "two.txt")
    b = brief(xs[:1] + xs[2:])
    hale = next(a for a in b.actors if a.name == "Mira Hale")
    assert hale.rank == "Major General" and not any("rank" in c.field for c in b.conflicts)


def test_reactions_are_merged_per_actor_with_each_statement():
    b = brief(extractions())
    front = next(r for r in b.reactions if r.actor == "Blue Coast Front")
    assert len(front.statements) == 3 and len(front.sources) == 3
    assert front.stance is Stance.CONDEMN and front.cameo == "111"
    assert front.stances == [Stance.CONDEMN, Stance.THREATEN]
    assert {s.said_as for s in front.statements} == {"Blue Coast Front", "BCF", "The Blue Coast Front"}
    hale = next(r for r in b.reactions if r.actor == "Mira Hale")
    assert hale.stance is Stance.JUSTIFY


def test_neutral_remarks_never_outweigh_a_stance_taken():
    xs = extractions()
    for x, name, quote in ((xs[0], "Mira Hale", "Two people died"), (xs[1], "Brig. Gen. Hale", "four dead in all")):
        x.reactions.append(Reaction(actor=name, stance=Stance.NEUTRAL, cameo="010",
                                    evidence=claim(x, "", quote).evidence))
    hale = next(r for r in brief(xs).reactions if r.actor == "Mira Hale")
    assert [s.stance for s in hale.statements].count(Stance.NEUTRAL) == 2
    assert hale.stance is Stance.JUSTIFY and hale.stances == [Stance.JUSTIFY, Stance.NEUTRAL]


def test_coverage_and_every_quote_points_into_its_article():
    xs = extractions()
    b = brief(xs)
    texts = {x.article.id: x.article.text for x in xs}
    assert b.coverage["killed"] == [x.article.id for x in xs[:2]]
    assert b.articles[0].published == date(2031, 3, 12) and "killed" in b.articles[0].facts
    for fact in (b.event.date, b.event.killed, b.event.city, b.event.weapon):
        for c in fact.claims:
            assert texts[c.evidence.article_id][c.evidence.start:c.evidence.end] == c.evidence.quote
    for actor in b.actors:
        for m in actor.mentions:
            assert texts[m.article_id][m.start:m.end] == m.quote


def test_run_record_keeps_usage_per_article():
    b = brief(extractions())
    assert b.run.provider == "fake" and b.run.prompts == {"when": "2"}
    assert b.run.usage.calls == 24 and all(u.calls == 8 for u in b.run.per_article.values())


def test_a_page_date_yields_to_a_reported_date_and_makes_no_conflict():
    xs = extractions()
    three = xs[2]
    three.event.date = DateClaim(value=date(2031, 3, 13), as_written="13 March 2031", basis=DateBasis.PAGE,
                                 evidence=three.event.date.evidence if three.event.date else
                                 claim(three, "13 March 2031", "13 March 2031").evidence)
    b = brief(xs)
    assert b.event.date.value == date(2031, 3, 11)
    assert conflict(b, "event.date") is None and len(b.event.date.claims) == 3


def test_a_more_specific_value_is_a_refinement_not_a_conflict():
    from summarizer.entities import refines

    assert refines("Redland's air force", "Redland", "institutions")
    assert refines("Redlandic forces", "Redland", "institutions")
    assert refines("eastern Port Vell", "Port Vell", "place_parts")
    assert not refines("Redlandic Front", "Redland", "institutions")  # another actor, not a part of Redland
    assert not refines("Port Vell", "eastern Port Vell", "place_parts")
    # a unit named by its arm, and the adjective of a name that drops its last vowel
    assert refines("Redlandic strategic bomber unit", "Redland", "institutions")
    assert refines("Orlanian air defence", "Orlania", "institutions")
    assert not refines("Orlanian Liberation Front", "Orlania", "institutions")

    xs = extractions()
    one, two, three = xs
    one.event.perpetrator = claim(one, "Redland", "Redland")
    three.event.perpetrator = claim(three, "Redland", "Redland")
    two.event.perpetrator = None
    two.article.text += " Redland's air force flew the mission."
    two.event.perpetrator = claim(two, "Redland's air force", "Redland's air force")
    b = brief(xs)
    assert conflict(b, "event.perpetrator") is None
    assert b.event.perpetrator.value == "Redland's air force"  # the specific one, every claim kept
    assert len(b.event.perpetrator.sources) == 3 and len(b.event.perpetrator.claims) == 3


def test_bylines_and_places_are_not_actors():
    xs = extractions()
    one = xs[0]
    one.article = make_article("Redland drone kills commander\nBy Lena Marsh\n\n" + TEXTS["one"] +
                               " The Orm district was hit too.", "one.txt")
    for x in xs[:1]:
        x.event.location.city = claim(x, "Port Vell", "Port Vell")
    one.actors += [Actor(name="Lena Marsh", kind=ActorKind.PERSON, evidence=claim(one, "Lena Marsh", "Lena Marsh").evidence),
                   Actor(name="Orm district", kind=ActorKind.OTHER,
                         evidence=claim(one, "Orm district", "Orm district").evidence),
                   Actor(name="Port Vell", kind=ActorKind.OTHER, evidence=claim(one, "Port Vell", "Port Vell").evidence)]
    names = {a.name for a in brief(xs).actors}
    assert "Mira Hale" in names and not names & {"Lena Marsh", "Orm district", "Port Vell"}


def test_a_country_is_shown_by_its_name_not_a_part_of_it():
    xs = extractions()
    for x, name in zip(xs, ["Redland", "Redland", "southern Redland"], strict=True):
        x.article.text += f" It happened in {name}."
        x.event.location.country = claim(x, name, name)
    b = brief(xs)
    assert b.event.country.value == "Redland" and conflict(b, "event.country") is None


def test_descriptions_are_not_actors():
    xs = extractions()
    one = xs[0]
    one.article.text += " Residents said the blast woke them; local journalist reports agreed and the residents fled."
    one.actors += [Actor(name="Residents", kind=ActorKind.PERSON, evidence=claim(one, "Residents", "Residents").evidence),
                   Actor(name="Local journalist", kind=ActorKind.OTHER,
                         evidence=claim(one, "local journalist", "local journalist").evidence)]
    names = {a.name for a in brief(xs).actors}
    assert "Tavi Oss" in names and "Mira Hale" in names and not names & {"Residents", "Local journalist"}


def test_remarks_that_take_no_stance_are_not_reactions():
    xs = extractions()
    one = xs[0]
    one.article.text += " Tavi Oss's brother Jon Varn said he heard two people died."
    one.actors.append(Actor(name="Jon Varn", kind=ActorKind.PERSON, evidence=claim(one, "Jon Varn", "Jon Varn").evidence))
    one.reactions.append(Reaction(actor="Jon Varn", stance=Stance.NEUTRAL, cameo="010",
                                  evidence=claim(one, "", "he heard two people died").evidence))
    b = brief(xs)
    assert "Jon Varn" in {a.name for a in b.actors}  # an actor, but no reaction
    assert "Jon Varn" not in {r.actor for r in b.reactions} and len(b.reactions) == 2


def test_a_target_one_article_names_while_others_agree_is_listed_as_unconfirmed():
    xs = extractions()
    one, two, three = xs
    xs[0].event.targets.append(claim(one, "Port Vell", "Port Vell"))  # another name the model listed
    b = brief(xs)
    assert [t.name for t in b.event.targets] == ["Tavi Oss"]
    assert {t.name for t in b.event.unconfirmed_targets} == {"three guards", "Port Vell"}
    markdown = to_markdown(b)
    assert "| Target (unconfirmed) | three guards |" in markdown
    alone = brief([two])  # one article: nothing to confirm against, every target is shown
    assert {t.name for t in alone.event.targets} == {"Abu Karim", "three guards"} and not alone.event.unconfirmed_targets


def test_a_name_that_only_shortens_another_target_is_that_target():
    xs = extractions()
    for x, name in zip(xs, ["Orm Children's Hospital", "Orm", "Orm Children's Hospital"]):
        x.event.targets = [claim(x, name, "Port Vell")]
    b = brief(xs)
    assert [(t.name, len(t.sources)) for t in b.event.targets] == [("Orm Children's Hospital", 3)]


def test_a_target_that_is_an_armed_group_is_the_target_group_when_no_article_names_one():
    xs = extractions()
    one, two, three = xs
    for x in xs:
        x.event.targets = [claim(x, "Blue Coast Front" if x is not two else "BCF",
                                 "Blue Coast Front" if x is not two else "BCF")]
    one.actors.append(Actor(name="Blue Coast Front", aliases=["BCF"], kind=ActorKind.ARMED_GROUP,
                            evidence=claim(one, "Blue Coast Front", "Blue Coast Front").evidence))
    b = brief(xs)
    assert b.event.target_group.value == "Blue Coast Front" and len(b.event.target_group.sources) == 3
    assert b.event.target_group_actor == b.event.targets[0].actor_id
    one.actors[-1].kind = ActorKind.PERSON  # a person targeted says nothing of a group
    assert brief(xs).event.target_group.value is None


def test_a_speaker_written_with_a_title_is_a_person_whose_surname_alone_is_the_same_actor():
    from summarizer.actors import resolve_actors

    xs = [article("one"), article("two")]
    xs[0].reactions = [Reaction(actor="Maj. Gen. Mira Hale", stance=Stance.JUSTIFY, cameo="015",
                                evidence=claim(xs[0], "", "Two people died").evidence)]
    xs[1].reactions = [Reaction(actor="Hale", stance=Stance.JUSTIFY, cameo="015",
                                evidence=claim(xs[1], "", "the strike was lawful").evidence)]
    resolver = resolve_actors(xs)
    assert resolver.find("Hale") is resolver.find("Maj. Gen. Mira Hale")
    xs[0].reactions[0].actor = "Mira Hale"  # no title, but it reads like a person's name: her surname
    resolver = resolve_actors(xs)
    assert resolver.find("Hale") is resolver.find("Mira Hale")
    xs[0].reactions.append(Reaction(actor="Jon Hale", stance=Stance.CONDEMN, cameo="111",
                                    evidence=claim(xs[0], "", "Two people died").evidence))
    resolver = resolve_actors(xs)  # two people named Hale: "Hale" alone is neither
    assert resolver.find("Hale") not in (resolver.find("Mira Hale"), resolver.find("Jon Hale"))
    xs[0].reactions = [Reaction(actor="Blue Coast Front", stance=Stance.CONDEMN, cameo="111",
                                evidence=claim(xs[0], "", "Two people died").evidence)]
    xs[1].reactions[0].actor = "Front"
    resolver = resolve_actors(xs)  # a group's name: "Front" is not its short form
    assert resolver.find("Front") is not resolver.find("Blue Coast Front")


def test_the_same_words_in_two_articles_keep_the_stance_the_model_saw_in_either():
    xs = extractions()
    one, two = xs[0], xs[1]
    quote = "Jon Varn said the strike was a disgrace."
    for x, stance in ((one, Stance.NEUTRAL), (two, Stance.CONDEMN)):  # a near-copy article, labelled apart
        x.article.text += " " + quote
        x.actors.append(Actor(name="Jon Varn", kind=ActorKind.PERSON, evidence=claim(x, "Jon Varn", "Jon Varn").evidence))
        x.reactions.append(Reaction(actor="Jon Varn", stance=stance, cameo="010", evidence=claim(x, "", quote).evidence))
    varn = next(r for r in brief(xs).reactions if r.actor == "Jon Varn")
    assert varn.stance is Stance.CONDEMN


def with_toll(name: str, text: str, value: int, quote: str, scope: CountScope = CountScope.TOTAL) -> ArticleExtraction:
    x = ArticleExtraction(article=make_article(text, f"{name}.txt"), usage=Usage(calls=8))
    x.event.counts = [Count(of=CountOf.KILLED, value=value, scope=scope, evidence=claim(x, value, quote).evidence)]
    x.event.killed = claim(x, value, quote)
    return x


def test_an_extreme_figure_from_one_article_is_flagged_and_never_the_toll():
    xs = [with_toll("a", "A drone killed two people in Karsk on Sunday.", 2, "killed two people"),
          with_toll("b", "Two workers were killed at the Karsk depot, the governor said.", 2, "Two workers were killed"),
          with_toll("c", "The strike on Karsk killed 500 people, a post claimed.", 500, "killed 500 people")]
    b = brief(xs)
    killed = b.event.killed
    assert killed.value == 2 and killed.status is FactStatus.CONTESTED and killed.sources == [x.article.id for x in xs[:2]]
    assert len(killed.notes) == 1 and killed.notes[0].startswith("500 killed is given by one source only")
    assert "(2)" in killed.notes[0] and 500 in [v.value for v in conflict(b, "event.killed").values]
    assert killed.notes[0] in to_markdown(b)
    assert killed.notes[0] in review_page(b, {x.article.id: x.article.text for x in xs})
    assert Briefing.model_validate_json(b.model_dump_json()).event.killed.notes == killed.notes


def test_a_flagged_figure_yields_to_a_lower_floor_of_another_article():
    xs = [with_toll("a", "The strike killed Ilo Varn, a commander, in Karsk.", 1, "killed Ilo Varn", CountScope.AT_LEAST),
          with_toll("c", "The strike on Karsk killed 500 people, a post claimed.", 500, "killed 500 people")]
    killed = brief(xs).event.killed
    assert killed.value == 1 and killed.notes and "500 killed" in killed.notes[0]


def test_figures_that_are_near_or_shared_are_not_flagged():
    near = [with_toll("a", "A drone killed 12 people in Karsk.", 12, "killed 12 people"),
            with_toll("b", "The strike killed 30 people, medics said.", 30, "killed 30 people")]
    small = [with_toll("a", "A drone killed two people in Karsk.", 2, "killed two people"),
             with_toll("b", "The strike killed nine people, medics said.", 9, "killed nine people")]
    shared = [with_toll("a", "A drone killed two people in Karsk.", 2, "killed two people"),
              with_toll("b", "The strike killed 500 people, medics said.", 500, "killed 500 people"),
              with_toll("c", "Officials said 500 people were killed in Karsk.", 500, "500 people were killed")]
    for xs in (near, small, shared):
        assert brief(xs).event.killed.notes == []
    assert brief(shared).event.killed.value == 500
    lone = brief([with_toll("c", "The strike on Karsk killed 500 people.", 500, "killed 500 people")]).event.killed
    assert lone.value == 500 and lone.notes == []  # nothing to compare with


def test_names_listed_with_the_struck_city_are_places_not_actors():
    xs = extractions()
    one = xs[0]
    one.article.text += " Missiles also fell on Port Vell, Karsk, Tarn Bay and Orm. Ilse Varn, Jon Oss and Mira Dale wrote."
    for name in ("Karsk", "Tarn Bay", "Jon Oss"):  # the model called the towns governments
        kind = ActorKind.PERSON if name == "Jon Oss" else ActorKind.GOVERNMENT
        one.actors.append(Actor(name=name, kind=kind, evidence=claim(one, name, name).evidence))
    names = {a.name for a in brief(xs).actors}
    assert not names & {"Karsk", "Tarn Bay"} and "Jon Oss" in names  # people listed together stay


def test_a_city_is_not_taken_from_an_article_that_puts_the_strike_in_another_country():
    xs = extractions()
    one, two, three = xs
    for x, country, city in ((one, "Redland", "Balochar"), (two, "Redland", "Karsk"), (three, "Greyland", "Orm")):
        x.article.text += f" It hit {city}, {country}."
        x.event.location.country = claim(x, country, country)
        x.event.location.city = claim(x, city, city)
    city = brief(xs).event.city
    assert city.value is None and city.status is FactStatus.CONTESTED  # Balochar and Karsk: one article each
    assert {c.value for c in city.claims} == {"Balochar", "Karsk"}  # Orm is the Greyland attack's
    one.article.text += " It hit Ontario."
    one.event.location.city = claim(one, "Ontario", "Ontario")  # a province (ISO 3166-2) against a town
    assert brief(xs).event.city.value == "Karsk"


def test_a_lone_weaker_or_much_earlier_date_is_listed_not_a_conflict():
    xs = extractions()
    three = xs[2]
    three.event.date = date_claim(three, date(2031, 3, 12), "Thursday", DateBasis.RELATIVE)  # the day it spoke
    b = brief(xs)
    assert b.event.date.value == date(2031, 3, 11) and conflict(b, "event.date") is None
    assert len(b.event.date.claims) == 3  # still in the ledger
    three.event.date = date_claim(three, date(2031, 3, 2), "13 March 2031", DateBasis.EXPLICIT)  # an earlier attack
    assert conflict(brief(xs), "event.date") is None


def test_the_site_is_what_was_hit_before_the_area_it_stands_in():
    # two articles name only the quarter, one the building: the building is the site, every claim stays listed
    from summarizer.facts.where import merge_site, only_an_area
    from summarizer.ledger import MergeContext
    from summarizer.schemas import Claim, Evidence

    def said(article: str, value: str) -> Claim:
        return Claim[str](value=value, evidence=Evidence(article_id=article, quote=value, start=0, end=len(value),
                                                         match="exact"))

    claims = [said("a", "Orm Heights"), said("b", "the southern suburbs"), said("c", "a grain warehouse")]
    fact = merge_site("site", claims, MergeContext([], None, {}))
    assert fact.value == "a grain warehouse" and fact.sources == ["c"] and len(fact.claims) == 3
    assert merge_site("site", claims[:2], MergeContext([], None, {})).value in ("Orm Heights", "the southern suburbs")
    assert only_an_area("Orm Heights") and not only_an_area("Orm Children's Hospital")


def test_a_conflicting_value_says_who_gave_it_where_its_sentence_names_a_speaker():
    one, two = (ArticleExtraction(article=make_article(text, f"{name}.txt")) for name, text in (
        ("a", "A drone hit the depot in Port Vell, the Blue Coast Front said.\n"),
        ("b", "Redland denied it. The strike was carried out by Orm rebels, Mayor Ines Korrow said.\n")))
    one.event.perpetrator = claim(one, "Redland", "A drone hit the depot in Port Vell, the Blue Coast Front said.")
    two.event.perpetrator = claim(two, "Orm rebels", "The strike was carried out by Orm rebels, Mayor Ines Korrow said.")
    said = {str(v.value): v.said_by for v in conflict(brief([one, two]), "event.perpetrator").values}
    assert said == {"Redland": ["Blue Coast Front"], "Orm rebels": ["Mayor Ines Korrow"]}


def test_the_justification_shown_is_the_one_the_attacker_gives():
    # the struck side's account of a reason comes first in the pile; the attacker's own reason is shown
    texts = {"a": "Mar. 12, 2031\nOrm's interior ministry said Redland hit the depot in Port Vell to stop fuel deliveries.\n",
             "b": "Mar. 12, 2031\nRedland struck the depot in Port Vell in response to rocket fire from Orm, its army said.\n",
             "c": "Mar. 12, 2031\nThe army said the depot in Port Vell was a legitimate target.\n"}
    one, two, three = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    for x, sentence in ((one, "Orm's interior ministry said Redland hit the depot in Port Vell to stop fuel deliveries."),
                        (two, "Redland struck the depot in Port Vell in response to rocket fire from Orm, its army said."),
                        (three, "The army said the depot in Port Vell was a legitimate target.")):
        x.event.justification = claim(x, sentence, sentence)
    for x in (one, two):
        x.event.perpetrator = claim(x, "Redland", "Redland")
    shown = brief([one, two]).event.justification
    assert shown.value.startswith("Redland struck") and len(shown.claims) == 2
    assert brief([one, three]).event.justification.value.startswith("The army said")  # the attacker's army
    assert brief([one]).event.justification.value.startswith("Orm's")  # no other: still listed and shown


def test_the_attacker_s_side_accusing_the_target_justifies_the_strike():
    # the side that struck blames the target: a justification; the struck side's accusation stays one
    text = ("Mar. 12, 2031\nA Redland drone hit the depot in Port Vell. Ilse Varn accused the Orm Front of hiding "
            "rockets there. The Redlandic army condemned the Front's attacks. Orm's ministry accused Redland of a crime.\n")
    x = ArticleExtraction(article=make_article(text, "a.txt"))
    x.event.perpetrator = claim(x, "Redland", "A Redland drone hit the depot")
    x.actors = [Actor(name="Ilse Varn", kind=ActorKind.PERSON, affiliation="Redland",
                      evidence=claim(x, "Ilse Varn", "Ilse Varn").evidence)]
    for name, stance, quote in (("Ilse Varn", Stance.ACCUSE, "Ilse Varn accused the Orm Front of hiding rockets there."),
                                ("Redlandic army", Stance.CONDEMN, "The Redlandic army condemned the Front's attacks."),
                                ("Orm's ministry", Stance.ACCUSE, "Orm's ministry accused Redland of a crime.")):
        x.reactions.append(Reaction(actor=name, stance=stance, cameo="000", evidence=claim(x, "", quote).evidence))
    stances = {r.actor: r.stance for r in brief([x]).reactions}
    assert stances == {"Ilse Varn": Stance.JUSTIFY, "Redlandic army": Stance.JUSTIFY, "Orm's ministry": Stance.ACCUSE}
    varn = next(r for r in brief([x]).reactions if r.actor == "Ilse Varn").statements[0]
    assert varn.corrected_from == "accuse" and "attacker" in varn.rule
    x.event.perpetrator = None  # no perpetrator known: every stance as the model and the words gave it
    assert {r.actor: r.stance for r in brief([x]).reactions}["Ilse Varn"] is Stance.ACCUSE


def test_the_attacker_or_a_count_of_victims_is_never_a_target():
    from summarizer.facts.targets import people_counted

    # small models list the side that struck, or the dead, among the targets
    texts = {"a": "Mar. 12, 2031\nA Redland drone hit the depot of the Orm Front in Port Vell.\n",
             "b": "12 de marzo de 2031\nLas Fuerzas Armadas de Redland atacaron el depósito del Frente de Orm.\n"}
    one, two = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    one.event.perpetrator = claim(one, "Redland", "A Redland drone")
    two.event.perpetrator = claim(two, "Redland", "Las Fuerzas Armadas de Redland")
    one.event.targets = [claim(one, "depot of the Orm Front", "depot of the Orm Front")]
    two.event.targets = [claim(two, "Las Fuerzas Armadas de Redland", "Las Fuerzas Armadas de Redland"),
                         claim(two, "Frente de Orm", "Frente de Orm")]
    assert [t.name for t in brief([one, two]).event.targets] == ["depot of the Orm Front", "Frente de Orm"]
    assert people_counted("dozens") and people_counted("all women and children") and people_counted("3 civilians")
    assert not people_counted("the children's hospital") and not people_counted("Orm Front fighters")


def test_a_town_or_site_the_articles_tie_only_to_another_day_is_another_attack_s():
    # the strike hit Port Vell on the 18th; the stories recall a raid on a depot in Orm two days before
    texts = {"a": "Mar. 18, 2031\nRedland jets struck bunkers near Port Vell early on Monday, March 18, 2031. "
                  "Rebels had raided a fuel depot in Orm on 16 March 2031, the ministry said. "
                  "A drone hit a school there on 2 March 2031.\n",
             "b": "Mar. 18, 2031\nFour guards died in the Orm raid on the fuel depot. Port Vell mourned its dead.\n",
             "c": "Mar. 18, 2031\nJets bombed Port Vell on Monday, March 18, 2031.\n"}
    a, b, c = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    for x in (a, c):
        x.event.date = date_claim(x, date(2031, 3, 18), "March 18, 2031", DateBasis.EXPLICIT)
    a.event.location.city = claim(a, "Orm", "a fuel depot in Orm")
    b.event.location.city = claim(b, "Orm", "the Orm raid")
    c.event.location.city = claim(c, "Port Vell", "Jets bombed Port Vell")
    a.event.location.site = claim(a, "a school", "A drone hit a school there on 2 March 2031.")  # another day
    b.event.location.site = claim(b, "fuel depot", "Four guards died in the Orm raid on the fuel depot.")  # Orm's
    c.event.location.site = claim(c, "Port Vell", "Jets bombed Port Vell")  # the town itself: no site
    a.event.targets = [claim(a, "bunkers", "struck bunkers near Port Vell")]
    event = brief([a, b, c]).event
    assert event.city.value == "Port Vell" and len(event.city.claims) == 3
    assert event.site.value == "bunkers" and len(event.site.claims) == 3
    a.event.date = date_claim(a, date(2031, 3, 16), "16 March 2031", DateBasis.EXPLICIT)  # the strike was Orm's
    c.event.date = None
    assert brief([a, b, c]).event.city.value == "Orm"



def test_an_area_written_by_its_bearing_from_a_town_is_not_the_town():
    # "the Orm area west of Port Vell": the strike's town is Port Vell; Orm is where in it
    texts = {"a": "Mar. 12, 2031\nJets struck tents in Orm on Saturday.\n",
             "b": "Mar. 12, 2031\nJets struck tents in the Orm area west of Port Vell on Saturday.\n",
             "c": "Mar. 12, 2031\nThe camp at Orm, in the north of Vell province, was hit on Saturday.\n"}
    a, b, c = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    a.event.location.city = claim(a, "Orm", "Orm")
    b.event.location.city = claim(b, "Port Vell", "Port Vell")
    assert brief([a, b]).event.city.value == "Port Vell"
    c.event.location.city = claim(c, "Orm", "Orm")
    d = ArticleExtraction(article=make_article("Mar. 12, 2031\nJets struck Vell on Saturday.\n", "d.txt"))
    d.event.location.city = claim(d, "Vell", "Vell")
    assert brief([a, c, d]).event.city.value == "Orm"  # a bearing from a province: Orm is a town in it
    b.article = make_article(texts["b"].replace("west of", "and"), "b.txt")
    b.event.location.city = claim(b, "Port Vell", "Port Vell")
    assert brief([a, b, c]).event.city.value == "Orm"  # no bearing: two articles say Orm


def test_a_target_whose_sentence_puts_it_in_another_country_is_another_attack_s():
    # real country names for the gazetteer; the strike hit a depot in Norway, the group also claims bases in Sweden
    texts = {"a": "Mar. 12, 2031\nA drone hit the Orm depot in Norway. The group said it also struck two bases in Sweden, "
                  "the Vell base and Karsk camp.\n",
             "b": "Mar. 12, 2031\nThe Orm depot in Norway was hit by a drone.\n"}
    a, b = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    for x in (a, b):
        x.event.location.country = claim(x, "Norway", "Norway")
    a.event.targets = [claim(a, "Orm depot", "the Orm depot in Norway"), claim(a, "Vell base", "the Vell base and Karsk camp")]
    assert [t.name for t in brief([a, b]).event.targets] == ["Orm depot"]
    a.event.location.country = claim(a, "Sweden", "Sweden")  # had the strike been in Sweden, the bases are its targets
    assert [t.name for t in brief([a]).event.targets] == ["Vell base"]


def test_one_town_in_several_languages_is_no_conflict():
    # real towns for the gazetteer: "Munich" in English, "München" in German, a made-up town elsewhere
    texts = {"a": "Mar. 12, 2031\nA drone hit a depot in Munich.\n", "b": "12. März 2031\nEine Drohne traf ein Depot in München.\n",
             "c": "Mar. 12, 2031\nA drone hit a depot in Port Vell.\n"}
    a, b, c = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    for x, town in ((a, "Munich"), (b, "München"), (c, "Port Vell")):
        x.event.location.city = claim(x, town, town)
    briefing = brief([a, b])
    assert briefing.event.city.value == "Munich" and briefing.event.city.status is FactStatus.CORROBORATED
    assert conflict(briefing, "event.city") is None
    assert conflict(brief([a, c]), "event.city") is not None  # two towns: a conflict


def test_the_struck_side_read_as_the_attacker_by_one_article_is_no_rival():
    texts = {"a": "Mar. 12, 2031\nRedland jets hit the Orm Front's depot.\n", "b": "Mar. 12, 2031\nRedland struck the Orm Front.\n",
             "c": "Mar. 12, 2031\nThe Orm Front's depot was hit; the Orm Front vowed revenge.\n"}
    a, b, c = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    a.event.perpetrator, b.event.perpetrator = claim(a, "Redland", "Redland jets"), claim(b, "Redland", "Redland struck")
    c.event.perpetrator = claim(c, "Orm Front", "the Orm Front vowed revenge")  # the model read the victim as the attacker
    a.event.targets = [claim(a, "Orm Front", "the Orm Front's depot")]
    shown = brief([a, b, c])
    assert shown.event.perpetrator.value == "Redland" and conflict(shown, "event.perpetrator") is None
    assert len(shown.event.perpetrator.claims) == 3  # still listed
    a.event.perpetrator = None  # the only account of who struck: it is shown, whatever else the Front is
    assert brief([a, c]).event.perpetrator.value == "Orm Front"
    a.event.targets = []  # nothing says the Front was hit: two accounts of who struck
    assert conflict(brief([a, b, c]), "event.perpetrator") is not None


def test_the_attacker_given_as_the_country_by_fewer_sources_is_no_rival():
    texts = {"a": "Mar. 12, 2031\nRedland jets hit a depot in Orm.\n", "b": "Mar. 12, 2031\nRedland struck Orm.\n",
             "c": "Mar. 12, 2031\nRedland said its jets hit a depot.\n"}
    a, b, c = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    for x in (a, b, c):
        x.event.perpetrator = claim(x, "Redland", "Redland")
    a.event.location.country, b.event.location.country = claim(a, "Orm", "Orm"), claim(b, "Orm", "Orm")
    c.event.location.country = claim(c, "Redland", "Redland")  # the model gave the attacker as the place
    shown = brief([a, b, c])
    assert shown.event.country.value == "Orm" and conflict(shown, "event.country") is None
    assert len(shown.event.country.claims) == 3
    assert brief([c]).event.country.value == "Redland"  # a strike on its own soil, as its only source says
    b.event.perpetrator = c.event.perpetrator = None  # nobody else says Redland struck: two accounts of the place
    a.event.perpetrator = claim(a, "Orm", "Orm")
    assert conflict(brief([a, b, c]), "event.country") is not None


def test_an_attacker_its_own_quote_does_not_name_is_no_rival():
    texts = {"a": "Mar. 12, 2031\nRedland jets hit a depot of the Orm Front.\n",
             "b": "Mar. 12, 2031\nRedland struck the depot.\n",
             "c": "Mar. 12, 2031\nThe head of a militia was killed in the blast. The Sol Harbor militia mourned.\n"}
    a, b, c = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    a.event.perpetrator, b.event.perpetrator = claim(a, "Redland", "Redland jets"), claim(b, "Redland", "Redland struck")
    c.event.perpetrator = claim(c, "Sol Harbor militia", "The head of a militia was killed in the blast.")
    shown = brief([a, b, c])
    assert shown.event.perpetrator.value == "Redland" and conflict(shown, "event.perpetrator") is None
    assert len(shown.event.perpetrator.claims) == 3  # still listed
    c.event.perpetrator = claim(c, "Sol Harbor militia", "The Sol Harbor militia mourned.")  # its quote names it
    assert conflict(brief([a, b, c]), "event.perpetrator") is not None


def test_an_alias_never_joins_two_actors_an_article_lists_apart():
    texts = {"a": "Mar. 12, 2031\nA Redland drone hit the Blue Coast Front's office, a source close to the "
                  "Orm Brotherhood said.\n",
             "b": "Mar. 12, 2031\nThe Blue Coast Front and its ally, the Orm Bruderhood, vowed revenge.\n"}
    a, b = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    evidence = claim(a, "Blue Coast Front", "Blue Coast Front").evidence
    a.actors = [Actor(name="Blue Coast Front", aliases=["Orm Brotherhood"], kind=ActorKind.ARMED_GROUP,
                      evidence=evidence)]  # the model took the ally for another name of the Front
    b.actors = [Actor(name="Blue Coast Front", kind=ActorKind.ARMED_GROUP, evidence=evidence),
                Actor(name="Orm Bruderhood", kind=ActorKind.ARMED_GROUP, evidence=evidence)]  # another spelling
    names = [[a.name, *a.aliases] for a in brief([a, b]).actors]
    assert not any("Blue Coast Front" in n and any(x.startswith("Orm") for x in n) for n in names), names
    assert ["Orm Bruderhood"] in names
    b.actors = b.actors[:1]  # no article lists them apart: the article's alias stands
    names = [[a.name, *a.aliases] for a in brief([a, b]).actors]
    assert any({"Blue Coast Front", "Orm Brotherhood"} <= set(n) for n in names)


def test_a_description_the_named_target_s_own_quote_gives_is_that_target():
    texts = {"a": "Mar. 12, 2031\nDrones hit an outpost known as Post 7 near the Orm border.\n",
             "b": "Mar. 12, 2031\nDrones hit a small supply outpost in Redland.\n",
             "c": "Mar. 12, 2031\nThree soldiers died at the outposts in Redland, near a depot.\n"}
    a, b, c = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    a.event.targets = [claim(a, "Post 7", "an outpost known as Post 7"), claim(a, "Orm border", "the Orm border")]
    b.event.targets = [claim(b, "small supply outpost in Redland", "a small supply outpost in Redland")]
    c.event.targets = [claim(c, "outposts in Redland", "the outposts in Redland")]
    shown = brief([a, b, c])
    assert [(t.name, len(t.sources)) for t in shown.event.targets] == [("Post 7", 3)]
    assert [t.name for t in shown.event.unconfirmed_targets] == ["Orm border"]
    c.event.targets = [claim(c, "depot", "a depot")]  # a thing the named target's quote does not call it
    shown = brief([a, b, c])
    assert [(t.name, len(t.sources)) for t in shown.event.targets] == [("Post 7", 2)]
    assert "depot" in [t.name for t in shown.event.unconfirmed_targets]


def test_civilians_harmed_with_no_group_named_nor_armed_target_are_the_target_group():
    texts = {"a": "Mar. 12, 2031\nA Redland missile hit a block of flats in Port Vell, killing nine civilians.\n",
             "b": "Mar. 12, 2031\nThe missile killed residents of the block and an Orm army officer; civilians were "
                  "among the dead, the Blue Coast Front said.\n"}
    a, b = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    a.event.civilian_harm = claim(a, CivilianHarm.HARMED, "killing nine civilians")
    b.event.civilian_harm = claim(b, CivilianHarm.HARMED, "civilians were among the dead")
    a.event.targets = [claim(a, "block of flats", "a block of flats")]
    shown = brief([a, b]).event.target_group
    assert shown.value == "civilians" and shown.status is FactStatus.CORROBORATED
    assert [c.evidence.quote for c in shown.claims] == ["killing nine civilians", "civilians were among the dead"]
    b.event.target_group = claim(b, "Blue Coast Front", "Blue Coast Front")  # a group some article names: that group
    assert brief([a, b]).event.target_group.value == "Blue Coast Front"
    b.event.target_group = None
    b.event.targets = [claim(b, "Orm army", "an Orm army officer")]  # an armed side among the targets
    b.actors = [Actor(name="Orm army", kind=ActorKind.MILITARY, evidence=claim(b, "Orm army", "Orm army").evidence)]
    assert brief([a, b]).event.target_group.value == "Orm army"  # the armed side hit, not the civilians
    b.event.targets, b.actors = [], []
    b.event.civilian_harm = claim(b, CivilianHarm.NONE, "The missile killed residents")  # the model's say: unclear
    a.event.civilian_harm = None
    assert brief([a, b]).event.target_group.value is None  # civilians not said to be harmed: no group


def giving_their_reasons(*sentences: str, rule: str | None = None) -> list[ArticleExtraction]:
    """An article per sentence, each sentence its justification (found by `rule`, else the model's)."""
    xs = [ArticleExtraction(article=make_article(f"Mar. 12, 2031\n{s}\n", f"{n}.txt")) for n, s in enumerate(sentences)]
    for x, sentence in zip(xs, sentences):
        x.event.justification = claim(x, sentence, sentence).model_copy(update={"rule": rule})
    return xs


def test_of_the_attacker_s_sentences_the_one_about_the_strike_is_the_justification_shown():
    a, b = giving_their_reasons("In response to questions, Redland's army said it does not comment on foreign reports.",
                                "Redland's army said the strike hit a depot used to plan attacks on its ships.")
    for x in (a, b):
        x.event.perpetrator = claim(x, "Redland", "Redland")
    shown = brief([a, b]).event.justification
    assert shown.value.startswith("Redland's army said the strike") and len(shown.claims) == 2


def test_the_reason_an_article_found_for_the_struck_side_taken_as_the_attacker_is_not_shown():
    a, b = giving_their_reasons("Orm said it was working with its allies to fight terrorism after the attack.",
                                "The Sol Harbor Brigades said the attack on Orm was retaliation for raids.",
                                rule=ATTACKER_GIVES)
    for x in (a, b):
        x.event.location.country = claim(x, "Orm", "Orm")
    a.event.perpetrator = claim(a, "Orm", "Orm")  # the model took the country struck for the attacker
    b.event.perpetrator = claim(b, "Sol Harbor Brigades", "Sol Harbor Brigades")
    shown = brief([a, b]).event.justification
    assert shown.value.startswith("The Sol Harbor Brigades said") and len(shown.claims) == 2
    assert brief([a]).event.justification.value.startswith("Orm said")  # nothing else: listed and shown


def test_an_armed_side_among_the_unconfirmed_targets_is_the_target_group_when_none_is_named():
    texts = {"a": "Mar. 12, 2031\nDrones hit Post 7, killing three Redland army members.\n",
             "b": "Mar. 12, 2031\nThe attack on Post 7 killed three soldiers.\n",
             "c": "Mar. 12, 2031\nPost 7 was hit by drones.\n"}
    a, b, c = (ArticleExtraction(article=make_article(t, f"{n}.txt")) for n, t in texts.items())
    for x in (a, b, c):
        x.event.targets = [claim(x, "Post 7", "Post 7")]
    a.event.targets.append(claim(a, "Redland army members", "three Redland army members"))
    b.actors = [Actor(name="Redland army", kind=ActorKind.MILITARY, evidence=claim(a, "Redland army", "Redland army").evidence)]
    shown = brief([a, b, c])
    assert [t.name for t in shown.event.targets] == ["Post 7"]  # the soldiers: one article's, unconfirmed
    assert shown.event.target_group.value == "Redland army"
    b.actors = []  # nothing says what the soldiers' side is: no group
    assert brief([a, b, c]).event.target_group.value is None
