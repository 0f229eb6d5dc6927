"""Read articles from files, folders, globs or stdin; detect title, outlet and date."""

from __future__ import annotations

import codecs
import errno
import glob
import hashlib
import os
import re
from functools import cache
import sys
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import regex

from summarizer import lexicon
from summarizer.dates import find_date
from summarizer.errors import InputError
from summarizer.feeds import feed_rows, front_matter, is_feed, parse_published, row_metadata, row_text
from summarizer.files import is_marked, is_own_output, max_input_bytes, read_input
from summarizer.planted import planted_spans
from summarizer.schemas import Article

ARTICLE_SUFFIXES = {".txt", ".md", ".text", ".html", ".htm", ""}
HEADER_LINES = 10  # the title, byline and dateline live in the first lines
SHORT_LINE = 80

# Photo captions describe a picture, often an old one ("A drone at <base> in 2007. (Name/Agency)"):
# not reporting on the event, so the model does not read them. A caption says so in words (the
# lexicon's `photo_credits`: "Photo:", "File photo by") or ends by crediting a photographer by name
# ("(Jane Roe/Agency)"; a bare "(wire/Agency)" credits the story, not a picture).
_PHOTOGRAPHER_CREDIT = re.compile(r"\((?:photo: )?[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){1,3}\s*/\s*[^()/\n]{2,40}\)\s*$",
                                  re.IGNORECASE)


def _is_photo_caption(line: str) -> bool:
    return lexicon.says("photo_credits", line) or _PHOTOGRAPHER_CREDIT.search(line) is not None


# A line that ends by crediting a picture: "... on January 3. [Jane Roe - Agency]", "(Jane Roe/Agency)".
_CREDIT = re.compile(r"[\[(][^\[\]()\n]{2,50}(?:\s[\u2013\u2014-]\s|/)[^\[\]()\n]{2,50}[\])]\s*$")
_HTML = re.compile(r"^\s*(<!doctype html|<html\b|<head\b|<body\b)|<(p|div|article|br|span)\b[^>]*>", re.IGNORECASE)
_DATELINE_OUTLET = re.compile(r"\((?P<outlet>[A-Z][A-Za-z&.]{1,20})\)\s*(?:--|\u2014|\u2013|-)")


@cache
def _read_more_outlet() -> re.Pattern[str]:
    """A closing line naming the outlet ("Read more from the Port Vell Herald": the lexicon's `read_more`)."""
    lead, articles = lexicon.alternation("read_more"), lexicon.alternation("leading_articles")
    return re.compile(rf"(?:{lead}) (?:(?:{articles}) )?(?P<outlet>[a-z][a-z .&'-]{{2,40}})$", re.IGNORECASE)


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
                           and not p.name.startswith(".") and not is_own_output(p))  # an earlier briefing: no article
            if not files:
                raise InputError(f"{spec}: folder holds no article files (.txt, .md, .html)")
            found.extend(str(p) for p in files)
        elif path.exists():
            found.append(spec)
        elif glob.has_magic(spec):
            matches = sorted(m for m in glob.glob(spec) if not is_own_output(Path(m)))
            if not matches:
                raise InputError(f"{spec}: no file matches")
            found.extend(matches)
        else:
            raise InputError(f"{spec}: {_why_missing(path)}")
    return list(dict.fromkeys(found))


