"""An analyst's corrections to a briefing: a fact's value accepted, or replaced with a reason, applied on
top of the merged facts with an audit trail (the fact's notes say who changed what and why; the briefing
keeps every correction with the value it replaced). The review page exports them; `summarizer view
--corrections FILE` applies them to the JSON, the Markdown, the page and the CSV; the corrected briefing
is gold facts for `summarizer eval` (eval/gold.py: verified_gold)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from summarizer.errors import InputError
from summarizer.eval.gold import BoundedLoader  # no aliases, no deep nesting, no huge numbers
from summarizer.facts import FIELDS
from summarizer.files import read_input
from summarizer.schemas import Briefing, Correction


class CorrectionsFile(BaseModel):
    corrections: list[Correction]


def load_corrections(path: str | Path) -> list[Correction]:
    """The corrections of a JSON or YAML file ({"corrections": [...]}); InputError (one line) when it is none."""
    text = read_input(path).decode("utf-8", "replace")
    try:
        raw = json.loads(text) if str(path).endswith(".json") else yaml.load(text, Loader=BoundedLoader)  # noqa: S506
        return CorrectionsFile.model_validate(raw).corrections
    except (ValueError, yaml.YAMLError) as exc:
        first = exc.errors()[0] if isinstance(exc, ValidationError) else None
        why = f"{'.'.join(map(str, first['loc']))}: {first['msg']}" if first else str(exc).splitlines()[0]
        raise InputError(f"{path}: not a corrections file ({why})") from None


def apply_corrections(briefing: Briefing, corrections: list[Correction]) -> Briefing:
    """A copy of the briefing with the corrections applied in order."""
    out = briefing.model_copy(deep=True)
    for correction in corrections:
        if correction.field not in FIELDS or FIELDS[correction.field].many:
            raise InputError(f"{correction.field}: no such fact to correct (one of: "
                             f"{', '.join(n for n, f in FIELDS.items() if not f.many)})")
        fact = getattr(out.event, correction.field)
        was = fact.value
        who = correction.by or "an analyst"
        if correction.accept:
            fact.notes.append(f"accepted by {who}: {correction.reason}")
        else:
            try:
                fact.value = TypeAdapter(type(fact).model_fields["value"].annotation).validate_python(correction.value)
            except ValidationError as exc:
                raise InputError(f"{correction.field}: {correction.value!r} is not a value of this fact "
                                 f"({exc.errors()[0]['msg']})") from None
            fact.notes.append(f"corrected by {who}: {_plain(was)} -> {_plain(fact.value)} ({correction.reason})")
        out.corrections.append(correction.model_copy(update={"was": was}))
    return out


def _plain(value: object) -> str:
    return "none" if value is None else str(getattr(value, "value", value))

