"""`summarizer eval`: scoring a briefing file, briefing articles with a model, comparing reports."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_merge import TEXTS, brief, extractions
from test_scoring import GOLD
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.eval import Report, SuiteReport

runner = CliRunner()


@pytest.fixture
def files(tmp_path):
    """The made-up event's articles, its gold file and its hand-made briefing, on disk."""
    articles = []
    for name, text in TEXTS.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text)
        articles.append(str(path))
    gold = tmp_path / "gold.yaml"
    gold.write_text(GOLD)
    briefing = tmp_path / "briefing.json"
    briefing.write_text(brief(extractions()).model_dump_json())
    return {"articles": articles, "gold": str(gold), "briefing": str(briefing), "dir": tmp_path}


def test_eval_of_a_briefing_prints_the_table_and_writes_the_report(files):
    report_path = files["dir"] / "report.json"
    result = runner.invoke(app, ["eval", "--gold", files["gold"], "--briefing", files["briefing"], *files["articles"],
                                 "--report", str(report_path)])
    assert result.exit_code == 0, result.output
    for shown in ("date", "2031-03-11", "Port Vell", "✓", "actors", "reactions", "conflicts", "traps: 0 of 2 hit",
                  "grounding:", "overall"):
        assert shown in result.stdout
    report = Report.model_validate_json(report_path.read_text())
    assert f"overall {report.overall:.3f}" in result.stdout
    assert report.grounding.checked > 0 and report.grounding.rate == 1.0
    assert {f.field for f in report.fields} == {"date", "city", "perpetrator", "weapon", "targets", "killed", "injured"}


def test_an_altered_briefing_scores_lower_and_fails_the_gate(files):
    good = files["dir"] / "good.json"
    assert runner.invoke(app, ["eval", "-g", files["gold"], "-b", files["briefing"], *files["articles"],
                               "-r", str(good)]).exit_code == 0
    altered = brief(extractions())
    altered.event.date.value = date(2031, 3, 12)
    altered.event.killed.value = 4
    (files["dir"] / "altered.json").write_text(altered.model_dump_json())
    bad = files["dir"] / "bad.json"
    good_score = json.loads(good.read_text())["overall"]
    result = runner.invoke(app, ["eval", "-g", files["gold"], "-b", str(files["dir"] / "altered.json"),
                                 *files["articles"], "-r", str(bad), "--fail-under", str(good_score)])
    assert result.exit_code == 1
    assert "traps: 2 of 2 hit" in result.stdout and "under --fail-under" in result.output
    assert json.loads(bad.read_text())["overall"] < good_score

    compared = runner.invoke(app, ["eval", "--compare", str(good), str(bad)])
    assert compared.exit_code == 0, compared.output
    assert "field_accuracy" in compared.stdout and "2031-03-12" in compared.stdout
    overall_row = next(line for line in compared.stdout.splitlines() if line.strip().startswith("overall"))
    assert overall_row.split()[-1].startswith("-0.")  # B scored lower than A
    assert "overall" in compared.stdout


def test_eval_briefs_the_articles_with_the_model_when_no_briefing_is_given(fake, files):
    # the fake model finds nothing: the briefing is empty and scores low, but the run completes
    result = runner.invoke(app, ["eval", "-g", files["gold"], "-m", "fake", *files["articles"],
                                 "-r", str(files["dir"] / "r.json")])
    assert result.exit_code == 0, result.output
    report = Report.model_validate_json((files["dir"] / "r.json").read_text())
    assert report.cost.model == "fake/fake" and report.cost.calls > 0
    assert not any(f.correct for f in report.fields if f.field != "injured")
    assert report.overall < 0.5


