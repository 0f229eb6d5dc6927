import json

import jsonschema
from typer.testing import CliRunner

from tests.conftest import casualties

from summarizer import answers as A
from summarizer.cli import app
from summarizer.schemas import Briefing, ExtractionRun
from summarizer.summary import SummaryAnswer

runner = CliRunner()


def test_extract_prints_json_to_stdout(fake, article_file):
    fake.enqueue(A.CasualtiesAnswer, casualties("killing Commander Jorek Malv's deputy, Tavi Oss, and three guards", 4, ["Tavi Oss"]))
    result = runner.invoke(app, ["extract", "-m", "fake", str(article_file)])
    assert result.exit_code == 0, result.output
    run = ExtractionRun.model_validate_json(result.stdout)
    assert run.articles[0].event.killed.value == 4
    assert run.model == "fake/fake" and run.prompts["casualties"]


def test_rerun_is_served_from_cache_and_no_cache_asks_again(fake, article_file, tmp_path):
    out = tmp_path / "out.json"
    assert runner.invoke(app, ["extract", "-m", "fake", str(article_file), "-o", str(out)]).exit_code == 0
    asked = len(fake.requests)
    assert runner.invoke(app, ["extract", "-m", "fake", str(article_file), "-o", str(out)]).exit_code == 0
    assert len(fake.requests) == asked
    usage = json.loads(out.read_text())["usage"]
    assert usage["calls"] == 0 and usage["cache_hits"] == asked
    assert runner.invoke(app, ["extract", "-m", "fake", "--no-cache", str(article_file)]).exit_code == 0
    assert len(fake.requests) == 2 * asked


