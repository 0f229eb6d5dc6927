"""Casualty figures: totals told from partial counts, the toll across articles, who gave each figure.

Made-up articles of a made-up strike; the fake model answers as small models do (a named victim
read as the toll, a children-only count marked as everyone).
"""

from __future__ import annotations

from summarizer import answers as A
from summarizer import pipeline
from summarizer.counts import is_total, ordinal_victims, written_numbers
from summarizer.llm import StructuredLLM


def figure(quote: str, number: int, of: str = "killed", by: str | None = None, everyone: bool = True) -> dict:
    return {"quote": quote, "number": number, "of": of, "counted_by": by, "all_victims": everyone}


def brief(fake, tmp_path, texts: dict[str, str], answers: list[dict]):
    paths = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    fake.enqueue(A.CasualtiesAnswer, *answers)
    return pipeline.brief_sources(paths, StructuredLLM(fake), summary=False)


def test_numbers_are_read_in_digits_and_words():
    found = [v for v, _, _ in written_numbers("twenty-nine people, 1,200 homes and two hundred and five cars")]
    assert found == [29, 1200, 205]
    assert [v for v, _, _ in written_numbers("six morts et 91 blessés")] == [6, 91]


def test_a_figure_is_a_total_only_when_it_writes_a_count_of_all_the_victims():
    assert is_total(43, "The health ministry said 43 people were killed.")
    assert is_total(51, "It said 51 people died, 40 of them children.")
    assert not is_total(40, "It said 51 people died, 40 of them children.")
    assert not is_total(29, "At least 29 children were among the dead, the Red Cross said.")
    assert not is_total(1, "A senior commander was among the dead.")  # a person, not a number


def test_a_named_victim_is_a_floor_not_the_toll(fake, tmp_path):
    texts = {
        "a": "Mar. 12, 2031\nThe drone strike on the Orm depot killed a senior commander, Tavi Oss, the Front said.\n",
        "b": "Mar. 12, 2031\nHealth officials in Port Vell said three people were killed and five wounded.\n",
        "c": "Mar. 12, 2031\nThe Redland army said nobody was killed in the strike on the depot.\n",
    }
    answers = [
        {"killed_people": ["Tavi Oss"], "figures": [figure("killed a senior commander, Tavi Oss", 1)]},
        {"killed_people": [], "figures": [figure(texts["b"].split("\n")[1], 3, by="Health officials"),
                                          figure(texts["b"].split("\n")[1], 5, "injured", by="Health officials")]},
        {"killed_people": [], "figures": [figure("nobody was killed in the strike", 0, by="The Redland army")]},
    ]
    b = brief(fake, tmp_path, texts, answers)
    assert b.event.killed.value == 3  # not 1 (a named victim) and not 0 (a denial a named death contradicts)
    assert b.event.injured.value == 5
    conflict = next(c for c in b.conflicts if c.field == "event.killed")
    assert {v.value: v.said_by for v in conflict.values} == {0: ["The Redland army"], 3: ["Health officials"]}
    assert {(c.value, c.scope.value, c.said_by) for c in b.event.counts if c.of == "killed"} == {
        (1, "at_least", None), (3, "total", "Health officials"), (0, "total", "The Redland army")}


def test_a_count_of_children_does_not_undercut_the_toll(fake, tmp_path):
    texts = {
        "a": "Aug. 2, 2031\nThe ministry said 43 people were killed when the bomb hit the market bus.\n",
        "b": "Aug. 2, 2031\nAt least 29 children were killed, a Red Cross official said.\n",
    }
    answers = [
        {"killed_people": [], "figures": [figure("43 people were killed", 43, by="The ministry")]},
        {"killed_people": [], "figures": [figure("At least 29 children were killed", 29)]},  # marked as everyone
    ]
    b = brief(fake, tmp_path, texts, answers)
    assert b.event.killed.value == 43
    assert not any(c.field == "event.killed" for c in b.conflicts)  # a part is no rival total


def test_figures_in_another_language_are_kept(fake, tmp_path):
    texts = {"a": "BEYROUTH, 3 mars 2031 — Le ministère de la Santé a fait état de six morts et 91 blessés.\n"}
    quote = "Le ministère de la Santé a fait état de six morts et 91 blessés."
    answers = [{"killed_people": [], "figures": [figure(quote, 6, by="Le ministère de la Santé"),
                                                 figure(quote, 91, "injured", by="Le ministère de la Santé")]}]
    b = brief(fake, tmp_path, texts, answers)
    assert (b.event.killed.value, b.event.injured.value) == (6, 91)


