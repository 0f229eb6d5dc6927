"""The provider interface: one method, `chat`, taking and returning the OpenAI wire format."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar

from summarizer.errors import ConfigError
from summarizer.secrets import register_key_var
from summarizer.settings import Settings

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion


class Provider(ABC):
    """One way to reach a model. Subclasses set the class attributes and implement `chat`."""

    name: ClassVar[str]
    usage_pattern: ClassVar[str]  # how a user selects it, shown by `summarizer models`
    needs: ClassVar[str]  # what it needs to work, shown by `summarizer models`
    key_env_var: ClassVar[str | None] = None
    # How instructor asks for structure (the name of an instructor.Mode: instructor is imported only
    # when a model is asked). TOOLS works on every OpenAI-compatible server; in-process llama.cpp
    # uses JSON_SCHEMA, turned into a grammar (see local.py).
    mode: ClassVar[str] = "TOOLS"
    # Errors worth retrying with backoff (rate limits, timeouts, dropped connections).
    transient_errors: ClassVar[tuple[type[Exception], ...]] = ()

    # How many articles are asked at once unless --concurrency says otherwise, and at most (None: no limit).
    concurrency: ClassVar[int] = 1
    max_concurrency: ClassVar[int | None] = None

    # The model used when the id names only the provider ("local"); None: a model name is needed.
    default_model: ClassVar[str | None] = None

    # How a model id finds its provider (providers/__init__.get_provider). An id is `name/model`, unless a
    # provider takes ids of its own form whole (`id_pattern`, a regular expression: a .gguf path). With a base
    # URL, an id goes to the provider that `takes_any_base_url` (an OpenAI-compatible server), unless its
    # provider `serves_base_url` itself (a server of its own kind); its model name is kept without the prefix
    # when the provider's names are the server's (`openai_model_names`: "openai/x" is "x" there).
    id_pattern: ClassVar[str | None] = None
    serves_base_url: ClassVar[bool] = False
    takes_any_base_url: ClassVar[bool] = False
    openai_model_names: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("key_env_var"):
            register_key_var(cls.key_env_var)  # its key is masked everywhere, however short

    def __init__(self, model: str):
        self.model = model

    @classmethod
    def create(cls, model: str, settings: Settings) -> Provider:
        """The provider for `model` (the id after its prefix) under `settings`."""
        return cls(cls._model_name(model))

    @classmethod
    def _model_name(cls, model: str) -> str:
        if not model and cls.default_model is None:
            raise ConfigError(f"{cls.name} needs a model name: {cls.name}/<model>")
        return model or cls.default_model or ""

    @property
    def id(self) -> str:
        return f"{self.name}/{self.model}"

    @abstractmethod
    def chat(self, **request: Any) -> ChatCompletion:
        """One chat completion. `request` holds messages, temperature, max_tokens and the
        structured-output fields instructor adds (tools or response_format)."""

    @classmethod
    def status(cls) -> str:
        """Whether it is ready to use here, for `summarizer models`."""
        import os

        if cls.key_env_var:
            return f"{cls.key_env_var} is set" if os.environ.get(cls.key_env_var) else f"{cls.key_env_var} not set"
        return ""
