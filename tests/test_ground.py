from summarizer.ground import ground_quote, mentions
from summarizer.schemas import MatchStatus

TEXT = ('The U.S. military said on Friday that the strike \u2014 the third this month \u2014 killed '
        'two people.\n\nA spokesman said it was \u201cnecessary  and proportionate\u201d and an act of self- defense.')


def located(quote):
    ev = ground_quote("a1", TEXT, quote)
    if ev.grounded:
        assert TEXT[ev.start:ev.end] == ev.quote  # offsets always point at the article's own words
    return ev


def test_verbatim_quote_is_exact_with_offsets():
    ev = located("killed two people")
    assert ev.match is MatchStatus.EXACT
    assert (ev.start, ev.end) == (TEXT.index("killed two"), TEXT.index("killed two") + len("killed two people"))


def test_quote_marks_dashes_whitespace_and_case_are_normalised():
    ev = located('the strike - the third this month - Killed two people')
    assert ev.match is MatchStatus.NORMALIZED
    assert ev.quote.startswith("the strike \u2014")
    assert located('it was "necessary and proportionate"').match is MatchStatus.NORMALIZED


def test_spaced_initials_and_spaced_hyphens_match():
    assert located("The U. S. military said on Friday").match is MatchStatus.NORMALIZED
    assert located("an act of self-defense").match is MatchStatus.NORMALIZED


def test_near_verbatim_quote_is_fuzzy_when_numbers_agree():
    ev = located("A spokesman said that it was necessary and proportionate")
    assert ev.match is MatchStatus.FUZZY
    assert "necessary" in ev.quote


def test_changed_number_is_not_grounded():
    assert located("the strike - the third this month - killed twelve people 12").match is MatchStatus.NONE
    assert located("the third this month, killed 3 people").match is MatchStatus.NONE


def test_absent_or_empty_quote_is_ungrounded():
    for quote in ("The militia fired rockets at the embassy", "", None, "  \u201c \u201d "):
        ev = located(quote)
        assert ev.match is MatchStatus.NONE and ev.start is None
        assert not ev.grounded


def test_mentions_uses_the_same_normalisation():
    assert mentions(TEXT, "U. S. military")
    assert mentions(TEXT, "NECESSARY and proportionate")
    assert not mentions(TEXT, "Navy")
    assert not mentions(TEXT, "  ")


def test_a_word_written_closed_or_open_is_found():
    text = "Officials said an air strike hit the al-Varn compound at dawn."
    ev = ground_quote("a", text, "airstrike")
    assert ev.grounded and text[ev.start:ev.end] == "air strike"
    ev = ground_quote("a", text, "Al Varn compound")
    assert ev.grounded and text[ev.start:ev.end] == "al-Varn compound"
    assert not ground_quote("a", text, "drone").grounded


def test_a_sentence_is_not_cut_at_an_abbreviation():
    from summarizer.ground import sentence_of

    text = "Rain fell. The U.S. military said on Aug. 10 a drone killed 3 people. Later it stopped."
    ev = sentence_of(text, ground_quote("a", text, "10 a drone killed 3"))
    assert ev.quote == "The U.S. military said on Aug. 10 a drone killed 3 people."


def test_a_title_abbreviated_before_a_name_does_not_end_a_sentence():
    from summarizer.ground import sentences

    found = [s.quote for s in sentences("a", "\"We acted,\" said spokesman Col. Mira Hale. Dr. Ilse Varn agreed.")]
    assert found == ["\"We acted,\" said spokesman Col. Mira Hale.", "Dr. Ilse Varn agreed."]
