import pytest

from summarizer.errors import MissingKeyError, ConfigError
from summarizer.providers import get_provider
from summarizer.providers.anthropic import AnthropicProvider
from summarizer.providers.fake import FakeProvider
from summarizer.providers.local import LocalProvider
from summarizer.providers.ollama import OllamaProvider
from summarizer.providers.openai_compatible import OpenAICompatibleProvider, ServerProvider


REAL_LOAD = LocalProvider._load  # before the suite's guard replaces it


def test_default_local_is_the_embedded_model_and_loads_lazily():
    provider = get_provider("local")
    assert isinstance(provider, LocalProvider)
    assert provider.id == "local/qwen2.5-coder-1.5b"
    assert provider._decoding is None
    assert get_provider("local/qwen2.5-coder-0.5b").id == "local/qwen2.5-coder-0.5b"
    with pytest.raises(ConfigError, match="unknown embedded model"):
        get_provider("local/giant-70b")


def test_gguf_path_selects_that_file(tmp_path):
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF")
    provider = get_provider(str(model))
    assert isinstance(provider, LocalProvider) and provider.gguf_path == model
    with pytest.raises(ConfigError, match="no such GGUF"):
        get_provider(str(tmp_path / "missing.gguf"))


@pytest.mark.parametrize("model_id, cls, env_var", [
    ("openai/gpt-4o-mini", OpenAICompatibleProvider, "OPENAI_API_KEY"),
    ("anthropic/claude-3-5-haiku-latest", AnthropicProvider, "ANTHROPIC_API_KEY"),
])
def test_hosted_providers_need_their_key(model_id, cls, env_var, monkeypatch):
    with pytest.raises(MissingKeyError) as info:
        get_provider(model_id)
    assert env_var in str(info.value) and "\n" not in str(info.value)
    monkeypatch.setenv(env_var, "sk-test-123")
    provider = get_provider(model_id)
    assert type(provider) is cls
    assert provider._client.max_retries == 0  # tenacity is the only retry loop
    assert provider.model == model_id.split("/", 1)[1]


def test_ollama_needs_no_key_and_follows_ollama_host(monkeypatch):
    monkeypatch.setenv("OLLAMA_HOST", "gpu-box:11434")
    provider = get_provider("ollama/qwen2.5:7b")
    assert isinstance(provider, OllamaProvider)
    assert provider.base_url == "http://gpu-box:11434/v1" and provider.model == "qwen2.5:7b"


def test_base_url_selects_a_compatible_server_without_sending_the_openai_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real-openai-key")
    provider = get_provider("Qwen/Qwen2.5-7B-Instruct", base_url="http://localhost:8000/v1")
    assert isinstance(provider, ServerProvider)
    assert provider.model == "Qwen/Qwen2.5-7B-Instruct"
    assert provider._client.api_key != "sk-real-openai-key"
    assert get_provider("openai/my-model", base_url="http://localhost:8080/v1").model == "my-model"


def test_bad_model_ids_are_usage_errors():
    for model_id, message in (("mystery/model", "unknown model"), ("openai", "needs a model name")):
        with pytest.raises(ConfigError, match=message):
            get_provider(model_id)


def test_fake_is_selectable():
    assert isinstance(get_provider("fake"), FakeProvider)


def test_llama_cpp_server_is_asked_in_json_mode_with_the_schema_as_a_grammar_not_in_the_prompt():
    from fake_server import FakeServer, Reply
    from pydantic import BaseModel

    from summarizer.llm import StructuredLLM
    from summarizer.schemas import Usage

    class Toll(BaseModel):
        quote: str | None
        killed: int | None

    messages = [{"role": "system", "content": "Answer from the article."}, {"role": "user", "content": "How many died?"}]
    assert get_provider("llamacpp/qwen").base_url == "http://localhost:8000/v1"  # the server's own default
    with FakeServer() as server:
        provider = get_provider("llamacpp/qwen", base_url=server.url)
        server.replies.append(Reply(arguments={"quote": "two died", "killed": 2}))
        answer = StructuredLLM(provider).ask(Toll, messages, {"casualties": "1"}, Usage())
    request = server.requests[0]
    assert answer.killed == 2 and "tools" not in request
    assert request["response_format"] == {"type": "json_object", "schema": Toll.model_json_schema()}
    assert request["messages"] == messages  # the schema is not written into the prompt


def test_every_provider_of_one_model_file_shares_one_loaded_model(tmp_path, monkeypatch):
    import sys
    import types

    from summarizer.providers import local

    loads = []

    class FakeLlama:
        def __init__(self, **kwargs):
            loads.append(kwargs["model_path"])

    from summarizer.providers import decoding

    monkeypatch.setitem(sys.modules, "llama_cpp", types.SimpleNamespace(Llama=FakeLlama))
    monkeypatch.setattr(decoding, "Decoder", lambda llama: ("a decoder of", llama))
    monkeypatch.setattr(LocalProvider, "_load", REAL_LOAD)  # the suite refuses real loads; this one is fake
    monkeypatch.setattr(local, "_LOADED", {})
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF")
    first, second = LocalProvider(gguf_path=gguf), LocalProvider(gguf_path=gguf)  # two events of one eval
    assert first._load() is second._load() and loads == [str(gguf)]


def test_the_loaded_models_are_closed_at_exit_before_the_engine_is_torn_down(monkeypatch):
    import threading
    import types

    from summarizer.providers import local

    closed = []
    llama = types.SimpleNamespace(close=lambda: closed.append("m.gguf"))
    monkeypatch.setattr(local, "_LOADED", {"m.gguf": (types.SimpleNamespace(llama=llama), threading.Lock())})
    local._close_loaded()
    assert closed == ["m.gguf"] and local._LOADED == {}
