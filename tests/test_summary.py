"""The narrative summary keeps only sentences whose facts, numbers and names are in the briefing."""

from summarizer.llm import StructuredLLM
from summarizer.schemas import Usage
from summarizer.summary import SummaryAnswer, briefing_facts, traceable, write_summary
from tests.test_merge import brief, extractions


def test_sentences_record_the_facts_they_state():
    facts = briefing_facts(brief(extractions()))
    kept = traceable(["On March 11, 2031 a Redland drone strike in Port Vell killed two people."], facts)
    assert len(kept) == 1
    assert {"date", "city", "perpetrator", "weapon", "killed"} <= set(kept[0].facts)


def test_invented_numbers_and_names_are_dropped():
    facts = briefing_facts(brief(extractions()))
    kept = traceable(["The strike in Port Vell killed 40 people.",  # no source gives 40
                      "Varnia condemned the strike in Port Vell.",  # nobody named Varnia
                      "The weather was fine.",  # states no fact
                      "The strike in Port Vell killed seven people.",  # a spelled-out number no source gives
                      "The strike in Port Vell killed two civilians.",  # no source speaks of civilians
                      "Redland carried out the strike. Redland carried out the strike."], facts)
    assert [k.text for k in kept] == ["Redland carried out the strike."]  # once


def test_contested_facts_are_marked_for_the_model():
    facts = briefing_facts(brief(extractions()))
    assert "contested" in facts["killed"][0] and "4" in facts["killed"][0]


def test_summary_is_asked_with_merged_facts_only(fake):
    fake.enqueue(SummaryAnswer, {"sentences": ["Redland struck Port Vell, killing two people."]})
    usage = Usage()
    kept = write_summary(brief(extractions()), StructuredLLM(fake), usage)
    assert [k.text for k in kept] == ["Redland struck Port Vell, killing two people."]
    prompt = fake.requests[0]["messages"][0]["content"]
    assert "killed: 2" in prompt and "witnesses said" not in prompt  # facts, not article text
    assert usage.calls == 1


def test_a_grave_word_needs_a_fact_not_a_justification_s_wording():
    facts = {"killed": ("killed: 2", ["2", "two"]),
             "justification": ("justification: the strike was lawful and no civilians were harmed", [])}
    kept = traceable(["The strike killed two civilians.", "The strike killed two people."], facts)
    assert [k.text for k in kept] == ["The strike killed two people."]
    facts["civilian_harm"] = ("civilian harm: harmed", ["harmed"])
    assert len(traceable(["The strike killed two civilians."], facts)) == 1


def test_what_someone_said_is_kept_only_as_their_statement():
    facts = {"justification": ("justification: self-defense", ["self-defense"]),
             "reaction:a2": ("Blue Coast Front condemned the strike", ["Blue Coast Front"]),
             "reaction:a3": ("Orm Council defended the strike", ["Orm Council"]),
             "perpetrator": ("perpetrator: Redland", ["Redland"])}
    kept = traceable(["The strike was carried out by Redland in self-defense.",
                      "Redland said it acted in self-defense.",
                      "The reaction of the Blue Coast Front was to condemn it.",
                      "The reaction of the Blue Coast Front, who condemned the strike, was to condemn it.",
                      "The Blue Coast Front condemned the strike.",
                      "The Orm Council's stance was a defence of the strike.",
                      "The Orm Council defended the strike."], facts)
    assert [k.text for k in kept] == ["Redland said it acted in self-defense.", "The Blue Coast Front condemned the strike.",
                                      "The Orm Council defended the strike."]


def test_the_model_is_told_who_gave_a_justification_and_each_reaction_as_a_deed_not_a_label():
    from summarizer.ground import ground_quote
    from summarizer.summary import briefing_facts
    from tests.briefings import made_up_briefing, made_up_extractions

    xs = made_up_extractions()
    said = xs[2].event.justification
    briefing, _ = made_up_briefing(xs)
    facts = {fid: words for fid, (words, _) in briefing_facts(briefing).items()}
    assert facts["justification"] == "justification given for the strike: self-defense"  # its quote names no one
    xs[2].event.justification = said.model_copy(update={"evidence": ground_quote(
        xs[2].article.id, xs[2].article.text, "Verdania said it acted in self-defense")})
    facts = {fid: words for fid, (words, _) in briefing_facts(made_up_briefing(xs)[0]).items()}
    assert facts["justification"] == "justification given by Verdania: self-defense"
    reactions = [words for fid, words in facts.items() if fid.startswith("reaction:")]
    assert reactions and all(w.startswith("Amber Front ") and "reaction" not in w for w in reactions)


def test_a_long_stated_justification_restated_is_kept_only_as_its_speaker_s():
    wording = "the strike was taken in self-defense against imminent threats to its personnel"
    facts = {"justification": (f"justification: {wording}", []),  # too long to look for verbatim
             "date": ("date: 2031-03-12", ["2031-03-12", "March 12", "12 March"]),
             "perpetrator": ("perpetrator: Redland States", ["Redland States"])}
    kept = traceable(["On March 12, Redland struck in self-defense against imminent threats.",
                      "Redland said it struck in self-defense against imminent threats.",
                      "Redland struck on March 12.",
                      "The strike was justified as self-defense against imminent threats by the Redland States."], facts)
    assert [k.text for k in kept] == ["Redland said it struck in self-defense against imminent threats.",
                                      "Redland struck on March 12."]
    assert "justification" in kept[0].facts