def test_bad_files_fail_alone_with_exit_1(fake, article_file, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out" / "run.json"
    result = runner.invoke(app, ["extract", "-m", "fake", str(tmp_path), "-o", str(out)])
    assert result.exit_code == 1
    run = ExtractionRun.model_validate_json(out.read_text())
    assert [a.article.source for a in run.articles] == [str(article_file)]
    assert sorted(f.source.rsplit("/", 1)[1] for f in run.failures) == ["blob.txt", "empty.txt"]
    assert "empty file" in " ".join(result.stderr.split()) and "Traceback" not in result.output


def test_usage_errors_are_one_line_with_exit_2(article_file):
    result = runner.invoke(app, ["extract", "-m", "openai/gpt-4o-mini", str(article_file)])
    assert result.exit_code == 2
    assert "OPENAI_API_KEY" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    missing = runner.invoke(app, ["extract", "-m", "fake", "nowhere.txt"])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    assert runner.invoke(app, ["extract", "-m", "nope/x", str(article_file)]).exit_code == 2


def test_model_from_environment(fake, article_file, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_MODEL", "fake")
    assert runner.invoke(app, ["extract", str(article_file)]).exit_code == 0
    assert fake.requests


def test_schema_is_valid_json_schema():
    briefing = json.loads(runner.invoke(app, ["schema"]).stdout)
    extraction = json.loads(runner.invoke(app, ["schema", "extraction"]).stdout)
    for schema in (briefing, extraction):
        jsonschema.Draft202012Validator.check_schema(schema)
    assert {"event", "actors", "conflicts", "run"} <= set(briefing["properties"])
    assert {"articles", "prompts", "model"} <= set(extraction["properties"])
    assert runner.invoke(app, ["schema", "nonsense"]).exit_code == 2


def test_models_lists_every_provider_and_its_needs():
    result = runner.invoke(app, ["models"], env={"COLUMNS": "200"})
    for text in ("local", "openai/<model>", "anthropic/<model>", "ollama/<model>", "--base-url",
                 "OPENAI_API_KEY not set", "summarizer[local]"):
        assert text in result.stdout


def test_an_unexpected_error_in_one_article_keeps_the_others(fake, article_file, tmp_path, monkeypatch):
    from summarizer import pipeline

    broken = tmp_path / "broken.txt"
    broken.write_text("A drone strike on a depot near Lake Orm, the ministry said.\n")
    real = pipeline.extract_article

    def flaky(article, llm, on_question=None):
        if article.source == str(broken):
            raise RuntimeError("llama_decode returned -3")
        return real(article, llm, on_question)

    monkeypatch.setattr(pipeline, "extract_article", flaky)
    out = tmp_path / "run.json"
    result = runner.invoke(app, ["extract", "-m", "fake", str(article_file), str(broken), "-o", str(out)])
    assert result.exit_code == 1
    run = ExtractionRun.model_validate_json(out.read_text())
    assert [a.article.source for a in run.articles] == [str(article_file)]
    assert run.failures[0].source == str(broken) and "llama_decode returned -3" in run.failures[0].error


def test_brief_writes_the_briefing_of_the_good_articles_and_lists_the_bad(fake, article_file, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    out = tmp_path / "briefing.json"
    fake.enqueue(A.CasualtiesAnswer, casualties("killing Commander Jorek Malv's deputy, Tavi Oss, and three guards", 4, ["Tavi Oss"]))
    result = runner.invoke(app, ["brief", "-m", "fake", "--no-summary", str(article_file), str(empty), "-o", str(out)])
    assert result.exit_code == 1
    briefing = Briefing.model_validate_json(out.read_text())
    assert briefing.event.killed.value == 4 and briefing.event.killed.status.value == "single_source"
    assert [f.source for f in briefing.run.failures] == [str(empty)]
    assert "empty" in result.stderr and briefing.summary is None


def test_brief_as_markdown_shows_facts_sources_and_conflicts(fake, tmp_path):
    texts = {"a.txt": "Mar. 12, 2031\nA strike in Port Vell killed two people.\n",
             "b.txt": "Mar. 12, 2031\nA strike in Port Vell killed three people.\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text)
    for n, word in ((2, "two"), (3, "three")):
        fake.enqueue(A.CasualtiesAnswer, casualties(f"killed {word} people", n, []))
    fake.enqueue(SummaryAnswer, {"sentences": ["A strike killed two people, though sources disagree."]})
    result = runner.invoke(app, ["brief", "-m", "fake", str(tmp_path), "--format", "md"])
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("# Strike briefing") and "A strike killed two people, though sources disagree." in md
    assert "| Killed | 2 | contested | [1] |" in md
    assert "## Where sources disagree" in md and "3 [2]: “A strike in Port Vell killed three people.” [2]" in md


def test_a_failing_summary_is_reported_and_the_briefing_still_written(fake, article_file, tmp_path, monkeypatch):
    from summarizer import pipeline

    def broken(*args, **kwargs):
        raise ValueError("summary bug")

    monkeypatch.setattr(pipeline, "write_summary", broken)
    fake.enqueue(A.CasualtiesAnswer, casualties("killing Commander Jorek Malv's deputy, Tavi Oss, and three guards", 4, ["Tavi Oss"]))
    out = tmp_path / "briefing.json"
    result = runner.invoke(app, ["brief", "-m", "fake", str(article_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    briefing = Briefing.model_validate_json(out.read_text())
    assert briefing.event.killed.value == 4 and briefing.summary is None
    assert briefing.run.errors == ["summary: unexpected ValueError: summary bug"]
    assert "summary bug" in result.stderr


def test_an_output_never_destroys_an_input_or_what_is_not_a_regular_file(fake, article_file, tmp_path):
    import os
    import stat

    before = article_file.read_text()
    same = runner.invoke(app, ["brief", "-m", "fake", str(tmp_path), "-o", str(article_file)])
    assert same.exit_code == 2 and "input articles" in " ".join(same.stderr.split())
    assert article_file.read_text() == before and fake.requests == []  # refused before any model call
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    refused = runner.invoke(app, ["brief", "-m", "fake", str(article_file), "-o", str(fifo)])
    assert refused.exit_code == 2 and stat.S_ISFIFO(fifo.stat().st_mode)
    assert runner.invoke(app, ["brief", "-m", "fake", str(article_file), "-o", str(tmp_path)]).exit_code == 2

    kept = tmp_path / "out" / "briefing.json"
    kept.parent.mkdir()
    kept.write_text("old")
    kept.chmod(0o644)
    link = tmp_path / "latest.json"
    link.symlink_to(kept)
    assert runner.invoke(app, ["brief", "-m", "fake", str(article_file), "-o", str(link), "--no-summary"]).exit_code == 0
    assert link.is_symlink() and '"event"' in kept.read_text()  # written through the link
    assert stat.S_IMODE(kept.stat().st_mode) == 0o644  # the file keeps its permissions
    to_stdout = runner.invoke(app, ["brief", "-m", "fake", str(article_file), "-o", "-", "--no-summary"])
    assert to_stdout.exit_code == 0 and '"event"' in to_stdout.stdout and not (tmp_path / "-").exists()


def test_concurrency_option_asks_several_articles_of_a_server_at_once(tmp_path):
    from fake_server import FakeServer

    paths = []
    for name in ("alpha", "bravo", "charlie", "delta"):
        paths.append(tmp_path / f"{name}.txt")
        paths[-1].write_text(f"A drone struck the {name} depot outside Port Vell on Tuesday, officials said.\n")
    with FakeServer(latency=0.05) as server:
        result = runner.invoke(app, ["extract", "-m", "m", "--base-url", server.url, "--concurrency", "2",
                                     *map(str, paths)])
    assert result.exit_code == 0, result.output
    assert server.most_in_flight == 2
    assert [a["article"]["source"] for a in json.loads(result.stdout)["articles"]] == list(map(str, paths))
    assert runner.invoke(app, ["extract", "-m", "m", "--concurrency", "0", str(paths[0])]).exit_code == 2


def test_an_output_that_cannot_be_written_is_refused_before_the_run(fake, article_file, tmp_path, monkeypatch):
    blocked = article_file / "briefing.json"  # a folder path through a file
    for command in (["brief", "-o", str(blocked)], ["extract", "-o", str(blocked)],
                    ["eval", "-g", str(tmp_path / "gold.yaml"), "-r", str(blocked)]):
        result = runner.invoke(app, [command[0], "-m", "fake", str(article_file), *command[1:]])
        said = " ".join(result.stderr.split())
        assert result.exit_code == 2, result.output
        assert f"cannot write the output: {article_file} is a file, not a folder" in said
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert fake.requests == []  # refused before any model call

    def full_disk(target, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("summarizer.files._replace", full_disk)  # the check passes, the disk fills up meanwhile
    late = runner.invoke(app, ["brief", "-m", "fake", str(article_file), "-o", str(tmp_path / "b.json")])
    assert late.exit_code == 2 and "cannot write the output: No space left on device" in late.stderr
    assert "Traceback" not in late.output


def test_a_timeout_that_is_no_number_is_one_line_and_exit_2(fake, article_file, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "abc")
    result = runner.invoke(app, ["brief", "-m", "fake", str(article_file)])
    assert result.exit_code == 2 and result.stderr.strip() == "error: SUMMARIZER_TIMEOUT='abc': not a number of seconds"
    assert fake.requests == []


def test_names_with_markup_or_escape_sequences_are_printed_as_text(fake, tmp_path):
    # a "[/x]" in a path is no closing tag (rich), and a file name's escape sequence (a clipboard write) never
    # reaches the terminal; the run and its output survive both
    from summarizer.terminal import err

    folder = tmp_path / "d["
    folder.mkdir()
    article = folder / "x\x1b]52;c;ZXZpbA==\x07].txt"
    article.write_text("Mar. 12, 2031\nA Redland drone struck a truck in Port Vell on Tuesday, killing two people.\n")
    out = folder / "o].json"
    with err.capture() as captured:
        result = runner.invoke(app, ["brief", "-m", "fake", "--no-summary", str(article), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "\x1b]52" not in captured.get() and "\x1b]52" not in result.output
    assert "o].json" in captured.get().replace("\n", "")  # the output's path, shown as written (maybe wrapped)


def test_the_output_format_follows_the_output_s_suffix_unless_given(fake, article_file, tmp_path):
    page, notes, kept = tmp_path / "b.html", tmp_path / "b.md", tmp_path / "as-json.md"
    for out, more in ((page, []), (notes, []), (kept, ["--format", "json"])):
        result = runner.invoke(app, ["brief", "-m", "fake", str(article_file), "-o", str(out), "--no-summary", *more])
        assert result.exit_code == 0, result.output
    assert page.read_text().lstrip().lower().startswith("<!doctype html")
    assert notes.read_text().startswith("#")
    assert json.loads(kept.read_text())["event"]  # an explicit --format wins over the suffix
    csv_out = tmp_path / "row.csv"
    assert runner.invoke(app, ["view", str(tmp_path / "as-json.md"), "-o", str(csv_out)]).exit_code == 0
    assert csv_out.read_text().startswith("event_id_cnty,")


def test_view_on_a_terminal_writes_the_page_beside_the_briefing(fake, article_file, tmp_path, monkeypatch):
    import summarizer.cli as cli

    saved = tmp_path / "b.json"
    assert runner.invoke(app, ["brief", "-m", "fake", str(article_file), "-o", str(saved), "--no-summary"]).exit_code == 0
    monkeypatch.setattr(cli, "_stdout_is_terminal", lambda: True)
    result = runner.invoke(app, ["view", str(saved)])
    assert result.exit_code == 0, result.output
    assert "<html" not in result.stdout and (tmp_path / "b.html").read_text().lstrip().lower().startswith("<!doctype html")


def test_verbose_works_after_the_command_and_the_version_is_printed(fake, article_file, capsys):
    import logging

    for asked, shown in (([], False), (["-v"], True)):
        assert runner.invoke(app, ["extract", "-m", "fake", str(article_file), *asked]).exit_code == 0
        logging.getLogger("summarizer.merge").info("a step of the run")
        assert ("a step of the run" in capsys.readouterr().err) is shown
    for before in ([], ["brief"], ["extract"], ["events"], ["view"], ["eval"], ["schema"], ["models"]):
        result = runner.invoke(app, [*before, "--version"])  # before the command or after it
        assert result.exit_code == 0 and result.stdout.startswith("summarizer "), before
    for command in ("schema", "models"):  # every command takes -v
        assert runner.invoke(app, [command, "-v"]).exit_code == 0, command


def test_the_run_s_last_line_never_says_killed_none(fake, article_file):
    result = runner.invoke(app, ["brief", "-m", "fake", str(article_file), "--no-summary"])
    assert result.exit_code == 0, result.output
    assert "None" not in result.stderr and "no toll reported" in result.stderr


def test_help_at_80_columns_names_arguments_and_option_values_not_python_types():
    for command in ("brief", "events", "view", "extract", "eval", "schema"):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "80"})
        assert result.exit_code == 0
        for python_type in ("<str>", "<path>", "<int range>", "<bool>", "<float>", "<list[str]>", "<list[Path]>",
                            "<Path,Path>", "<schemaof>", "<briefing|extraction>"):
            assert python_type.lower() not in result.output.lower(), (command, python_type)
        assert "FILES" in result.output or "SCHEMA" in result.output, command
        assert max(map(len, result.output.splitlines())) <= 80, command


def test_loading_the_embedded_model_is_said_even_without_verbose(capsys):
    import logging

    from summarizer.cli import _logging

    _logging(False)
    logging.getLogger("summarizer.providers.local").info("loading model.gguf")
    logging.getLogger("summarizer.embedded").info("assembling model.gguf from 3 parts")
    logging.getLogger("summarizer.merge").info("a step only -v shows")
    err = capsys.readouterr().err
    assert "loading model.gguf" in err and "assembling model.gguf" in err and "a step only -v shows" not in err


def test_progress_is_a_line_per_article_off_a_terminal_and_one_bar_with_time_left_on_one(fake, tmp_path, monkeypatch):
    import io

    from rich.console import Console

    from summarizer import terminal

    for n in (1, 2):
        (tmp_path / f"a{n}.txt").write_text(f"Mar. 12, 2031\nA Redland drone hit Port Vell, story {n}.\n")
    result = runner.invoke(app, ["extract", "-m", "fake", str(tmp_path)])  # stderr is no terminal here
    assert result.exit_code == 0, result.output
    assert "[1/2] a1.txt: done" in result.stderr and "[2/2] a2.txt: done" in result.stderr
    screen = io.StringIO()
    monkeypatch.setattr(terminal, "err", Console(file=screen, force_terminal=True, width=100))
    with terminal.RichProgress() as progress:
        progress.run_started(2)
        progress.article_started("a1.txt", 8)
        progress._bar.refresh()
        shown = screen.getvalue()
    assert "articles" in shown and "0/2" in shown and "-:--:--" in shown  # one bar over articles, its time left


def test_the_per_article_table_at_80_columns_never_cuts_a_date_or_a_file_name_in_two(monkeypatch):
    import io
    from datetime import date

    from rich.console import Console

    from summarizer import terminal
    from tests.briefings import made_up_briefing

    briefing, _ = made_up_briefing()
    for n, a in enumerate(briefing.articles):
        a.source = f"/feeds/2033-04-0{n}_a_very_long_file_name_from_a_wire_feed_{n}.txt"
        a.published, a.outlet = date(2033, 4, n + 1), "The Port Vell Evening Courier and Gazette"
    out = io.StringIO()
    monkeypatch.setattr(terminal, "err", Console(file=out, width=80))
    terminal.print_briefing_summary(briefing, None)
    lines = out.getvalue().splitlines()
    assert max(map(len, lines)) <= 80
    for n, a in enumerate(briefing.articles, 1):
        row = next(line for line in lines if line.lstrip().startswith(f"[{n}]"))
        assert str(a.published) in row and "ok" in row  # the date whole, the status in view
        name = row.split()[1]
        assert name.endswith("…") and a.source.split("/")[-1].startswith(name[:-1])  # shortened, not wrapped
