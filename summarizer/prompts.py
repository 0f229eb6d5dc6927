"""Prompt files: `prompts/<name>.md` with YAML front matter (id, version) and a Jinja2 body.

The version of every prompt used is written into every output, so a result says which prompts
produced it. SUMMARIZER_PROMPTS_DIR points at another folder to try other prompt versions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import jinja2
import yaml

from summarizer.errors import ConfigError

_ENV = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False,
                          autoescape=False)


@dataclass(frozen=True)
class Prompt:
    id: str
    version: str
    text: str

    @cached_property
    def template(self) -> jinja2.Template:
        return _ENV.from_string(self.text)  # compiled once: a run renders each prompt once per article

    def render(self, **values: object) -> str:
        return self.template.render(**values).strip()


def prompts_dir() -> Path:
    override = os.environ.get("SUMMARIZER_PROMPTS_DIR")
    if override:
        return Path(override)
    packaged = Path(__file__).parent / "prompts"  # in an installed wheel
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "prompts"


@lru_cache(maxsize=None)
def _load(path: Path) -> Prompt:
    raw = path.read_text(encoding="utf-8")
    if not raw.startswith("---\n"):
        raise ConfigError(f"{path}: a prompt file starts with '---' front matter (id, version)")
    head, _, body = raw[4:].partition("\n---\n")
    meta = yaml.safe_load(head) or {}
    if "id" not in meta or "version" not in meta:
        raise ConfigError(f"{path}: front matter needs 'id' and 'version'")
    return Prompt(id=str(meta["id"]), version=str(meta["version"]), text=body)


def load_prompt(name: str) -> Prompt:
    path = prompts_dir() / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"prompt {name!r} not found in {path.parent}")
    return _load(path)
