"""Settings: an explicit value beats the environment, which beats the default; the provider
registry imports a provider only when a model id names it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.errors import ConfigError
from summarizer.providers import PROVIDERS, get_provider
from summarizer.providers.fake import FakeProvider
from summarizer.settings import Settings


def test_an_option_beats_the_environment_which_beats_the_default(monkeypatch, tmp_path):
    for var in ("SUMMARIZER_CACHE_DIR", "SUMMARIZER_TIMEOUT", "SUMMARIZER_JUDGE_MODEL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    default = Settings.load()
    assert (default.model, default.base_url, default.timeout) == ("local", None, 120.0)
    assert default.cache_dir == tmp_path / "xdg" / "summarizer"
    monkeypatch.setenv("SUMMARIZER_MODEL", "ollama/qwen2.5:7b")
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "30")
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    from_env = Settings.load()
    assert (from_env.model, from_env.timeout, from_env.cache_dir) == ("ollama/qwen2.5:7b", 30.0, tmp_path / "cache")
    given = Settings.load(model="fake", timeout=5, cache_dir=tmp_path / "mine")
    assert (given.model, given.timeout, given.cache_dir) == ("fake", 5, tmp_path / "mine")


@pytest.mark.parametrize("value", ["soon", "0", "-3", "nan", "inf"])
def test_a_timeout_that_is_no_positive_number_is_a_config_error(monkeypatch, value):
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", value)
    with pytest.raises(ConfigError, match="SUMMARIZER_TIMEOUT|positive"):
        Settings.load()


def test_the_timeout_setting_reaches_the_http_client(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "7")
    assert get_provider("some-model", base_url="http://localhost:9/v1")._client.timeout == 7.0


def test_a_provider_module_is_imported_only_when_a_model_id_names_it():
    code = ("import sys, summarizer.providers as p; p.get_provider('fake'); "
            "print(sorted(m for m in sys.modules if m.startswith('summarizer.providers.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent.parent).stdout
    assert "anthropic" not in out and "ollama" not in out and "summarizer.providers.fake" in out


def test_a_new_provider_is_one_line_in_the_table(monkeypatch):
    monkeypatch.setitem(PROVIDERS, "acme", "summarizer.providers.fake:FakeProvider")
    provider = get_provider("acme/rocket-1")
    assert isinstance(provider, FakeProvider) and provider.model == "rocket-1"


class _OwnServer(FakeProvider):  # made up: a provider with a server of its own kind and model files of its own
    name = "acme"
    serves_base_url = True
    id_pattern = r".+\.acme"


def test_a_provider_routes_model_ids_by_its_own_attributes(monkeypatch):
    monkeypatch.setitem(PROVIDERS, "acme", "tests.test_settings:_OwnServer")
    assert get_provider("acme/rocket-1", base_url="http://127.0.0.1:9/v1").name == "acme"  # not the server
    weights = get_provider("weights/rocket.acme")
    assert weights.name == "acme" and weights.model == "weights/rocket.acme"  # a file of its form, whole
    assert type(get_provider("rocket-1", base_url="http://127.0.0.1:9/v1")).name == "server"  # any other id


def test_concurrency_comes_from_the_option_else_the_environment_else_the_provider(monkeypatch):
    assert Settings.load().concurrency is None  # the provider's default
    monkeypatch.setenv("SUMMARIZER_CONCURRENCY", "3")
    assert Settings.load().concurrency == 3
    assert Settings.load(concurrency=5).concurrency == 5


@pytest.mark.parametrize("value", ["many", "0", "2.5"])
def test_a_concurrency_that_is_no_whole_positive_number_is_a_config_error(monkeypatch, value):
    monkeypatch.setenv("SUMMARIZER_CONCURRENCY", value)
    with pytest.raises(ConfigError, match="SUMMARIZER_CONCURRENCY|at least 1"):
        Settings.load()