def test_a_figure_whose_quote_speaks_of_no_casualties_is_rejected(fake, tmp_path):
    texts = {"a": "Mar. 12, 2031\nThe convoy of 40 trucks was hit near the border crossing.\n"}
    answers = [{"killed_people": [], "figures": [figure("The convoy of 40 trucks was hit", 40)]}]
    b = brief(fake, tmp_path, texts, answers)
    assert b.event.killed.value is None


def test_a_toll_that_rose_is_shown_at_the_figure_most_articles_give(fake, tmp_path):
    first = "In a first count, the ministry said two people had been killed and 76 wounded."
    later = "The ministry said on Saturday that six people were killed and 91 wounded."
    texts = {"a": f"Mar. 12, 2031\n{first}\n", "b": f"Mar. 13, 2031\n{later}\n", "c": f"Mar. 13, 2031\n{later}\n"
             .replace("Saturday", "Sunday")}
    def both(quote, killed, injured):
        return {"killed_people": [], "figures": [figure(quote, killed, by="the ministry"),
                                                 figure(quote, injured, "injured", by="the ministry")]}
    b = brief(fake, tmp_path, texts, [both(first, 2, 76), both(later, 6, 91),
                                      both(later.replace("Saturday", "Sunday"), 6, 91)])
    assert (b.event.killed.value, b.event.injured.value) == (6, 91)
    assert {v.value for c in b.conflicts if c.field == "event.killed" for v in c.values} == {2, 6}


def test_a_figure_must_be_the_quote_s_own_count_of_its_kind(fake, tmp_path):
    texts = {"a": "Mar. 12, 2031\nLe ministère a fait état de six morts et 91 blessés. Le bilan reste inconnu.\n"}
    answers = [{"killed_people": [], "figures": [
        figure("six morts et 91 blessés", 6, "injured"),  # six counts the dead
        figure("Le bilan reste inconnu.", 0),  # an unknown toll is not zero
        figure("six morts et 91 blessés", 91, "injured")]}]
    b = brief(fake, tmp_path, texts, answers)
    assert (b.event.killed.value, b.event.injured.value) == (6, 91)  # the sentence read right, whatever the label


def test_the_figures_are_read_from_the_whole_sentence_the_model_points_at(fake, tmp_path):
    sentence = "A week earlier, strikes on the port killed 55 civilians and wounded 170, the ministry said."
    texts = {"a": f"Mar. 12, 2031\n{sentence}\n"}
    answers = [{"killed_people": [], "figures": [figure("55 civilians and wounded", 55, "injured")]}]
    b = brief(fake, tmp_path, texts, answers)
    assert (b.event.killed.value, b.event.injured.value) == (55, 170)
    assert {c.evidence.quote for c in b.event.counts} == {sentence}


def test_a_part_of_a_wider_toll_does_not_raise_this_strike_s(fake, tmp_path):
    here = "The minister said two people had been killed at the clinic and 32 had been treated for injuries."
    wider = "Thirty-two of the dead were in the capital, which observed a day of mourning."
    texts = {"a": f"Mar. 12, 2031\n{here} {wider}\n"}
    answers = [{"killed_people": [], "figures": [figure(here, 34), figure(wider, 32, everyone=False)]}]  # 34: a sum
    b = brief(fake, tmp_path, texts, answers)
    assert (b.event.killed.value, b.event.injured.value) == (2, 32)
    assert {(c.of.value, c.value, c.scope.value) for c in b.event.counts} == {
        ("killed", 2, "total"), ("injured", 32, "total"), ("killed", 32, "part")}


def test_ages_weapons_days_and_ranges_are_not_tolls():
    from summarizer.counts import casualty_numbers

    def read(s):
        return [(v, k.value) for v, k in casualty_numbers(s)]

    assert read("Two drones killed 5 people.") == [(5, "killed")]
    assert read("A 12-year-old boy was killed.") == []
    assert read("The raid hit 2 hospitals and killed 5.") == [(5, "killed")]
    assert read("The attack on Sept. 11 killed nearly 3,000 people.") == [(3000, "killed")]
    assert read("Officials declared 12 people dead.") == [(12, "killed")]
    assert 22 not in [v for v, _ in read("Between ten and twelve people were killed.")]


