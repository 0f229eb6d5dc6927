"""The pipeline keeps a right answer right: an oracle server (tests/oracle.py) answers every question
as a careful reader would, and the briefing must say what it said. Made-up strikes and places."""

from __future__ import annotations

import pytest
from fake_server import FakeServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import killed, oracle

import summarizer

HEADER = "Mar. 12, 2031\n"


def brief(server, paths):
    return summarizer.brief([str(p) for p in paths], model="m", base_url=server.url, summary=False)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("sentence, number", [
    ("The strike on Building 7 killed 40 people, officials said.", 40),
    ("A drone hit a minibus on Highway 2 near Orm, killing 11, the ministry said.", 11),
    ("The attack on Bunker 9 killed 30 soldiers, the army said.", 30),
])
def test_a_number_in_a_name_is_not_the_toll(tmp_path, sentence, number):
    path = write(tmp_path, "a.txt", f"{HEADER}{sentence}\n")
    with FakeServer() as server:
        server.rule = oracle({sentence: {"CasualtiesAnswer": killed(sentence, number)}})
        b = brief(server, [path])
    assert b.event.killed.value == number


# Numbers a careful reader never takes for the toll: a place's or vehicle's number, an age, a date,
# a clock time, a count of vehicles or weapons.
_DISTRACTORS = [
    "The missile struck Block {n} of the Orm estate.",
    "A {n}-year-old boy was among those pulled from the rubble.",
    "The convoy of {n} trucks was parked beside the depot.",
    "Witnesses heard the blast at {h} a.m. on March {d}.",
    "The strike on Tower {n} was the heaviest since March {d}.",
    "Officials said {n} drones were launched at the port.",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(toll=st.integers(2, 400), numbers=st.lists(st.integers(1, 99), min_size=3, max_size=3),
       distractors=st.lists(st.sampled_from(_DISTRACTORS), min_size=1, max_size=3, unique=True))
def test_distractor_numbers_never_change_the_toll(tmp_path, toll, numbers, distractors):
    n, h, d = numbers
    sentence = f"The strike on Building {n} killed {toll} people, the health ministry said."
    others = " ".join(x.format(n=n, h=h % 12 + 1, d=d % 28 + 1) for x in distractors)
    path = write(tmp_path, f"a{toll}-{n}.txt", f"{HEADER}{others} {sentence}\n")
    with FakeServer() as server:
        server.rule = oracle({sentence: {"CasualtiesAnswer": killed(sentence, toll, by="the health ministry")}})
        b = brief(server, [path])
    assert b.event.killed.value == toll


# A right toll sentence that holds what this project's rules read as another time, an aside or a day: the
# rules must leave a right answer right.
_TOLL_SENTENCES = [
    "The strike on Tuesday, the deadliest in Orm since {year}, killed {toll} people, the health ministry said.",
    "At least {toll} people, most of them night workers, were killed on {d} March, the health ministry said.",
    "As of {h}:30 a.m. the health ministry said the strike had killed {toll} people.",
    "The strike killed {toll} people \u2013 most of them asleep \u2013 the health ministry said.",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(toll=st.integers(2, 400), year=st.integers(1990, 2030), day=st.integers(1, 28), hour=st.integers(1, 11),
       template=st.sampled_from(_TOLL_SENTENCES))
def test_a_right_toll_stays_right_whatever_its_sentence_also_says(tmp_path, toll, year, day, hour, template):
    sentence = template.format(toll=toll, year=year, d=day, h=hour)
    path = write(tmp_path, f"t{toll}-{year}-{day}-{hour}.txt",
                 f"{HEADER}A drone struck a depot in Orm on Tuesday. {sentence}\n")
    with FakeServer() as server:
        server.rule = oracle({sentence: {"CasualtiesAnswer": killed(sentence, toll, by="the health ministry")}})
        b = brief(server, [path])
    assert b.event.killed.value == toll


STORY = ("{headline}\n\nMar. 12, 2031\n\nA drone struck the fuel depot outside Port Vell before dawn on Tuesday, "
         "setting three tankers on fire. The strike killed {toll} people, the port authority said in a statement "
         "read out on local radio. Firefighters worked through the morning to keep the blaze from spreading to "
         "the grain silos next to the depot, and the coast road stayed closed until the afternoon.\n")
OTHER = ("Mar. 12, 2031\n\nHealth officials in Port Vell said on Tuesday that the drone strike on the harbour's fuel "
         "depot killed 4 people. Residents described a single loud explosion shortly before five in the morning.\n")


def test_a_repost_of_a_wire_story_is_one_source(tmp_path):
    wire = STORY.format(headline="Drone strike on Port Vell depot", toll=40)
    repost = STORY.format(headline="Deadly blaze after drone hits fuel depot in Port Vell", toll=40)
    a, b, c = (write(tmp_path, f"{n}.txt", t) for n, t in (("a", wire), ("b", repost), ("c", OTHER)))
    sentence = "The strike killed 40 people, the port authority said in a statement read out on local radio."
    other = "Health officials in Port Vell said on Tuesday that the drone strike on the harbour's fuel depot killed 4 people."
    truth = {"before dawn": {"CasualtiesAnswer": killed(sentence, 40, by="the port authority")},
             "Residents described": {"CasualtiesAnswer": killed(other, 4, by="Health officials")}}
    with FakeServer() as server:
        server.rule = oracle(truth)
        without = brief(server, [a, c])
        with_repost = brief(server, [a, b, c])
    assert without.event.killed.value == with_repost.event.killed.value == 4
    assert without.event.killed.notes and with_repost.event.killed.notes  # 40 is one source's, far above: flagged
    assert with_repost.event.killed.notes[0].startswith("40 killed is given by one source only")
    copies = {x.source.rsplit("/", 1)[-1]: x.copy_of for x in with_repost.articles}
    ids = {x.source.rsplit("/", 1)[-1]: x.id for x in with_repost.articles}
    assert copies == {"a.txt": None, "b.txt": ids["a.txt"], "c.txt": None}
    from summarizer.md import to_markdown

    markdown = to_markdown(with_repost)
    assert "3 articles, 2 independent sources" in markdown and "— copies [1]" in markdown


def test_the_review_page_says_which_article_copies_which(tmp_path):
    wire = STORY.format(headline="Drone strike on Port Vell depot", toll=40)
    repost = STORY.format(headline="Deadly blaze after drone hits fuel depot in Port Vell", toll=40)
    paths = [write(tmp_path, "a.txt", wire), write(tmp_path, "b.txt", repost)]
    with FakeServer() as server:
        page = summarizer.review_page(brief(server, paths))
    assert "a copy of [1]&#39;s story: one source with it" in page or "a copy of [1]'s story: one source with it" in page


def test_the_review_page_counts_a_fact_s_articles_and_its_independent_sources(tmp_path):
    wire = STORY.format(headline="Drone strike on Port Vell depot", toll=40)
    repost = STORY.format(headline="Deadly blaze after drone hits fuel depot in Port Vell", toll=40)
    paths = [write(tmp_path, "a.txt", wire), write(tmp_path, "b.txt", repost), write(tmp_path, "c.txt", OTHER)]
    sentence = "The strike killed 40 people, the port authority said in a statement read out on local radio."
    where = {"city_or_town": "Port Vell", "country": None, "place_within_city": None, "quote": None}
    with FakeServer() as server:
        server.rule = oracle({marker: {"WhereAnswer": where} for marker in ("before dawn", "Residents described")}
                             | {"before dawn": {"CasualtiesAnswer": killed(sentence, 40), "WhereAnswer": where}})
        page = summarizer.review_page(brief(server, paths))
    city = page.split('data-show="city"', 1)[1].split("</tr>", 1)[0]
    assert "3 articles, 2 sources" in city
