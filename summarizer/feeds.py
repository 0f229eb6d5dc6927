"""Articles with their page metadata: JSONL and CSV feeds (one article per row), front matter.

A feed row holds the text (`text`, or `file`: a path relative to the feed) and any of `title`,
`outlet`, `url`, `published`. The metadata matters: most real reports never write the year, and a
weekday ("on Tuesday") resolves only against the date the page was published.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.files import read_input

FEED_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
METADATA = ("title", "outlet", "url", "published")
# Other names feeds give the same columns.
_ALIASES = {"text": ("text", "body", "content", "article"), "file": ("file", "path"),
            "title": ("title", "headline"), "outlet": ("outlet", "source_name", "site_name", "publisher", "site"),
            "url": ("url", "link", "canonical_url"),
            "published": ("published", "published_at", "publish_date", "date", "datetime", "timestamp")}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


def is_feed(path: str | Path) -> bool:
    return Path(str(path)).suffix.lower() in FEED_SUFFIXES


def parse_published(value: Any, where: str = "") -> date | None:
    """A published date or timestamp as feeds and pages write it ("2024-01-02", "2024-01-02T17:45:00+02:00",
    "Tue, 02 Jan 2024 17:45:00 GMT"); the day as the page gives it, not converted to another zone."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    from dateutil import parser

    try:
        return parser.parse(str(value), default=datetime(1900, 1, 1)).date()
    except (ValueError, OverflowError) as exc:
        raise InputError(f"{where}published {str(value)[:40]!r} is not a date") from exc


def _field(row: dict[str, Any], key: str) -> Any:
    """The row's value for `key` under any of its usual names, or None."""
    lower = {str(k).strip().lower(): v for k, v in row.items()}
    return next((lower[a] for a in _ALIASES[key] if lower.get(a) not in (None, "")), None)


def row_metadata(row: dict[str, Any], where: str = "") -> dict[str, Any]:
    """title / outlet / url / published of one feed row or front matter, under any of their usual names."""
    found: dict[str, Any] = {}
    for key in METADATA:
        value = _field(row, key)
        if value is not None:
            found[key] = parse_published(value, where) if key == "published" else " ".join(str(value).split())
    return found


def feed_rows(path: str | Path) -> list[tuple[str, dict[str, Any] | InputError]]:
    """Each row of a JSONL or CSV feed: (its place, e.g. "feed.jsonl#3", the row, or why the line is no
    row). InputError for a file that is no feed at all (unreadable, a CSV without a text column)."""
    path = Path(path)
    try:
        raw = read_input(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    rows: list[tuple[str, dict[str, Any]]] = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(raw))
        if not reader.fieldnames or not any(_field({f: 1 for f in reader.fieldnames}, k) for k in ("text", "file")):
            raise InputError(f"{path}: a CSV feed needs a header with a `text` (or `file`) column")
        for n, row in enumerate(reader, start=2):
            rows.append((f"{path}#{n}", {k: v for k, v in row.items() if k is not None}))
        return rows
    for n, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append((f"{path}#{n}", InputError(
                f"{path}, line {n}: not JSON ({exc.msg}); a JSONL feed has one JSON object per line")))
            continue
        rows.append((f"{path}#{n}", row if isinstance(row, dict) else InputError(
            f"{path}, line {n}: a JSONL row is an object with `text` (or `file`) and metadata")))
    return rows


def row_text(row: dict[str, Any], place: str, feed: Path) -> tuple[str | None, str]:
    """The row's text (None when it names a file) and the source it is read from: its file, else the row."""
    text, file = _field(row, "text"), _field(row, "file")
    if text is not None:
        return str(text), place
    if file is not None:
        return None, str(feed.parent / str(file))
    raise InputError(f"{place}: the row has neither `text` nor `file`")


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Metadata in a YAML front matter block (--- title/outlet/url/published ---) and the text after it;
    a block with none of those keys is the article's own text, kept."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml

    try:
        block = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(block, dict):
        return {}, text
    try:
        found = row_metadata(block)
    except InputError:
        return {}, text
    return (found, text[match.end():]) if found else ({}, text)