def test_an_ordinal_victim_implies_the_count_it_names(fake, tmp_path):
    texts = {"a": "Mar. 12, 2031\nThe strike killed Tavi Oss, a commander of the Front.\n\n"
                  "\"He planned attacks on our sailors,\" Hale said, adding that a second fighter was also "
                  "killed in the strike.\n"}
    answers = [{"killed_people": ["Tavi Oss"], "figures": [figure("a second fighter was also killed", 1)]}]
    assert brief(fake, tmp_path, texts, answers).event.killed.value == 2
    assert ordinal_victims("A third person died in hospital on Friday.") == 3
    assert ordinal_victims("Un deuxième combattant a été tué.") == 2
    for not_a_victim in ("He was killed in a second strike.", "killed for the second time this year",
                         "killed in a third drone attack", "the second-largest city"):
        assert ordinal_victims(not_a_victim) == 0, not_a_victim


def test_a_toll_the_model_adds_up_from_a_list_of_counts_is_the_total(fake, tmp_path):
    sentence = "The strike on the depot killed four Redlandic guards and three Orlanian drivers, officials said."
    texts = {"a": f"Mar. 12, 2031\n{sentence}\n"}
    b = brief(fake, tmp_path, texts, [{"killed_people": [], "figures": [figure(sentence, 7)]}])
    assert b.event.killed.value == 7
    assert {(c.value, c.scope.value) for c in b.event.counts} == {(7, "total"), (4, "part"), (3, "part")}


def test_a_figure_quoted_from_the_wrong_sentence_is_found_where_the_article_writes_it(fake, tmp_path):
    text = ("Mar. 12, 2031\nThree drones hit the depot outside Port Vell on Tuesday night.\n"
            "At least nine people were killed, the port authority said.\n")
    answers = [{"killed_people": [], "figures": [figure("Three drones hit the depot outside Port Vell", 9)]}]
    b = brief(fake, tmp_path, {"a": text}, answers)
    assert b.event.killed.value == 9
    assert b.event.counts[0].evidence.quote == "At least nine people were killed, the port authority said."


def test_each_number_is_read_with_its_own_word_of_killing_or_injury():
    from summarizer.counts import casualty_numbers

    def read(sentence):
        return [(v, k.value) for v, k in casualty_numbers(sentence)]

    assert read("The strike killed at least five people and injured 14 others on Tuesday.") == \
        [(5, "killed"), (14, "injured")]
    assert read("Seven people were killed and 11 injured.") == [(7, "killed"), (11, "injured")]
    assert read("It left a total of four Orlanians and three Redlanders dead.") == [(4, "killed"), (3, "killed")]
    assert read("The strikes killed two women and seven children and wounded a child.") == [(2, "killed"), (7, "killed")]
    assert read("It killed 12 people and 3 cars were burnt.") == [(12, "killed")]
    assert read("Dos muertos y tres heridos.") == [(2, "killed"), (3, "injured")]
    assert read("The clinic counted 18 dead by noon and 58 people were hurt, among them 9 pupils.") == \
        [(18, "killed"), (58, "injured"), (9, "injured")]
    assert read("Twenty-two were pulled out alive, 31 killed, 64 injured \u2013 11 of them pupils.") == \
        [(31, "killed"), (64, "injured"), (11, "injured")]


def test_one_report_s_totals_that_add_up_to_another_s_total_are_its_parts(fake, tmp_path):
    texts = {"a": "Mar. 12, 2031\nOfficials said the strikes killed eight people across the border districts.\n",
             "b": "Mar. 12, 2031\nSix people were killed in Orm, the spokesman said. Two others were killed in Karsk.\n"}
    answers = [{"killed_people": [], "figures": [figure("the strikes killed eight people", 8)]},
               {"killed_people": [], "figures": [figure("Six people were killed in Orm", 6),
                                                 figure("Two others were killed in Karsk.", 2)]}]
    assert brief(fake, tmp_path, texts, answers).event.killed.value == 8  # not the lowest of 8 and 6