def _why_missing(path: Path) -> str:
    """Why a path is neither a file nor a folder: not there, a symlink loop, a broken link, no permission."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symlink loop (a link that leads back to itself); fix or remove the link"
        if exc.errno == errno.ENOENT and path.is_symlink():
            return f"a broken symlink (to {os.readlink(path)}, which does not exist)"
        if exc.errno != errno.ENOENT:
            return f"cannot read ({exc.strerror})"
    return "no such file or folder"


def read_article(source: str) -> Article:
    """Read one article; raises InputError with a one-line reason when it cannot be used."""
    if source == "-":
        limit = max_input_bytes()
        raw = sys.stdin.buffer.read(limit + 1)
        if len(raw) > limit:
            raise InputError(f"stdin: over the limit of {limit:,} bytes (SUMMARIZER_MAX_INPUT_MB)")
    else:
        raw = read_input(source)
    if not raw.strip():
        raise InputError(f"{source}: empty file")
    notes: list[str] = []
    text = _decode(raw, source, notes)
    if is_marked(text):
        raise InputError(f"{source}: a briefing this tool wrote, not an article")
    metadata: dict = {}
    if _HTML.search(text[:5000]):
        text, metadata = _html_to_text(text)
        notes.append("HTML page: converted to text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not metadata:
        metadata, text = front_matter(text)
    if not text.strip():
        raise InputError(f"{source}: empty file" + (" (no text in the HTML)" if notes else ""))
    return make_article(text, source, notes, **metadata)


def read_feed(path: str) -> list[Article | str]:
    """The articles of a JSONL or CSV feed, each with its row's metadata (title, outlet, url, published). A
    row that cannot be used stays as its place ("feed.jsonl#7"): reading it (read_source) says why, and it
    fails alone, as an unreadable file does."""
    found: list[Article | str] = []
    for place, row in feed_rows(path):
        try:
            found.append(_feed_article(place, row, Path(path)))
        except InputError:
            found.append(place)
    if not found:
        raise InputError(f"{path}: the feed holds no articles")
    return found


def _feed_article(place: str, row: dict | InputError, feed: Path) -> Article:
    if isinstance(row, InputError):
        raise row
    metadata = row_metadata(row, f"{place}: ")
    text, source = row_text(row, place, feed)
    if text is None:
        return read_article(source).model_copy(update=metadata)
    if not text.strip():
        raise InputError(f"{place}: empty text")
    return make_article(text.replace("\r\n", "\n").replace("\r", "\n"), place, **metadata)


def read_source(source: str) -> Article:
    """One article by its source name: a file, stdin, or a feed's row ("feed.jsonl#3")."""
    feed, _, row = source.rpartition("#")
    if feed and row.isdigit() and is_feed(feed) and not Path(source).exists():
        found = next((r for place, r in feed_rows(feed) if place == source), None)
        if found is None:
            raise InputError(f"{source}: no such row in the feed")
        return _feed_article(source, found, Path(feed))
    return read_article(source)


def read_texts(sources: Iterable[str | Article]) -> tuple[dict[str, str], list[str]]:
    """Article id -> text of each source that can be read, and why each other one cannot. Standard
    input is not read again: it was read once, by the brief."""
    texts, unread = {}, []
    for source in sources:
        if isinstance(source, Article):
            texts[source.id] = source.text
            continue
        if str(source) == "-":
            unread.append("stdin: it was read once, by the brief")
            continue
        if str(source).startswith("memory:"):
            unread.append(f"{source}: text held in memory (pass the texts)")
            continue
        try:
            article = read_source(str(source))
        except InputError as exc:
            unread.append(str(exc))
            continue
        texts[article.id] = article.text
    return texts, unread