@pytest.mark.parametrize("args, message", [
    (["eval", "--briefing", "x.json"], "needs --gold"),
    (["eval", "--gold", "missing.yaml", "x.txt"], "no such gold file"),
    (["eval", "--compare", "a.json", "b.json"], "cannot read"),
])
def test_eval_usage_errors_are_one_line_with_exit_2(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_a_file_that_is_not_a_briefing_is_a_usage_error(files):
    not_briefing = files["dir"] / "nb.json"
    not_briefing.write_text('{"event": {}}')
    result = runner.invoke(app, ["eval", "-g", files["gold"], "-b", str(not_briefing)])
    assert result.exit_code == 2 and "not a briefing" in result.output
    result = runner.invoke(app, ["eval", "--compare", str(not_briefing), str(not_briefing)])
    assert result.exit_code == 2 and "not an eval report" in result.output


def test_without_articles_the_gold_files_folder_is_used(fake, files):
    gold = files["dir"] / "with_folder.yaml"
    gold.write_text(GOLD.replace("articles:", "folder: .\narticles:", 1))
    result = runner.invoke(app, ["eval", "-g", str(gold), "-m", "fake"])
    assert result.exit_code == 0, result.output
    assert "3 article(s) merged" in result.output


def test_articles_that_cannot_be_read_again_are_named_and_left_out_of_grounding(files):
    result = runner.invoke(app, ["eval", "-g", files["gold"], "-b", files["briefing"], "-", files["articles"][0]])
    assert result.exit_code == 0, result.output
    assert "grounding not checked for stdin" in " ".join(result.output.split())
    result = runner.invoke(app, ["eval", "-g", files["gold"], "-b", files["briefing"]])  # sources as recorded: one.txt
    assert "grounding not checked for" in result.output and "grounding: not checked" in result.stdout


def test_several_events_are_scored_in_one_run_with_a_summary(files):
    """Two events (the same made-up strike under two names, one briefing altered): a table per
    event, a summary row per event and the macro mean; the report holds both; compare works."""
    golds, briefings = files["dir"] / "golds", files["dir"] / "briefings"
    golds.mkdir()
    briefings.mkdir()
    for name in ("alpha", "beta"):
        (golds / f"{name}.yaml").write_text(GOLD.replace("articles:", "folder: ..\narticles:", 1))
    (briefings / "alpha.json").write_text(brief(extractions()).model_dump_json())
    altered = brief(extractions())
    altered.event.killed.value = 4
    (briefings / "beta.json").write_text(altered.model_dump_json())
    report_path = files["dir"] / "suite.json"
    result = runner.invoke(app, ["eval", "--gold", str(golds), "--briefing", str(briefings), "-r", str(report_path)])
    assert result.exit_code == 0, result.output
    suite = SuiteReport.model_validate_json(report_path.read_text())
    assert list(suite.events) == ["alpha", "beta"]
    alpha, beta = suite.events["alpha"].overall, suite.events["beta"].overall
    assert beta < alpha and suite.mean["overall"] == pytest.approx((alpha + beta) / 2, abs=1e-4)
    rows: dict[str, str] = {}
    for line in result.stdout[result.stdout.index("summary"):].splitlines():  # the summary table's rows
        if line.split()[:1] in (["alpha"], ["beta"], ["mean"]):
            rows.setdefault(line.split()[0], line.split()[1])
    assert rows == {"alpha": f"{alpha:.3f}", "beta": f"{beta:.3f}", "mean": f"{suite.mean['overall']:.3f}"}
    assert "killed (4: off by +2)" in result.stdout  # the wrong field named per event

    gate = runner.invoke(app, ["eval", "-g", str(golds), "-b", str(briefings), "--fail-under", str(alpha)])
    assert gate.exit_code == 1  # the mean is under the better event's score

    compared = runner.invoke(app, ["eval", "--compare", str(report_path), str(report_path)])
    assert compared.exit_code == 0 and "mean overall" in compared.stdout
    one = files["dir"] / "one.json"
    runner.invoke(app, ["eval", "-g", str(golds / "alpha.yaml"), "-b", str(briefings / "alpha.json"), "-r", str(one)])
    mixed = runner.invoke(app, ["eval", "--compare", str(one), str(report_path)])
    assert mixed.exit_code == 2 and "same kind" in mixed.output


def test_articles_go_with_one_gold_file_only(files):
    result = runner.invoke(app, ["eval", "-g", files["gold"], "-g", files["gold"].replace("gold", "gold2"),
                                 "-b", files["briefing"], files["articles"][0]])
    assert result.exit_code == 2 and "one --gold" in result.output


def test_brief_and_eval_work_without_the_test_only_packages(files, tmp_path):
    """deepeval and pytest are for the tests and the judge: a user who only briefs and scores needs neither."""
    import subprocess
    import sys

    code = f"""
import sys
sys.modules["deepeval"] = sys.modules["pytest"] = None  # as if not installed
from typer.testing import CliRunner
from summarizer.cli import app
r = CliRunner().invoke(app, ["eval", "-g", {files['gold']!r}, "-b", {files['briefing']!r}])
print("exit", r.exit_code)
j = CliRunner().invoke(app, ["eval", "-g", {files['gold']!r}, "-b", {files['briefing']!r}, "--judge"])
print("judge exit", j.exit_code, " ".join(j.stderr.split()))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path).stdout
    assert "exit 0" in out
    assert "judge exit 2" in out and "pip install 'summarizer[eval]'" in out


def test_a_gold_event_whose_texts_are_not_at_hand_says_how_to_get_them(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text(GOLD.replace("event:", "folder: texts\nretrieve: \"see the set's README\"\nevent:", 1))
    result = runner.invoke(app, ["eval", "-m", "fake", "--gold", str(gold)])
    assert result.exit_code == 2
    assert "article not found" in result.output and "see the set's README" in result.output


def test_a_gold_event_briefs_its_articles_with_their_page_metadata(fake, tmp_path):
    from summarizer import answers as A
    from summarizer.eval.gold import gold_sources, load_gold

    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("A drone struck the depot in Port Vell on Tuesday, officials said.\n")
    (tmp_path / "meta.jsonl").write_text('{"file": "a.txt", "published": "2031-03-13", "outlet": "Harbor Courier"}\n')
    gold = tmp_path / "gold.yaml"
    gold.write_text("event: a drone strike\nfolder: texts\nmetadata: meta.jsonl\narticles: {'01': a.txt}\n")
    (article,) = gold_sources(load_gold(gold), gold)
    assert (article.published, article.outlet) == (date(2031, 3, 13), "Harbor Courier")
    fake.enqueue(A.WhenAnswer, {"date_quote": "on Tuesday", "date_as_written": "Tuesday", "time_quote": None,
                                "time_as_written": None})
    result = runner.invoke(app, ["eval", "-m", "fake", "--no-summary", "--gold", str(gold)])
    assert result.exit_code == 0, result.output


def test_no_output_overwrites_an_input_or_the_cache(fake, tmp_path, monkeypatch):
    # exit 2 before any work: the hand-labelled gold file, the briefing being scored, the answer cache
    import os

    from summarizer.settings import Settings

    gold = tmp_path / "gold.yaml"
    gold.write_text(GOLD)
    saved = tmp_path / "b.json"
    brief(extractions()).save(saved)
    before = gold.read_text(), saved.read_text()
    for report in (gold, saved):
        result = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--briefing", str(saved), "--report", str(report)])
        assert result.exit_code == 2 and "would overwrite it" in result.output
    assert (gold.read_text(), saved.read_text()) == before
    cache = Settings.load().responses
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(b"")
    article = tmp_path / "a.txt"
    article.write_text("Mar. 12, 2031\nA Redland drone struck a truck in Port Vell on Tuesday, killing two people.\n")
    result = CliRunner().invoke(app, ["brief", "-m", "fake", str(article), "-o", str(cache)])
    assert result.exit_code == 2 and "the answer cache" in result.output and os.path.getsize(cache) == 0
