"""Nothing lost, nothing leaked: interrupted runs resume from the cache, output files are written
whole or not at all, and API keys never reach output, logs, cache or reports."""

from __future__ import annotations

import json

from fake_server import FakeServer, Reply
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.providers.fake import FakeProvider

runner = CliRunner()
SECRET = "sk-test-0123456789abcdefSECRET"


def test_an_interrupted_brief_resumes_from_the_cache_without_repeating_calls(fake, article_file, tmp_path,
                                                                              monkeypatch):
    second = tmp_path / "second.txt"
    second.write_text(article_file.read_text().replace("Port Vell", "Karim Bay"))
    out = tmp_path / "briefing.json"
    out.write_text("the previous briefing\n")
    answered = FakeProvider.chat

    def interrupt_at_call_12(self, **request):
        if len(self.requests) == 11:
            self.requests.append(request)
            raise KeyboardInterrupt
        return answered(self, **request)

    monkeypatch.setattr(FakeProvider, "chat", interrupt_at_call_12)
    result = runner.invoke(app, ["brief", "-m", "fake", str(article_file), str(second), "-o", str(out)])
    assert result.exit_code == 130 and "run again to resume" in " ".join(result.output.split())
    assert out.read_text() == "the previous briefing\n"  # never half a briefing
    assert not list(tmp_path.glob(".briefing.json.*"))  # no temporary file left behind

    monkeypatch.setattr(FakeProvider, "chat", answered)
    done_before = len(fake.requests) - 1  # the interrupted call got no answer
    result = runner.invoke(app, ["brief", "-m", "fake", str(article_file), str(second), "-o", str(out)])
    assert result.exit_code == 0, result.output
    briefing = json.loads(out.read_text())
    assert briefing["run"]["usage"]["cache_hits"] == done_before
    asked_again = [r["messages"] for r in fake.requests[done_before + 1:]]
    assert not any(m in asked_again for m in (r["messages"] for r in fake.requests[:done_before]))


