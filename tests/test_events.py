"""A mixed pile split into strike events (summarizer/events.py, `summarizer events`): made-up strikes,
towns and people; real country names only where a country's name in another language is the point."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from fake_server import FakeServer
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import killed, oracle
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.events import split_events
from summarizer.ground import ground_quote
from summarizer.ingest import make_article
from summarizer.schemas import ArticleExtraction, Claim, DateBasis, DateClaim

# Two reports of each strike, in their own words (copies of one story would count once).
ORM = ("A Redland drone struck the Hollin bridge depot in Orm, killing Captain Edo Vask, the Orm garrison "
       "said. The Greyfield Brigade, which Vask led, vowed to answer. Residents of the Hollin quarter fled.")
ORM_TOO = ("Captain Edo Vask of the Greyfield Brigade died when a drone hit a depot by the Hollin bridge, "
           "according to officials in Orm. Redland did not comment.")
VELL = ("A Redland missile hit the Tavi Oss market in Port Vell, the Blue Coast Front said. The Front's "
        "spokesman Luko Brenn called it a massacre. Port Vell's mayor Ines Korrow asked for aid.")
VELL_TOO = ("Mayor Ines Korrow said the Tavi Oss market burned for hours after the missile struck. Luko Brenn of "
            "the Blue Coast Front blamed Redland for the attack on Port Vell.")


def article(name: str, text: str, *, day: date | None = None, basis: DateBasis = DateBasis.EXPLICIT,
            published: date | None = None, country: str | None = None, city: str | None = None) -> ArticleExtraction:
    """An article's extraction as the model would give it: its text, and the day and place it states."""
    x = ArticleExtraction(article=make_article(f"Report\n\n{text}\n", f"{name}.txt", published=published))
    quote = text.split(". ")[0]
    evidence = ground_quote(x.article.id, x.article.text, quote)
    if day is not None:
        x.event.date = DateClaim(value=day, evidence=evidence, as_written=str(day), basis=basis)
    if country is not None:
        x.event.location.country = Claim[str](value=country, evidence=evidence)
    if city is not None:
        x.event.location.city = Claim[str](value=city, evidence=evidence)
    return x


def groups(pile: list[ArticleExtraction]) -> list[list[str]]:
    return sorted(sorted(x.article.source.removesuffix(".txt") for x in e.articles) for e in split_events(pile))


def test_two_strikes_on_one_day_in_two_towns_are_two_events():
    day = date(2031, 3, 11)
    pile = [article("orm1", ORM, day=day, city="Orm"), article("vell1", VELL, day=day, city="Port Vell"),
            article("orm2", ORM_TOO, day=day, city="Orm"),
            article("vell2", VELL_TOO, day=day, city="Port Vell")]
    assert groups(pile) == [["orm1", "orm2"], ["vell1", "vell2"]]


def test_one_strike_reported_over_three_days_is_one_event():
    day = date(2031, 3, 11)
    pile = [article("first", ORM, day=day, basis=DateBasis.RELATIVE, published=day),
            article("next", ORM_TOO, day=day, basis=DateBasis.RELATIVE, published=date(2031, 3, 12)),
            article("last", "Two days on, the toll stood. " + ORM, published=date(2031, 3, 13)),
            article("other", VELL, day=date(2031, 3, 12)), article("other2", VELL_TOO, day=date(2031, 3, 12))]
    assert groups(pile) == [["first", "last", "next"], ["other", "other2"]]


def test_one_town_struck_months_apart_is_two_events():
    """Two strikes on one town share most names: the days the articles report keep them apart."""
    spring, autumn = date(2031, 3, 11), date(2031, 9, 2)
    again = ("A Redland drone struck the Hollin bridge depot in Orm again, killing Major Sela Drun, the Orm garrison "
             "said. The Greyfield Brigade named Drun's successor.")
    again_too = "Major Sela Drun of the Greyfield Brigade was killed at the Hollin bridge depot, officials in Orm said."
    pile = [article("march1", ORM, day=spring, city="Orm"), article("march2", ORM_TOO, day=spring, city="Orm"),
            article("sept1", again, day=autumn, city="Orm"), article("sept2", again_too, day=autumn, city="Orm")]
    assert groups(pile) == [["march1", "march2"], ["sept1", "sept2"]]


def test_a_day_long_before_the_article_s_own_date_does_not_part_it_from_its_strike():
    """News of a strike comes within days: a day the model read months before the page's date is another
    event's (a strike the article recalls), not a reason to split the article from its strike."""
    day = date(2031, 3, 11)
    pile = [article("orm1", ORM, day=day), article("orm2", ORM_TOO, day=day),
            article("recalls", "Witnesses said " + ORM, day=date(2030, 11, 2), published=date(2031, 3, 12))]
    assert groups(pile) == [["orm1", "orm2", "recalls"]]


