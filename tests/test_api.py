"""The public API: brief, extract and evaluate from Python, articles from files or memory."""

from __future__ import annotations

import summarizer
from summarizer import answers as A
from tests.conftest import STRIKE_ARTICLE, casualties
from tests.test_scoring import GOLD


def test_a_briefing_from_text_in_memory_and_from_a_file(fake, article_file, tmp_path):
    fake.enqueue(A.CasualtiesAnswer, casualties("killing Commander Jorek Malv\u2019s deputy, Tavi Oss, and three guards",
                                                4, ["Tavi Oss"]))
    second = summarizer.article(STRIKE_ARTICLE.replace("Port Vell", "Karim Bay"))
    b = summarizer.brief([str(article_file), second], model="fake", summary=False)
    assert [a.source for a in b.articles] == [str(article_file), second.source]
    assert b.event.killed.value == 4 and b.run.model == "fake/fake"
    path = tmp_path / "out" / "briefing.json"
    b.save(path)
    assert summarizer.Briefing.load(path) == b


def test_extract_and_evaluate(fake, tmp_path):
    run = summarizer.extract([summarizer.article(STRIKE_ARTICLE, "port_vell.txt")], model="fake")
    assert len(run.articles) == 1 and run.articles[0].article.source == "port_vell.txt"
    gold = tmp_path / "gold.yaml"
    gold.write_text(GOLD)
    report = summarizer.evaluate(summarizer.brief([summarizer.article(STRIKE_ARTICLE)], model="fake",
                                                  summary=False), gold)
    assert 0.0 <= report.overall < 0.6 and report.grounding.checked == 0  # nothing on disk to check against


def test_an_empty_text_is_refused():
    import pytest

    from summarizer.errors import InputError

    with pytest.raises(InputError, match="empty"):
        summarizer.article("  \n")
