"""Keep API keys out of everything the tool writes: messages, logs, briefings, reports, cache.

Keys live only in environment variables (`*_API_KEY`, `*_TOKEN`). A server may echo a key back in
an error message; every error text and log record passes through `redact` before it is shown
or stored.
"""

from __future__ import annotations

import logging
import os

MASK = "[redacted]"
MIN_SECRET_LENGTH = 8  # shorter values ("1", "none") are not keys and would mangle text


def secret_values() -> list[str]:
    values = {value for name, value in os.environ.items()
              if name.endswith(("_API_KEY", "_TOKEN")) and len(value) >= MIN_SECRET_LENGTH}
    return sorted(values, key=len, reverse=True)


def redact(text: str) -> str:
    for value in secret_values():
        text = text.replace(value, MASK)
    return text


class RedactingFilter(logging.Filter):
    """A log filter that masks keys in the formatted message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True