def test_a_toll_a_later_report_of_the_same_source_raises_is_an_update_not_a_disagreement(fake, tmp_path):
    texts = {"a": "Mar. 12, 2031\nThe health ministry said two people had been killed in the strike on the depot.\n",
             "b": "Mar. 13, 2031\nThe health ministry said on Thursday that six people had been killed in the strike.\n"}
    answers = [{"killed_people": [], "figures": [figure("two people had been killed", 2, by="the health ministry")]},
               {"killed_people": [], "figures": [figure("six people had been killed", 6, by="the health ministry")]}]
    b = brief(fake, tmp_path, texts, answers)
    assert b.event.killed.value == 6 and b.event.killed.status.value != "contested"
    rose = next(c for c in b.conflicts if c.field == "event.killed")
    assert [v.value for v in rose.values] == [2, 6] and rose.resolution.startswith("the toll rose")
    # another source's lower figure a day later is a disagreement, not an update
    answers[1]["figures"][0]["counted_by"] = "the army"
    assert brief(fake, tmp_path, texts, answers).event.killed.status.value == "contested"


def test_a_number_in_a_name_is_never_a_figure_even_when_the_model_s_own_number_is_off(fake, tmp_path):
    sentence = "The strike on Building 7 killed 40 people and wounded 12, officials said."
    b = brief(fake, tmp_path, {"a": f"Mar. 12, 2031\n{sentence}\n"},
              [{"killed_people": [], "figures": [figure(sentence, 41)]}])  # a slip: the sentence's own figures stand
    assert {(c.of.value, c.value) for c in b.event.counts} == {("killed", 40), ("injured", 12)}
    assert b.event.killed.value == 40 and not b.conflicts
    far = "Forty people sheltering in Building 7 were killed, officials said."  # the word of killing is nearer the 7
    b = brief(fake, tmp_path, {"b": f"Mar. 12, 2031\n{far}\n"}, [{"killed_people": [], "figures": [figure(far, 40)]}])
    assert 7 not in {c.value for c in b.event.counts} and b.event.killed.value == 40


def test_a_mislabelled_figure_does_not_hide_the_other_kind_its_sentence_gives(fake, tmp_path):
    sentence = "Le ministère a fait état de six morts et 91 blessés, contre un premier bilan de deux morts."
    answers = [{"killed_people": [], "figures": [figure(sentence, 6, "injured"), figure(sentence, 6, "injured")]}]
    b = brief(fake, tmp_path, {"a": f"Mar. 12, 2031\n{sentence}\n"}, answers)
    assert (b.event.killed.value, b.event.injured.value) == (6, 91)  # the label said injured; the sentence, dead


def test_an_aside_between_a_figure_and_its_word_does_not_change_what_it_counts(fake, tmp_path):
    sentence = ("At least 61 people, most of them dock workers on the night shift, were wounded at the depot, "
                "the port authority said, adding that the toll could rise.")
    b = brief(fake, tmp_path, {"a": f"Mar. 12, 2031\nA drone struck a depot in Orm on Tuesday.\n{sentence}\n"},
              [{"killed_people": [], "figures": [figure("the port authority said, adding that the toll could rise", 61)]}])
    assert (b.event.killed.value, b.event.injured.value) == (None, 61)  # the label said killed; the sentence, injured


def test_a_number_the_sentence_writes_as_an_age_or_a_year_is_no_floor(fake, tmp_path):
    text = "Mar. 12, 2031\nA 61-year-old guard was killed when a drone struck the depot in Orm in 2031.\n"
    b = brief(fake, tmp_path, {"a": text}, [{"killed_people": [], "figures": [
        figure("A 61-year-old guard was killed", 61), figure("struck the depot in Orm in 2031", 2031)]}])
    assert b.event.killed.value is None or b.event.killed.value < 61


def test_a_toll_of_an_attack_of_another_year_is_not_this_strike_s(fake, tmp_path):
    lede = "A drone struck a depot in Orm on Tuesday, killing four people, officials said."
    past = ["Last year, a strike on the Orm railway station killed 63 people.",
            "Orm was hit before, most notably in an April 2030 strike on its station that killed 63 people."]
    for i, sentence in enumerate(past):
        text = f"Mar. 12, 2031\n{lede} {sentence}\n"
        b = brief(fake, tmp_path, {f"a{i}": text}, [{"killed_people": [], "figures": [
            figure(lede, 4), figure(sentence, 63)]}])
        assert b.event.killed.value == 4 and 63 not in {c.value for c in b.event.counts}, sentence
    # a year that starts a comparison, with the strike's own toll, is this strike's
    since = "The strike on the depot, the deadliest in Orm since 2029, killed 13 people."
    b = brief(fake, tmp_path, {"c": f"Mar. 12, 2031\n{since}\n"}, [{"killed_people": [], "figures": [figure(since, 13)]}])
    assert b.event.killed.value == 13