def _decode(raw: bytes, source: str, notes: list[str]) -> str:
    """UTF-8 when it is; UTF-16 or UTF-32 by its byte-order mark or (none) its pattern of NUL bytes;
    otherwise the encoding charset-normalizer finds. Any but UTF-8 is said in a note. A file that is
    no text in any encoding (NUL bytes, control codes) is refused."""
    wide = _wide_encoding(raw)
    if wide is not None:
        try:
            text = raw.decode(wide)
        except UnicodeDecodeError:
            text = ""
        if text and not any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text):
            notes.append(f"not UTF-8: read as {wide.replace('-', '_')}")
            return text
    if b"\x00" in raw[:4096]:
        raise InputError(f"{source}: binary file, not article text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from charset_normalizer import from_bytes  # imported for the rare file that needs it

        matches = list(from_bytes(raw))
        best = matches[0] if matches else None
        # On short text several encodings fit equally well; then the web's usual one, Windows-1252.
        tied = [m for m in matches if best and m.percent_chaos <= best.percent_chaos and m.encoding == "cp1252"]
        best = tied[0] if tied else best
        if best is None:
            raise InputError(f"{source}: binary file, not article text "
                             f"(not UTF-8: {exc.reason} at byte {exc.start}, and no other encoding fits)") from exc
        notes.append(f"not UTF-8: read as {best.encoding}")
        return str(best)


_BYTE_ORDER_MARKS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16's: longer
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16 or UTF-32 by the byte-order mark; without one, UTF-16 when every other byte is mostly
    NUL, as in text of the Latin script (little- or big-endian by where the NULs are). The caller
    still checks that the text decodes and holds no control codes."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return encoding
    head = raw[:4096]
    if len(raw) % 2 or len(head) < 8:
        return None
    low_first, high_first = head[1::2].count(0), head[0::2].count(0)  # NULs in odd, even places
    if low_first > len(head) // 4 and high_first * 8 < low_first:
        return "utf-16-le"
    if high_first > len(head) // 4 and low_first * 8 < high_first:
        return "utf-16-be"
    return None


_BLOCK_TAGS = ["p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "article", "section",
               "blockquote", "figcaption", "pre", "table", "ul", "ol", "dt", "dd"]


def _html_to_text(html: str) -> tuple[str, dict]:
    """The page's text, and its metadata from the meta tags (Open Graph, article:published_time, the
    canonical link, the title)."""
    from bs4 import BeautifulSoup  # imported for the rare article that is a page

    soup = BeautifulSoup(html, "html.parser")
    metadata = _page_metadata(soup)
    for tag in soup(["script", "style", "noscript", "nav", "footer", "header", "aside", "form", "svg"]):
        tag.decompose()
    for tag in soup(_BLOCK_TAGS):  # a block ends a line; inline tags (<b>, <a>) stay inside it
        tag.insert_after("\n")
    lines = (" ".join(line.split()) for line in soup.get_text().splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n", metadata


_META = {"published": ("article:published_time", "og:published_time", "datepublished", "date", "dc.date",
                       "pubdate", "publish-date", "sailthru.date"),
         "outlet": ("og:site_name", "application-name", "publisher"),
         "title": ("og:title", "twitter:title"), "url": ("og:url",)}


def _page_metadata(soup) -> dict:
    tags: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        if key and tag.get("content") and key not in tags:
            tags[key] = str(tag["content"])
    found: dict = {}
    for field, keys in _META.items():
        value = next((tags[k] for k in keys if tags.get(k, "").strip()), None)
        if value is not None:
            try:
                found[field] = parse_published(value) if field == "published" else " ".join(value.split())
            except InputError:
                continue
    time_tag = soup.find("time", attrs={"datetime": True})
    if "published" not in found and time_tag is not None:
        try:
            found["published"] = parse_published(time_tag["datetime"])
        except InputError:
            pass
    canonical = soup.find("link", rel="canonical")
    if "url" not in found and canonical is not None and canonical.get("href"):
        found["url"] = str(canonical["href"]).strip()
    if "title" not in found and soup.title and soup.title.string:
        found["title"] = " ".join(soup.title.string.split())
    return found


def make_article(text: str, source: str = "-", notes: list[str] | None = None, *, title: str | None = None,
                 outlet: str | None = None, published: date | None = None, url: str | None = None) -> Article:
    """An article from its text; metadata given (a feed's, a page's) wins over what the header shows."""
    header = [line.strip() for line in text.splitlines() if line.strip()][:HEADER_LINES]
    notes = list(notes or [])
    planted = planted_spans(text)
    if planted:
        notes.append(f"{len(planted)} sentence(s) addressed to a machine reader (instructions planted in the text): "
                     "not shown to the model, never evidence")
    return Article(
        id=hashlib.sha256(text.encode()).hexdigest()[:16],
        source=source,
        title=title or _detect_title(header),
        outlet=outlet or _detect_outlet(text),
        published=published or _detect_published(header),
        url=url,
        text=text,
        notes=notes,
    )


def evidence_text(article: Article, hidden: Iterable[tuple[int, int]] = ()) -> str:
    """The text quotes are looked up in: the article with planted instructions (planted.py) and the
    `hidden` spans (sentences the model judged to be instructions) blanked out, same length, so
    offsets still point into `Article.text`."""
    text = article.text
    for start, end in [*planted_spans(text), *hidden]:
        text = text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]
    return text


# Characters a reader never sees that a model may still read: Unicode's default-ignorable code points (tag
# characters, in which a whole sentence can be written invisibly; variation selectors, which can carry bytes;
# bidi embeddings, overrides, isolates and marks; zero-width spaces, word joiners, soft hyphens, fillers, the
# byte-order mark). Zero-width (non-)joiners stay: Persian, Arabic and emoji need them.
_INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}--[\u200C\u200D]]", regex.VERSION1)