def test_a_story_reposted_three_times_and_a_report_in_other_words_are_one_event():
    """Reposts of a wire story count as one story (its own words are not names it shares with others), and
    a strike the same day sharing only the attacker's name is another event."""
    day = date(2031, 3, 11)
    wire = ORM + " Officials in Kelmar Vale and Dunhollow said Sister Ama Quill tended the wounded at Saint Brine."
    pile = [article("wire", wire, day=day), article("repost1", "Update: " + wire, day=day),
            article("repost2", "Latest: " + wire, day=day), article("own", ORM_TOO, day=day),
            article("vell1", VELL, day=day), article("vell2", VELL_TOO, day=day)]
    assert groups(pile) == [["own", "repost1", "repost2", "wire"], ["vell1", "vell2"]]


def test_an_article_sharing_no_name_joins_the_one_event_in_its_country():
    """A text in a script without capitals shares no name with the others: the country it names, written
    in its own language, places it."""
    day = date(2031, 3, 11)
    pile = [article("orm1", ORM, day=day, country="Iceland"), article("orm2", ORM_TOO, day=day, country="Iceland"),
            article("vell1", VELL, day=day, country="Portugal"), article("vell2", VELL_TOO, day=day, country="Portugal"),
            article("uncased", "ქალაქში დრონმა დაარტყა.", country="Islande")]
    assert groups(pile) == [["orm1", "orm2", "uncased"], ["vell1", "vell2"]]


def test_each_article_says_why_it_is_in_its_event():
    day = date(2031, 3, 11)
    events = split_events([article("orm1", ORM, day=day, city="Orm"), article("orm2", ORM_TOO, day=day, city="Orm")])
    why = events[0].why
    assert len(events) == 1 and len(why) == 2
    assert all("like orm" in reason and "vask" in reason and "day 2031-03-11" in reason for reason in why.values())


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(6)))
def test_the_order_of_the_pile_does_not_change_the_events(order):
    day = date(2031, 3, 11)
    pile = [article("orm1", ORM, day=day, city="Orm"), article("orm2", ORM_TOO, day=day, city="Orm"),
            article("orm3", "Later: " + ORM, published=date(2031, 3, 12)),
            article("vell1", VELL, day=day, city="Port Vell"), article("vell2", VELL_TOO, day=day),
            article("vell3", VELL_TOO, published=date(2031, 3, 13))]
    assert groups([pile[i] for i in order]) == [["orm1", "orm2", "orm3"], ["vell1", "vell2", "vell3"]]


def test_the_events_command_writes_a_briefing_per_event_a_csv_and_an_index(tmp_path):
    pile = tmp_path / "pile"
    pile.mkdir()
    texts = {"orm1.txt": ORM + " Four people were killed.", "orm2.txt": ORM_TOO,
             "vell1.txt": VELL + " Nine people were killed.", "vell2.txt": VELL_TOO}
    for name, text in texts.items():
        (pile / name).write_text(f"Mar. 12, 2031\n\n{text}\n", encoding="utf-8")
    where = {"Orm": {"city_or_town": "Orm", "country": None, "place_within_city": None, "quote": ORM.split(". ")[0]},
             "Port Vell": {"city_or_town": "Port Vell", "country": None, "place_within_city": None,
                           "quote": VELL.split(". ")[0]}}
    truth = {"Four people": {"CasualtiesAnswer": killed("Four people were killed.", 4), "WhereAnswer": where["Orm"]},
             "Nine people": {"CasualtiesAnswer": killed("Nine people were killed.", 9), "WhereAnswer": where["Port Vell"]},
             "Officials said": {"WhereAnswer": where["Orm"]}, "Witnesses said": {"WhereAnswer": where["Port Vell"]}}
    out = tmp_path / "events"
    with FakeServer() as server:
        server.rule = oracle(truth)
        result = CliRunner().invoke(app, ["events", str(pile), "-o", str(out), "-m", "m", "--base-url", server.url,
                                          "--no-summary", "--no-cache"])
    assert result.exit_code == 0, result.output
    index = json.loads((out / "events.json").read_text())
    by_place = {e["city"]: e for e in index["events"]}
    assert set(by_place) == {"Orm", "Port Vell"}
    assert {a["source"].rsplit("/", 1)[-1] for a in by_place["Orm"]["articles"]} == {"orm1.txt", "orm2.txt"}
    assert all(a["why"] for e in index["events"] for a in e["articles"])
    assert by_place["Orm"]["killed"] == 4 and by_place["Port Vell"]["killed"] == 9
    rows = list(csv.DictReader(io.StringIO((out / "events.csv").read_text())))
    assert sorted((r["location"], r["fatalities"]) for r in rows) == [("Orm", "4"), ("Port Vell", "9")]
    briefing = json.loads((out / by_place["Port Vell"]["file"]).read_text())
    assert briefing["event"]["killed"]["value"] == 9 and len(briefing["articles"]) == 2


def test_the_events_command_refuses_a_file_for_its_folder(tmp_path):
    (tmp_path / "a.txt").write_text(ORM, encoding="utf-8")
    taken = tmp_path / "taken"
    taken.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(app, ["events", str(tmp_path / "a.txt"), "-o", str(taken), "-m", "fake"])
    assert result.exit_code == 2 and "is a file" in result.output
    assert taken.read_text() == "keep me"
