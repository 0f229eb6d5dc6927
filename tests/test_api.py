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


def test_folders_and_globs_are_expanded_and_a_missing_path_fails_before_any_model_call(fake, tmp_path):
    import pytest

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(STRIKE_ARTICLE)
    (folder / "b.txt").write_text(STRIKE_ARTICLE.replace("Port Vell", "Karim Bay"))
    b = summarizer.brief([folder], model="fake", summary=False)
    assert sorted(a.source.rsplit("/", 1)[-1] for a in b.articles) == ["a.txt", "b.txt"]
    fake.requests.clear()
    with pytest.raises(summarizer.InputError, match="no such file"):
        summarizer.brief([folder / "a.txt", tmp_path / "gone.txt"], model="fake")
    assert fake.requests == []


def test_evaluate_checks_quotes_against_the_articles_it_can_read(fake, article_file, tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text(GOLD)
    in_memory = summarizer.article(STRIKE_ARTICLE.replace("Port Vell", "Karim Bay"))
    said = casualties("killing Commander Jorek Malv\u2019s deputy, Tavi Oss, and three guards", 4, ["Tavi Oss"])
    fake.enqueue(A.CasualtiesAnswer, said, said)
    b = summarizer.brief([str(article_file), in_memory], model="fake", summary=False)
    report = summarizer.evaluate(b, gold)
    assert report.grounding.checked > 0 and report.grounding.rate == 1.0
    assert [reason.split(":")[0] for reason in report.grounding.unread] == ["memory"]
    with_texts = summarizer.evaluate(b, gold, texts={in_memory.id: in_memory.text})
    assert with_texts.grounding.unread == [] and with_texts.grounding.checked >= 1  # the text in memory


def test_a_setting_that_cannot_work_stops_the_run_instead_of_failing_every_article(fake, article_file):
    import pytest

    from summarizer.errors import MissingPackageError

    fake.enqueue(A.CasualtiesAnswer, MissingPackageError("the engine", "local"))
    with pytest.raises(summarizer.ConfigError, match="not installed"):
        summarizer.brief([article_file], model="fake")
    with pytest.raises(summarizer.ConfigError, match="OPENAI_API_KEY"):
        summarizer.brief([article_file], model="openai/some-model")


def test_every_output_format_of_the_command_line_is_one_call_of_the_api():
    # the CLI's --format choices are the API's formats: a notebook user gets the same Markdown, CSV and page
    import pytest
    from typer.testing import CliRunner

    from summarizer.cli import app
    from summarizer.formats import FORMATS
    from tests.test_merge import brief, extractions

    briefing = brief(extractions())
    assert summarizer.markdown(briefing).startswith("# Strike briefing")
    assert summarizer.render(briefing, "md") == summarizer.markdown(briefing)
    assert summarizer.render(briefing, "csv") == summarizer.acled_csv(briefing).rstrip("\n")
    assert "<html" in summarizer.render(briefing, "html", texts={})
    with pytest.raises(ValueError, match="no output format 'pdf'"):
        summarizer.render(briefing, "pdf")
    help_text = CliRunner().invoke(app, ["brief", "--help"], terminal_width=200).output
    assert all(name in help_text for name in FORMATS)
