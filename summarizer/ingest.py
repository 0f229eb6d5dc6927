"""Read articles from files, folders, globs or stdin; detect title, outlet and date."""

from __future__ import annotations

import glob
import hashlib
import re
import sys
from datetime import date
from pathlib import Path

from summarizer.dates import find_date
from summarizer.errors import InputError, UsageError
from summarizer.schemas import Article

ARTICLE_SUFFIXES = {".txt", ".md", ".text", ""}
HEADER_LINES = 10  # the title, byline and dateline live in the first lines
SHORT_LINE = 80

# Lines of web-page furniture, not reporting. Dropped from what the model reads (offsets still
# point into the full text, because only whole lines are dropped).
_BOILERPLATE = re.compile(
    r"^\s*(leave a reply|be the first to comment|your email address will not be published"
    r"|click here to read more|read more:|your browser doesn.t support|advertisement"
    r"|share this( article)?|sign up for|subscribe( now)?|related:|trending|comments?)\b",
    re.IGNORECASE,
)
# Photo captions describe a picture, often an old one ("A drone at <base> in 2007. (Name/Agency)"):
# not reporting on the event, so the model does not read them.
_PHOTO_CAPTION = re.compile(
    r"(\b(file )?photo (by|courtesy|credit)\b|\bphoto:|\((photo: )?[^()]{0,60}/\s*(getty images|ap|reuters|afp|epa"
    r"|upi|anadolu|shutterstock|ap photo)\)\s*$)",
    re.IGNORECASE,
)
_DATELINE_OUTLET = re.compile(r"\((?P<outlet>[A-Z][A-Za-z&.]{1,20})\)\s*(?:--|\u2014|\u2013|-)")
_READ_MORE_OUTLET = re.compile(r"read more (?:from|at) (?:the )?(?P<outlet>[a-z][a-z .&'-]{2,40})$",
                               re.IGNORECASE)


def expand_paths(specs: list[str]) -> list[str]:
    """Files, folders (their article files, sorted) and globs; '-' is stdin. Order kept, no repeats."""
    found: list[str] = []
    for spec in specs:
        if spec == "-":
            found.append(spec)
            continue
        path = Path(spec)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
                           and not p.name.startswith("."))
            if not files:
                raise UsageError(f"{spec}: folder holds no article files (.txt, .md)")
            found.extend(str(p) for p in files)
        elif path.exists():
            found.append(spec)
        elif glob.has_magic(spec):
            matches = sorted(glob.glob(spec))
            if not matches:
                raise UsageError(f"{spec}: no file matches")
            found.extend(matches)
        else:
            raise UsageError(f"{spec}: no such file or folder")
    return list(dict.fromkeys(found))


def read_article(source: str) -> Article:
    """Read one article; raises InputError with a one-line reason when it cannot be used."""
    if source == "-":
        raw = sys.stdin.buffer.read()
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise InputError(f"{source}: cannot read ({exc.strerror})") from exc
    if b"\x00" in raw[:4096]:
        raise InputError(f"{source}: binary file, not article text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{source}: empty file")
    return make_article(text, source)


def make_article(text: str, source: str = "-") -> Article:
    header = [line.strip() for line in text.splitlines() if line.strip()][:HEADER_LINES]
    return Article(
        id=hashlib.sha256(text.encode()).hexdigest()[:16],
        source=source,
        title=_detect_title(header),
        outlet=_detect_outlet(text),
        published=_detect_published(header),
        text=text,
    )


def model_view(article: Article) -> str:
    """The article as the model reads it: boilerplate lines and photo captions dropped, blank runs
    collapsed."""
    lines = [line for line in article.text.splitlines()
             if not _BOILERPLATE.match(line) and not _PHOTO_CAPTION.search(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _detect_title(header: list[str]) -> str | None:
    for line in header:
        if find_date(line) or _BOILERPLATE.match(line):
            continue
        if len(line) <= 150 and len(line.split()) >= 4 and not line.endswith((".", ":", '"', "\u201d")):
            return line
        if len(line) > SHORT_LINE:  # reached the body
            return None
    return None


def _detect_published(header: list[str]) -> date | None:
    for line in header:
        if len(line) <= SHORT_LINE:
            found = find_date(line)
            if found:
                return found
    return None


def _detect_outlet(text: str) -> str | None:
    match = _DATELINE_OUTLET.search(text[:3000])
    if match:
        return match.group("outlet")
    for line in text.splitlines():
        match = _READ_MORE_OUTLET.search(line.strip())
        if match:
            return match.group("outlet").strip().title()
    return None
