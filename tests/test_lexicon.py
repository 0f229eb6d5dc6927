"""How a word list's entries match: whole words, prefixes (word*), suffixes (*word), the longest
phrase first."""

import pytest

from summarizer import lexicon


@pytest.fixture
def compiled(monkeypatch):
    def compile_list(*entries: str):
        monkeypatch.setattr(lexicon, "entries", lambda name: list(entries))
        return lexicon._compile("made-up", lexicon.fold)
    return compile_list


def spans(pattern, text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text)]


def test_an_entry_matches_as_a_whole_word_unless_starred(compiled):
    p = compiled("strike", "indication*", "*model", "call for restraint")
    assert spans(p, "One strike; two strikes; an air-strike.") == ["strike"]
    assert spans(p, "No indications yet.") == ["indications"]
    assert spans(p, "for the languagemodel") == ["model"]  # found inside the word
    assert spans(p, "They Call For   Restraint.") == ["Call For   Restraint"]  # any case, any spacing


def test_the_longest_entry_wins_whatever_kinds_its_neighbours_are(compiled):
    # bounded, prefix, bounded, suffix: the pattern groups neighbours of one kind, never across kinds
    p = compiled("warning shot", "warn*", "war", "*ward", "call", "call for restraint")
    assert spans(p, "a warning shot") == ["warning shot"]
    assert spans(p, "they warned of war") == ["warned", "war"]
    assert spans(p, "wartime") == []
    assert spans(p, "sent forward") == ["ward"]
    assert spans(p, "a call for restraint, a call") == ["call for restraint", "call"]
