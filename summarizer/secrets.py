"""Keep API keys out of everything the tool writes: messages, logs, briefings, reports, cache.

Keys live only in environment variables (`*_API_KEY`, `*_TOKEN`). A server may echo a key back in
an error message; every error text and log record passes through `redact` before it is shown
or stored.
"""

from __future__ import annotations

import logging
import os
import re

MASK = "[redacted]"
SHORT_SECRET = 8  # a shorter key is masked where it stands as a word of its own, not inside other words
_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")  # http://user:KEY@host/v1
# A credential in a URL's query string: http://host/v1?api-key=KEY (the parameter names servers use).
_QUERY_SECRET = re.compile(r"(?<=[?&;])((?:api[-_]?key|key|token|access[-_]?token|auth|password|secret|sig|signature)=)"
                           r"[^&;#\s'\"]+", re.IGNORECASE)


# The variables a provider of this run reads its key from (each provider class registers its own when it
# is loaded): their values are keys whatever their length. Any other *_API_KEY or *_TOKEN value is taken for
# a key only when it is long enough to be one: "1" in HF_HUB_DISABLE_IMPLICIT_TOKEN is a switch, and masking
# it would break every number 1 in an answer.
_PROVIDER_KEYS: set[str] = set()


def register_key_var(name: str) -> None:
    _PROVIDER_KEYS.add(name)


def secret_values() -> list[str]:
    values = {value for name, value in os.environ.items() if value.strip() and (
        name in _PROVIDER_KEYS or name.endswith(("_API_KEY", "_TOKEN")) and len(value.strip()) >= SHORT_SECRET)}
    return sorted(values, key=len, reverse=True)


def redact(text: str) -> str:
    """`text` with every configured key masked, whatever its length, and the user, password and query-string
    credentials of any URL in it."""
    for value in secret_values():
        if len(value) >= SHORT_SECRET:
            text = text.replace(value, MASK)
        else:
            text = re.sub(rf"(?<![\w-]){re.escape(value)}(?![\w-])", MASK, text)
    return _QUERY_SECRET.sub(rf"\1{MASK}", _USERINFO.sub(f"{MASK}@", text))


def without_userinfo(url: str) -> str:
    """A URL without its user and password, and with its query-string credentials masked, for ids and messages."""
    return _QUERY_SECRET.sub(rf"\1{MASK}", _USERINFO.sub("", url))


class RedactingFilter(logging.Filter):
    """A log filter that masks keys in the formatted message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True
