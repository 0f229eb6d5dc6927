"""Unit tests never reach a real model: the fake provider answers, and loading the embedded
model fails unless a test carries the local_model marker."""

from __future__ import annotations

import os

os.environ.setdefault("DEEPEVAL_TELEMETRY_OPT_OUT", "1")

import pytest

from summarizer.providers.fake import FakeProvider
from summarizer.providers.local import LocalProvider

KEY_VARS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "SUMMARIZER_API_KEY", "SUMMARIZER_MODEL",
            "SUMMARIZER_BASE_URL", "SUMMARIZER_PROMPTS_DIR", "SUMMARIZER_TIMEOUT", "SUMMARIZER_JUDGE_MODEL", "SUMMARIZER_CONCURRENCY",
            "OLLAMA_HOST")


@pytest.fixture(autouse=True)
def isolated_env(request, monkeypatch, tmp_path):
    for var in KEY_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("SUMMARIZER_CACHE_ONLY", raising=False)  # a replay setting of the user's shell: no test wants it
    monkeypatch.delenv("SUMMARIZER_MAX_INPUT_MB", raising=False)
    if request.node.get_closest_marker("local_model") is None:
        monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))

        def refuse(self):
            raise AssertionError("a unit test tried to load the real model; mark it local_model")

        monkeypatch.setattr(LocalProvider, "_load", refuse)


@pytest.fixture
def fake(monkeypatch) -> FakeProvider:
    """The provider behind `-m fake`, with its queues and request log."""
    provider = FakeProvider()
    monkeypatch.setattr(FakeProvider, "create", classmethod(lambda cls, model, settings: provider))
    return provider


# A made-up report of a made-up strike: nothing here is from the seed articles.
STRIKE_ARTICLE = """Coalition drone kills commander near Port Vell

Mar. 12, 2031 / 6:40 AM

By Ana Ruiz

Port Vell, Mar. 12 (NRA) -- A Redland drone struck a pickup truck on the coast road outside Port Vell on Tuesday, killing Commander Jorek Malv\u2019s deputy, Tavi Oss, and three guards, officials said.

The strike happened at about 4 a.m. local time. "We acted in self\u2011defence against a threat to our sailors," said Redland defence spokesman Col. Mira Hale.

The Blue Coast Front, which Oss helped lead, called the attack "a cowardly crime" and vowed revenge.

Leave a Reply
"""


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "port_vell.txt"
    path.write_text(STRIKE_ARTICLE, encoding="utf-8")
    return path


def casualties(quote: str | None, killed: int | None, people: list[str] = (), injured_quote: str | None = None,
               injured: int | None = None, all_victims: bool = True) -> dict:
    """A CasualtiesAnswer: the people named as killed, and one figure per count given."""
    figures = [{"quote": q, "number": n, "of": of, "counted_by": None, "all_victims": all_victims}
               for q, n, of in ((quote, killed, "killed"), (injured_quote, injured, "injured")) if n is not None]
    return {"killed_people": list(people), "figures": figures}
