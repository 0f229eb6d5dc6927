"""SQLite response cache: a rerun on unchanged input makes no model call and loads no model.

The key covers everything that can change an answer: provider, model, prompt ids and versions,
the answer schema and the exact messages.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from pathlib import Path

from summarizer.schemas import Usage

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    prompts TEXT NOT NULL,
    answer TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    created REAL NOT NULL
)
"""


def cache_key(provider_id: str, prompts: dict[str, str], schema: dict, messages: list[dict]) -> str:
    payload = json.dumps(
        {"provider": provider_id, "prompts": prompts, "schema": schema, "messages": messages},
        sort_keys=True, ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class ResponseCache:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        # One connection shared by the threads of articles asked at once, used under a lock.
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)

    def get(self, key: str) -> str | None:
        """The answer JSON stored under `key`, if any."""
        with self._lock:
            row = self._db.execute("SELECT answer FROM responses WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, provider_id: str, prompts: dict[str, str], answer_json: str, usage: Usage) -> None:
        with self._lock, self._db:  # one transaction: an interrupted run never leaves half a row
            self._db.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, provider_id, json.dumps(prompts, sort_keys=True), answer_json,
                 usage.prompt_tokens, usage.completion_tokens, time.time()),
            )

    def close(self) -> None:
        self._db.close()