def test_a_figure_whose_quote_is_the_model_s_own_words_is_read_where_the_article_writes_it(fake, tmp_path):
    lede = "A drone struck a depot in Orm on Tuesday, killing at least 17 people, officials said."
    text = f"Mar. 12, 2031\nDrone kills at least 17 in Orm\n\n{lede} Nine people were wounded, medics said.\n"
    b = brief(fake, tmp_path, {"a": text}, [{"killed_people": [], "figures": [
        figure("the military reported that at least 17 people were killed", 17),  # not the article's words
        figure("officials reported that 25 people were killed", 25),  # written nowhere: rejected
        figure("the ministry said 9 people died", 9)]}])  # 9 is written, as wounded: the sentence says what it counts
    assert (b.event.killed.value, b.event.injured.value) == (17, 9)
    assert {(c.of.value, c.value) for c in b.event.counts} == {("killed", 17), ("injured", 9)}
    assert all(c.evidence.quote in text for c in b.event.counts)


def test_a_report_s_earlier_count_from_the_same_speaker_is_no_rival_value(fake, tmp_path):
    first, later = "The governor first said four people were killed.", "By noon the governor said eight people were killed."
    other = "Officials in Orm said ten people were killed in the strike."
    texts = {"a": f"Mar. 12, 2031\nA drone struck a depot in Orm. {first} {later}\n", "b": f"Mar. 12, 2031\n{other}\n"}
    b = brief(fake, tmp_path, texts, [
        {"killed_people": [], "figures": [figure(first, 4, by="the governor"), figure(later, 8, by="the governor")]},
        {"killed_people": [], "figures": [figure(other, 10, by="Officials in Orm")]}])
    conflict = next(c for c in b.conflicts if c.field == "event.killed")
    assert {v.value for v in conflict.values} == {8, 10}  # four was the governor's earlier count
    assert 4 in {c.value for c in b.event.counts}  # still listed with its quote


def test_when_every_figure_of_a_kind_is_rejected_the_first_sentence_that_counts_that_kind_gives_it(fake, tmp_path):
    past = "Last year, a strike on the Orm station killed 63 people."
    lede = "ORM, Redland (Tarn News) \u2013 A drone hit a cafe in Orm on Tuesday, killing four people and injuring 42."
    quote = "Everything exploded, a waiter told reporters."
    text = f"Mar. 12, 2031\n\nBy Ilse Varn\n\n{lede}\n\n{quote}\n\n{past}\n"
    b = brief(fake, tmp_path, {"a": text}, [{"killed_people": [], "figures": [
        figure(quote, 4), figure(quote, 42, "injured"), figure(past, 63)]}])  # all three rejected
    assert (b.event.killed.value, b.event.injured.value) == (4, 42)
    assert {c.evidence.quote for c in b.event.counts} == {lede}
    # an answer that gave no figure of a kind gets none from the rule
    b = brief(fake, tmp_path, {"b": text}, [{"killed_people": [], "figures": []}])
    assert (b.event.killed.value, b.event.injured.value) == (None, None)


def test_a_day_written_before_its_month_and_a_part_of_one_body_s_staff_are_no_totals(fake, tmp_path):
    lede = "A drone killed 32 people at the Orm depot and dozens were wounded on 06 June, officials said."
    staff = "The port company mourned the deaths of six of its dock workers."
    b = brief(fake, tmp_path, {"a": f"Jun. 7, 2031\n{lede} {staff}\n"}, [{"killed_people": [], "figures": [
        figure(lede, 32), figure(lede, 6, "injured"), figure(staff, 6, by="the port company")]}])
    assert (b.event.killed.value, b.event.injured.value) == (32, None)  # "06 June" is a day; six are some of the dead
    assert {(c.of.value, c.value, c.scope.value) for c in b.event.counts} == {("killed", 32, "total"), ("killed", 6, "part")}
    assert not any(c.field == "event.killed" for c in b.conflicts)
