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


def _names_asked_for_in_code() -> set[str]:
    """The list names the package asks the lexicon for by a literal ("speech_verbs", "stances.threaten"),
    through any of its functions."""
    import ast
    from pathlib import Path

    import summarizer

    found = set()
    for path in Path(summarizer.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "lexicon"
                    and node.func.attr not in ("fold", "skeleton", "language", "languages")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value.split(".")[0])
    return found


def test_a_language_is_a_file_with_every_list_the_code_asks_for():
    # adding a language means adding one file: every list the code uses is in each file (empty where the
    # language has no such words), and the English file, the reference, has every list of the others
    import yaml

    from summarizer.lexicon import LEXICON_DIR

    files = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(LEXICON_DIR.glob("*.yaml"))}
    asked = _names_asked_for_in_code()
    assert {"speech_verbs", "weekdays", "months", "ranks", "placeholders"} <= asked  # the scan sees them
    for name, lists in files.items():
        assert not asked - set(lists), f"{name}.yaml lacks {sorted(asked - set(lists))}"
        assert set(lists) - {"summary"} == set(files["en"]) - {"summary"}, name


def test_dates_in_another_language_resolve_from_its_file():
    from datetime import date

    from summarizer.dates import date_expression, resolve_date
    from summarizer.schemas import DateBasis

    published = date(2031, 3, 14)  # a Friday
    assert resolve_date("mardi", published) == (date(2031, 3, 11), DateBasis.RELATIVE)
    assert resolve_date("вчора", published) == (date(2031, 3, 13), DateBasis.RELATIVE)
    assert date_expression("Les frappes de mardi 11 mars 2031 à Port Vell") == "11 mars 2031"
    assert resolve_date("11 марта 2031", None) == (date(2031, 3, 11), DateBasis.EXPLICIT)
