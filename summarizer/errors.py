"""One exception tree; the CLI turns each into a one-line message and an exit code."""


class SummarizerError(Exception):
    """Base of every error the tool raises on purpose."""


class UsageError(SummarizerError):
    """The user asked for something impossible: bad option, unknown model, missing key."""


class MissingKeyError(UsageError):
    def __init__(self, provider: str, env_var: str):
        super().__init__(f"{provider} needs an API key: set the environment variable {env_var}")
        self.env_var = env_var


class MissingPackageError(UsageError):
    def __init__(self, what: str, extra: str):
        super().__init__(f"{what} is not installed: pip install 'summarizer[{extra}]'")


class InputError(SummarizerError):
    """An input file cannot be read as an article."""


class ProviderError(SummarizerError):
    """The model provider failed after retries (network, server, rate limit)."""


class AnswerError(SummarizerError):
    """The model answered, but not with a valid structured answer, even after re-asking."""