def test_api_keys_never_appear_in_output_logs_cache_or_reports(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_API_KEY", SECRET)
    article = tmp_path / "a.txt"
    article.write_text("A drone killed two people in Port Vell on Monday, officials said.")
    with FakeServer() as server:
        # a careless server that echoes the credentials it was sent in its error message
        server.rule = lambda request: Reply(401, {"error": {"message": f"bad key {server.headers[-1].get('authorization')}"}}) \
            if len(server.requests) % 3 == 1 else None
        out, report = tmp_path / "briefing.json", tmp_path / "report.json"
        gold = tmp_path / "gold.yaml"
        gold.write_text("event: x\narticles: {a: a.txt}\nfacts:\n  killed: {type: number, value: 2, sources: [a]}\n")
        results = [
            runner.invoke(app, ["-v", "brief", "-m", "m", "--base-url", server.url, str(article), "-o", str(out)]),
            runner.invoke(app, ["-v", "extract", "-m", "m", "--base-url", server.url, str(article)]),
            runner.invoke(app, ["-v", "eval", "-g", str(gold), "-m", "m", "--base-url", server.url, str(article),
                                "-r", str(report)]),
        ]
        assert any(SECRET in h.get("authorization", "") for h in server.headers)  # the key was used
    assert any("bad key" in r.output for r in results)  # the error was reported ...
    for result in results:
        assert SECRET not in result.output  # ... without the key
        assert SECRET[-12:] not in result.output
    for path in [out, report, *(tmp_path / "cache").rglob("*")]:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_a_killed_run_resumes_from_the_cache_and_leaves_no_half_file(article_file, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "briefing.json"
    env = {**os.environ, "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "summarizer", "brief", "-m", "m", str(article_file), "-o", str(out)]
    with FakeServer() as server:
        server.rule = lambda request: Reply(delay=30) if len(server.requests) == 5 else None  # hangs on call 5
        proc = subprocess.Popen([*command, "--base-url", server.url], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while len(server.requests) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert len(server.requests) == 5 and not out.exists() and not list(tmp_path.glob(".briefing.json.*"))
        first = [json.dumps(r["messages"]) for r in server.requests[:4]]
        server.rule = None
        done = subprocess.run([*command, "--base-url", server.url], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        again = [json.dumps(r["messages"]) for r in server.requests[5:]]
    assert not set(first) & set(again)  # the four answered calls were not asked again
    assert json.loads(out.read_text())["run"]["usage"]["cache_hits"] == 4


def test_a_key_in_the_base_url_or_a_short_key_never_shows(monkeypatch):
    from summarizer.providers import get_provider
    from summarizer.secrets import redact

    provider = get_provider("some-model", base_url="http://analyst:hunter2secret@gpu-box:8000/v1")
    assert "hunter2secret" not in provider.id and "analyst" not in provider.id
    assert "hunter2secret" not in redact("failed: http://analyst:hunter2secret@gpu-box:8000/v1 refused")
    monkeypatch.setenv("SUMMARIZER_API_KEY", "k3y")  # short, but still the key
    assert redact("server said: bad key k3y") == "server said: bad key [redacted]"
    assert redact("k3yboard") == "k3yboard"  # not inside other words


def test_a_base_url_that_is_no_url_is_a_config_error_before_any_call():
    import pytest

    from summarizer.errors import ConfigError
    from summarizer.providers import get_provider

    for bad in ("localhost:8000/v1", "htp//gpu-box", "ftp://gpu-box/v1"):
        with pytest.raises(ConfigError, match="not an http"):
            get_provider("some-model", base_url=bad)


def test_a_partly_assembled_model_left_by_a_killed_run_is_removed(tmp_path):
    import os

    from summarizer.embedded import _remove_stale_partials

    stale = tmp_path / "model-abc.partial-999999999"  # no such process: a run that was killed
    stale.write_bytes(b"half a model")
    running = tmp_path / f"model-abc.partial-{os.getppid()}"  # a run still going
    running.write_bytes(b"being written")
    _remove_stale_partials(tmp_path)
    assert not stale.exists() and running.exists()


def _echoing(key: str):
    """A server that puts the key into every text field of its (valid) answers."""
    from fake_server import answer

    from summarizer.providers.fake import _empty_answer

    def reply(request: dict) -> Reply:
        schema = request["tools"][0]["function"]["parameters"]
        filled = {name: f"Port Vell, key {key}" if value is None and "string" in json.dumps(schema["properties"][name])
                  else value for name, value in _empty_answer(schema).items()}
        return Reply(body=answer(request, filled))
    return reply


def test_a_key_echoed_in_a_200_answer_is_stored_nowhere(tmp_path, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text("A drone killed two people in Port Vell on Monday, officials said.")
    for key in (SECRET, "k3y"):  # a long key, and one shorter than 8 characters
        monkeypatch.setenv("SUMMARIZER_API_KEY", key)
        out = tmp_path / f"run-{len(key)}.json"
        with FakeServer() as server:
            server.rule = _echoing(key)
            result = runner.invoke(app, ["-v", "extract", "-m", "m", "--base-url", server.url, str(article), "-o", str(out)])
        assert result.exit_code in (0, 1), result.output
        run = json.loads(out.read_text())
        rejected = run["articles"][0]["rejected"]
        assert rejected and all("[redacted]" in json.dumps(r) for r in rejected)  # the answers were read ...
        stored = [out, *(tmp_path / "cache").rglob("*")]
        for path in stored:  # ... but the key is in no output, no cache row, no log
            if path.is_file():
                assert key.encode() not in path.read_bytes(), path
        assert key not in result.output


def test_sigterm_ends_the_run_like_ctrl_c_and_a_rerun_resumes(fake, article_file, tmp_path, monkeypatch):
    import os
    import signal

    out = tmp_path / "briefing.json"
    answered = FakeProvider.chat

    def terminated_at_call_5(self, **request):
        if len(self.requests) == 4:
            os.kill(os.getpid(), signal.SIGTERM)  # a real signal, caught by the CLI's handler
        return answered(self, **request)

    monkeypatch.setattr(FakeProvider, "chat", terminated_at_call_5)
    missed: list[int] = []

    def not_the_cli(signum, frame):  # so that a CLI without a handler fails this test, not the test run
        missed.append(signum)

    before = signal.signal(signal.SIGTERM, not_the_cli)
    try:
        result = runner.invoke(app, ["brief", "-m", "fake", str(article_file), "-o", str(out)])
        assert signal.getsignal(signal.SIGTERM) is not_the_cli  # the CLI's handler only while it runs
    finally:
        signal.signal(signal.SIGTERM, before)
    said = " ".join(result.output.split())
    assert not missed and result.exit_code == 128 + signal.SIGTERM
    assert "terminated: answers received so far are cached" in said and "run again to resume" in said
    assert "Traceback" not in result.output and not out.exists()

    monkeypatch.setattr(FakeProvider, "chat", answered)
    result = runner.invoke(app, ["brief", "-m", "fake", str(article_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["run"]["usage"]["cache_hits"] == 4  # the four answers before the signal


def test_a_key_in_the_base_url_s_query_string_is_never_shown_or_stored():
    from summarizer.providers import get_provider
    from summarizer.secrets import redact

    url = "http://127.0.0.1:9/v1?api-key=sk-made-up-0123456789&deployment=x"
    provider = get_provider("some-model", base_url=url)
    assert "sk-made-up" not in provider.id and "deployment=x" in provider.id  # run.model, the cache's provider column
    assert "sk-made-up" not in redact(f"connection refused at {url}; retrying")  # every message and log line
    assert redact('{"keynote": 1, "monkey": 2}') == '{"keynote": 1, "monkey": 2}'  # no word that merely holds "key"


def test_a_short_value_of_another_library_s_token_variable_never_corrupts_an_answer(monkeypatch):
    # HF_HUB_DISABLE_IMPLICIT_TOKEN=1 is a switch, not a key: masking "1" broke every figure of 1
    from summarizer.secrets import redact

    monkeypatch.setenv("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1")
    monkeypatch.setenv("SOME_TOOL_API_KEY", "no")
    answer = '{"figures": [{"number": 1, "of": "killed", "counted_by": "no one"}]}'
    assert redact(answer) == answer
    monkeypatch.setenv("OTHER_SERVICE_TOKEN", "tok-0123456789abcdef")  # long enough to be a key: masked anyway
    assert "tok-0123456789abcdef" not in redact("echo: tok-0123456789abcdef")
