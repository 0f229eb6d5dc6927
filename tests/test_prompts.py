import shutil

import pytest

from summarizer.errors import ConfigError
from summarizer.extraction import INSTRUCTION_CHECK, PLANTED_CHECK, SHARED_PROMPTS, prompt_versions
from summarizer.facts import QUESTIONS
from summarizer.prompts import load_prompt, prompts_dir


def test_every_prompt_has_id_and_version_and_renders():
    for name in (*SHARED_PROMPTS, *(q.prompt for q in QUESTIONS), PLANTED_CHECK, INSTRUCTION_CHECK):
        prompt = load_prompt(name)
        assert prompt.id and prompt.version
    assert "<article>" in load_prompt("article").render(text="Some text.")
    assert set(prompt_versions()) == {load_prompt(n).id for n in (*SHARED_PROMPTS, *(q.prompt for q in QUESTIONS), PLANTED_CHECK, INSTRUCTION_CHECK)}


def test_prompts_dir_override_changes_versions(tmp_path, monkeypatch):
    copy = tmp_path / "prompts"
    shutil.copytree(prompts_dir(), copy)
    when = copy / "when.md"
    when.write_text(when.read_text().replace("version:", "version: 99\nold_version:", 1))
    monkeypatch.setenv("SUMMARIZER_PROMPTS_DIR", str(copy))
    assert prompt_versions()["when"] == "99"


def test_broken_prompt_files_are_reported(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_PROMPTS_DIR", str(tmp_path))
    (tmp_path / "bare.md").write_text("no front matter")
    (tmp_path / "noversion.md").write_text("---\nid: x\n---\nbody")
    for name, message in (("bare", "front matter"), ("noversion", "version"), ("absent", "not found")):
        with pytest.raises(ConfigError, match=message):
            load_prompt(name)
