"""The ACLED-style CSV: ACLED's columns in ACLED's order, coded by its codebook, on made-up strikes
(real country and town names only where the gazetteer is what is tested)."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

from test_merge import brief, claim, extractions, with_toll

import summarizer
from summarizer.ingest import make_article
from summarizer.schemas import (
    Actor,
    ActorKind,
    ArticleExtraction,
    Briefing,
    SummarySentence,
    Usage,
)
from tests.briefings import made_up_briefing

ACLED_COLUMNS = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                 "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                 "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
                 "tags,timestamp")


def row(briefing: Briefing) -> dict[str, str]:
    (found,) = csv.DictReader(io.StringIO(summarizer.acled_csv(briefing)))
    return found


def strike(text: str, country: str | None = None, city: str | None = None, perpetrator: str | None = None,
           group: str | None = None, actors: tuple[tuple[str, ActorKind], ...] = ()) -> Briefing:
    """A briefing of one made-up article whose claims quote the values as the text writes them."""
    x = ArticleExtraction(article=make_article(text, "a.txt"), usage=Usage(calls=8))
    if country:
        x.event.location.country = claim(x, country, country)
    if city:
        x.event.location.city = claim(x, city, city)
    if perpetrator:
        x.event.perpetrator = claim(x, perpetrator, perpetrator)
    if group:
        x.event.target_group = claim(x, group, group)
    x.actors = [Actor(name=name, kind=kind, evidence=claim(x, name, name).evidence) for name, kind in actors]
    return brief([x])


def test_the_header_is_acleds_columns_in_acleds_order():
    briefing, _ = made_up_briefing()
    assert summarizer.acled_csv(briefing).splitlines()[0] == ACLED_COLUMNS
    assert row(briefing)["disorder_type"] == "Political violence"


def test_fatalities_are_the_lowest_total_a_source_gives_and_the_notes_say_others_give_more():
    xs = [with_toll("a", "A drone killed three people in Karsk, the mayor said.", 3, "killed three people"),
          with_toll("b", "The strike on Karsk killed five people, medics said.", 5, "killed five people"),
          with_toll("c", "Five people were killed in Karsk, officials said.", 5, "Five people were killed")]
    briefing = brief(xs)
    assert briefing.event.killed.value == 5  # the briefing shows the total most articles give
    cells = row(briefing)
    assert cells["fatalities"] == "3"  # ACLED codes the most conservative
    assert "Sources disagree on killed: 3 (1 article) / 5 (2 articles)" in cells["notes"]
    assert "fatalities coded as 3" in cells["notes"]
    quiet = row(strike("A drone struck a depot in Karsk.", city="Karsk"))
    assert quiet["fatalities"] == "0" and "No article gives a death toll" in quiet["notes"]


def test_a_state_striking_civilians_at_home_is_state_forces_against_civilians():
    text = "Aircraft of the Redlandic Air Force struck civilians in Port Vell, Redland, officials of Redland said."
    actors = (("Redlandic Air Force", ActorKind.MILITARY), ("Redland", ActorKind.STATE))
    home = row(strike(text, country="Redland", city="Port Vell", perpetrator="Redlandic Air Force", group="civilians",
                      actors=actors))
    assert (home["inter1"], home["inter2"], home["interaction"]) == ("1", "7", "17")
    assert home["civilian_targeting"] == "Civilian targeting"
    abroad = row(strike(text.replace("Port Vell, Redland", "Tarn, Orlania"), country="Orlania", city="Tarn",
                        perpetrator="Redlandic Air Force", group="civilians", actors=actors))
    assert (abroad["inter1"], abroad["interaction"]) == ("8", "78")  # state forces outside their country
    named = row(strike("Peru struck civilians in Lima.", country="Peru", city="Lima", perpetrator="Peru",
                       group="civilians"))
    assert named["interaction"] == "17"  # a perpetrator that is a country's name is that state


def test_actor_types_the_briefing_cannot_tell_stay_empty():
    group = row(strike("The Amber Front shelled the Tarn Brigade in Tarn.", city="Tarn", perpetrator="Amber Front",
                       group="Tarn Brigade", actors=(("Amber Front", ActorKind.ARMED_GROUP),
                                                     ("Tarn Brigade", ActorKind.MILITIA))))
    assert (group["inter1"], group["inter2"], group["interaction"], group["civilian_targeting"]) == ("", "", "", "")


def test_a_town_of_the_gazetteer_is_placed_with_its_province_and_coordinates():
    peru = row(strike("A drone struck Lima, Peru, on Monday.", country="Peru", city="Lima"))
    assert (peru["iso"], peru["region"], peru["country"]) == ("604", "South America", "Peru")
    assert peru["geo_precision"] == "1"
    assert "Lima" in peru["admin1"] and peru["location"] == "Lima"
    assert abs(float(peru["latitude"]) + 12.04) < 0.05 and abs(float(peru["longitude"]) + 77.03) < 0.05
    assert re.fullmatch(r"PER\d+", peru["event_id_cnty"])
    # a name several towns share is the one in the event's country, the most populous of them there
    ohio = row(strike("A drone struck Lima, United States, on Monday.", country="United States", city="Lima"))
    assert (ohio["admin1"], ohio["region"], ohio["iso"]) == ("Ohio", "North America", "840")
    assert abs(float(ohio["longitude"]) + 84.1) < 0.05 and "named Lima in United States" in ohio["notes"]
    anywhere = row(strike("A drone struck Lima on Monday.", city="Lima"))
    assert anywhere["country"] == "Peru" and anywhere["admin1"] == peru["admin1"]


def test_a_place_the_gazetteer_lacks_falls_back_to_its_province_or_country_without_coordinates():
    village = row(strike("A drone struck Zorvyanka, Ukraine.", country="Ukraine", city="Zorvyanka"))
    assert (village["location"], village["admin1"], village["iso"], village["region"]) == ("Zorvyanka", "", "804",
                                                                                             "Europe")
    assert (village["geo_precision"], village["latitude"], village["longitude"]) == ("3", "", "")
    assert "does not place Zorvyanka" in village["notes"]
    province = row(strike("Shells hit the Kharkiv region of Ukraine.", country="Ukraine", city="Kharkiv region"))
    assert (province["admin1"], province["geo_precision"], province["latitude"]) == ("Kharkivska oblast", "3", "")
    near = row(strike("A drone struck northern Lima, Peru.", country="Peru", city="northern Lima"))
    assert (near["location"], near["geo_precision"]) == ("Lima", "2") and near["latitude"] == row(
        strike("A drone struck Lima, Peru.", country="Peru", city="Lima"))["latitude"]


def test_notes_are_readable_and_hold_no_internal_id():
    briefing = brief(extractions())
    notes = row(briefing)["notes"]
    assert "Sources disagree on the rank of Mira Hale: Major General (1 article) / Brigadier General" in notes
    words = set(re.findall(r"\w+", notes))
    assert not words & {a.id for a in briefing.actors} and not words & {a.id for a in briefing.articles}


def test_no_cell_starts_a_formula_whatever_column_it_is():
    text = "=HYPERLINK drone hit +Orm; @SUM unit was the target, -1 said."
    briefing = strike(text, city="+Orm", perpetrator="=HYPERLINK", group="@SUM unit")
    briefing.summary = [SummarySentence(text="-1 said so.", facts=["perpetrator"])]
    cells = row(briefing)
    assert (cells["actor1"], cells["actor2"], cells["location"]) == ("'=HYPERLINK", "'@SUM unit", "'+Orm")
    assert cells["notes"].startswith("'-1 said so.")
    assert all(not c.startswith(("=", "+", "-", "@")) or re.fullmatch(r"-?\d+(\.\d+)?", c) for c in cells.values())


def test_the_row_is_stamped_with_the_briefings_run_and_keeps_its_id():
    briefing = strike("A drone struck Lima, Peru.", country="Peru", city="Lima")
    cells = row(briefing)
    assert cells["timestamp"] == str(int(datetime(2031, 3, 12, tzinfo=UTC).timestamp()))
    again = row(strike("A drone struck Lima, Peru.", country="Peru", city="Lima"))
    other = row(strike("A missile struck Lima, Peru.", country="Peru", city="Lima"))
    assert again["event_id_cnty"] == cells["event_id_cnty"] != other["event_id_cnty"]


def test_a_country_written_in_another_language_is_coded():
    fr = row(strike("Un drone a frappé le dépôt en Islande.", country="Islande"))
    assert (fr["iso"], fr["event_id_cnty"][:3]) == ("352", "ISL")
