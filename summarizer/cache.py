"""SQLite response cache: a rerun on unchanged input makes no model call and loads no model.

The key covers everything that can change an answer: provider, model, prompt ids and versions,
the answer schema and the exact messages.

The cache only saves time, so trouble with its file (damaged, read-only, locked by another writer,
a folder in its place) never fails a run: one warning names the file and what to do, and the run
goes on with what can still be read, or without the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path

from summarizer.schemas import Usage
from summarizer.secrets import redact

log = logging.getLogger(__name__)

BUSY_SECONDS = 10.0  # how long to wait for another run's write to finish before giving up on the cache

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
_FIX = "delete it to start a new cache, or pass --no-cache"
_MISUSE = (sqlite3.ProgrammingError, sqlite3.InterfaceError)  # a bug in how the cache is used, not trouble with its file


def cache_key(provider_id: str, prompts: dict[str, str], schema: dict, messages: list[dict]) -> str:
    payload = json.dumps(
        {"provider": provider_id, "prompts": prompts, "schema": schema, "messages": messages},
        sort_keys=True, ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class ResponseCache:
    def __init__(self, path: Path):
        self.path = path
        self._readable = self._writable = True
        self._warned: set[str] = set()
        self._lock = threading.Lock()  # one connection shared by the threads of articles asked at once
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except (sqlite3.Error, OSError) as exc:
            self._readable = self._writable = False
            self._warn(f"cannot be used ({_reason(exc, path)}); going on without it")

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, check_same_thread=False)  # used under self._lock
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # in WAL, a commit is not an fsync: a crash loses no row
            db.execute(_SCHEMA)
        except sqlite3.OperationalError as exc:  # read-only or locked: what is there may still be read
            try:
                db.execute("SELECT key FROM responses LIMIT 1").fetchall()
            except sqlite3.Error:
                db.close()
                raise exc from None
            self._cannot_write(exc)
        return db

    def get(self, key: str) -> str | None:
        """The answer JSON stored under `key`, if any (None also when that part of the file cannot be read)."""
        with self._lock:
            if not self._readable or self._db is None:
                return None
            try:
                row = self._db.execute("SELECT answer FROM responses WHERE key = ?", (key,)).fetchone()
            except _MISUSE:
                raise
            except sqlite3.OperationalError as exc:  # locked, I/O error: the file as a whole
                self._readable = False
                self._warn(f"cannot be read ({_reason(exc, self.path)}); going on without it")
                return None
            except sqlite3.Error:  # a damaged page: the other answers can still be read
                log.debug("cache read failed", exc_info=True)
                self._warn("is damaged; the answers in its damaged part are asked again")
                return None
        return row[0] if row else None

    def put(self, key: str, provider_id: str, prompts: dict[str, str], answer_json: str, usage: Usage) -> None:
        with self._lock:
            if not self._writable or self._db is None:
                return
            try:
                with self._db:  # one transaction: an interrupted run never leaves half a row
                    self._db.execute(
                        "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (key, provider_id, json.dumps(prompts, sort_keys=True), redact(answer_json),
                         usage.prompt_tokens, usage.completion_tokens, time.time()),
                    )
            except _MISUSE:
                raise
            except sqlite3.Error as exc:
                self._cannot_write(exc)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()

    def _cannot_write(self, exc: sqlite3.Error) -> None:
        self._writable = False
        self._warn(f"cannot be written ({_reason(exc, self.path)}); new answers are not kept")

    def _warn(self, problem: str) -> None:
        """One warning per kind of trouble, not one per answer."""
        if problem not in self._warned:
            self._warned.add(problem)
            log.warning("response cache %s %s: %s", self.path, problem, _FIX)


def _reason(exc: BaseException, path: Path) -> str:
    if path.is_dir():
        return "a folder is in its place"
    text = str(exc) if isinstance(exc, sqlite3.Error) else (getattr(exc, "strerror", None) or str(exc))
    return {"file is not a database": "not an SQLite file",
            "database disk image is malformed": "the file is damaged",
            "attempt to write a readonly database": "read-only",
            "database is locked": f"locked by another process for over {BUSY_SECONDS:g}s"}.get(text, text)
