"""One exception tree. Library code raises these; the CLI turns each into one line and an exit code
(a ConfigError or an InputError is the user's to fix: exit 2; a model that failed: exit 1)."""


class SummarizerError(Exception):
    """Base of every error the tool raises on purpose."""


class ConfigError(SummarizerError):
    """A setting cannot be used: unknown model, missing API key or package, bad value."""


class MissingKeyError(ConfigError):
    def __init__(self, provider: str, env_var: str):
        super().__init__(f"{provider} needs an API key: set the environment variable {env_var}")
        self.env_var = env_var


class MissingPackageError(ConfigError):
    def __init__(self, what: str, extra: str):
        super().__init__(f"{what} is not installed: pip install 'summarizer[{extra}]'")


class InputError(SummarizerError):
    """An input cannot be used: a missing or unreadable article, gold file, briefing or report."""


class ProviderError(SummarizerError):
    """The model provider failed after retries (network, server, rate limit)."""


class AnswerError(SummarizerError):
    """The model answered, but not with a valid structured answer, even after re-asking."""
