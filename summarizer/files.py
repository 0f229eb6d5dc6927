"""Writing output files so that a reader never sees half of one, and nothing else is destroyed."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from summarizer.errors import InputError

# What the tool writes into its Markdown and HTML outputs, so that a folder holding an earlier briefing is not
# read as one more article (and counted as a source).
OUTPUT_MARK = "written by summarizer"


def output_target(path: Path) -> Path:
    """Where writing `path` lands: a symlink's target. InputError for what is not a regular file
    (a folder, a FIFO, a device), which a write must never replace."""
    target = path.resolve() if path.is_symlink() else path
    if target.exists() and not target.is_file():
        raise InputError(f"{path}: not a regular file; give a file path for the output")
    return target


def check_writable(path: Path) -> Path:
    """Where writing `path` lands, checked by writing there: its folder made if missing, and a
    temporary file created and removed in it. InputError, with what to do, when that fails; so a
    long run never ends on an output it cannot write."""
    target = output_target(Path(path))
    blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise InputError(f"{path}: cannot write the output: {blocking} is a file, not a folder; give another path")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=target.parent, prefix=f".{target.name}."):
            pass
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    return target


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file. A symlink is
    written through to its target; an existing file keeps its permissions."""
    target = check_writable(path)
    try:
        _replace(target, text)
    except OSError as exc:  # the disk filled up, say
        raise _cannot_write(path, exc) from None


def _cannot_write(path: Path, exc: OSError) -> InputError:
    where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(path) else ""
    return InputError(f"{path}: cannot write the output: {exc.strerror or exc}{where}; give another path")


def _replace(target: Path, text: str) -> None:
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def is_own_output(path: Path) -> bool:
    """Whether the file is a Markdown briefing or a review page this tool wrote (its first or last
    kilobytes say so). Only a regular file is opened (a FIFO would block)."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as f:
            head = f.read(4096)
            f.seek(max(0, path.stat().st_size - 4096))
            tail = f.read(4096)
    except OSError:
        return False
    return is_marked(head.decode("utf-8", "replace") + "\n" + tail.decode("utf-8", "replace"))


def is_marked(text: str) -> bool:
    """Whether the text's first or last kilobytes carry the mark of this tool's outputs."""
    return OUTPUT_MARK in text[:4096] or OUTPUT_MARK in text[-4096:]


DEFAULT_MAX_INPUT_MB = 50  # an article is kilobytes; a feed of ten thousand articles, tens of megabytes


def max_input_bytes() -> int:
    """The most bytes one input file may hold: $SUMMARIZER_MAX_INPUT_MB, else DEFAULT_MAX_INPUT_MB."""
    raw = os.environ.get("SUMMARIZER_MAX_INPUT_MB", "").strip()
    try:
        megabytes = float(raw) if raw else DEFAULT_MAX_INPUT_MB
    except ValueError:
        raise InputError(f"SUMMARIZER_MAX_INPUT_MB must be a number of megabytes, not {raw!r}") from None
    if not megabytes > 0 or megabytes == float("inf"):
        raise InputError(f"SUMMARIZER_MAX_INPUT_MB must be a positive number of megabytes, not {raw!r}")
    return int(megabytes * 1_000_000)


def read_input(path: str | Path) -> bytes:
    """A regular file's bytes, read with a bound: a device (/dev/zero), a pipe or a folder is refused in one
    line, and so is a file over the limit (max_input_bytes)."""
    path = Path(path)
    limit = max_input_bytes()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path}: not a regular file (a device, a pipe or a folder)")
        if info.st_size > limit:
            raise InputError(f"{path}: {info.st_size:,} bytes, over the limit of {limit:,} bytes (SUMMARIZER_MAX_INPUT_MB)")
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise InputError(f"{path}: over the limit of {limit:,} bytes (SUMMARIZER_MAX_INPUT_MB)")
    return data