def visible(text: str) -> str:
    """`text` without the characters a reader never sees."""
    return _INVISIBLE.sub("", text)


def model_view(article: Article, hidden: Iterable[tuple[int, int]] = ()) -> str:
    """The article as the model reads it: planted instructions (and `hidden` spans), boilerplate
    lines, photo captions and invisible characters dropped, blank runs collapsed."""
    lines = [visible(line) for line in evidence_text(article, hidden).splitlines()
             if not _is_boilerplate(line) and not _is_photo_caption(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _is_boilerplate(line: str) -> bool:
    """A line of web-page furniture ("Related: ...", "Share this"), from the lexicon's per-language
    list. Dropped from what the model reads; offsets still point into the full text, because only
    whole lines are dropped."""
    return lexicon.starts("boilerplate", line)


# A wire dateline opening a paragraph: "SANAA, Aug. 10 (AFP) -", "Port Vell, Mar. 12 (NRA) --".
_DATELINE = re.compile(r"\s*(?:[^\n,.!?]{2,40},[^\n()\u2014\u2013]{0,25}\([^()\n]{1,30}\)|[A-Z][A-Z './-]{1,40},"
                       r"[^\n()\u2014\u2013-]{1,25})\s*[\u2014\u2013-]{1,2}\s")
BODY_LINE = 150  # longer than any title: the body has begun


def _is_sentence(line: str) -> bool:
    """A line of prose: six words or more, ending as a sentence ends (the body has begun)."""
    text = line.strip()
    return len(text.split()) >= 6 and text.endswith((".", "!", "?", '"', "\u201d"))


def is_page_furniture(text: str, offset: int) -> bool:
    """Whether `offset` falls in the page's own furniture: a short line of the header above the
    body (date tag, byline, "Published: ..."), or the dateline opening a paragraph. A date there is
    when the page was written, not when the strike happened."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start:len(text) if end < 0 else end]
    if len(line.strip()) <= SHORT_LINE and not _is_sentence(line) and _only_a_header_above(text, start):
        return True  # the header: only its first lines (a hard-wrapped body is not furniture; a title may ask)
    if _is_photo_caption(line) or _CREDIT.search(line):
        return True  # a photo's caption: when the picture was taken, not when the strike happened
    dateline = _DATELINE.match(line)
    return dateline is not None and offset < start + dateline.end()


def _only_a_header_above(text: str, start: int) -> bool:
    """Whether the lines above `start` could all be a page's header: fewer than HEADER_LINES that are not
    blank, none as long as the body's or a sentence (a title may ask). Read from the top and no further
    than the answer needs, so asking it of every sentence of a long article stays linear."""
    seen, pos = 0, 0
    while pos < start:
        end = text.find("\n", pos, start)
        end = start if end < 0 else end
        line = text[pos:end]
        if line.strip():
            seen += 1
            if seen >= HEADER_LINES or len(line) > BODY_LINE or (_is_sentence(line) and not line.rstrip().endswith("?")):
                return False
        pos = end + 1
    return True


def _detect_title(header: list[str]) -> str | None:
    for line in header:
        if find_date(line) or _is_boilerplate(line):
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
        match = _read_more_outlet().search(line.strip())
        if match:
            return match.group("outlet").strip().title()
    return None
