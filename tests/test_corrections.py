"""An analyst's corrections (summarizer/corrections.py): applied to every output with an audit trail."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

import summarizer
from summarizer.cli import app
from summarizer.errors import InputError
from summarizer.schemas import Correction, Count, CountOf, CountScope
from tests.briefings import made_up_briefing

runner = CliRunner()


def test_a_corrected_value_replaces_the_shown_one_and_says_who_and_why():
    briefing, _ = made_up_briefing()
    assert briefing.event.killed.value == 3
    fixed = summarizer.apply_corrections(briefing, [
        Correction(field="killed", value=5, reason="the health office's count", by="Ana"),
        Correction(field="city", accept=True, reason="checked on a map")])
    assert fixed.event.killed.value == 5 and briefing.event.killed.value == 3  # a copy: the saved one is kept
    assert fixed.event.killed.notes[-1] == "corrected by Ana: 3 -> 5 (the health office's count)"
    assert fixed.event.city.notes[-1] == "accepted by an analyst: checked on a map"
    assert [(c.field, c.was) for c in fixed.corrections] == [("killed", 3), ("city", "Sol Harbor")]
    assert "corrected by Ana" in summarizer.markdown(fixed)


@pytest.mark.parametrize("correction, message", [
    (Correction(field="toll", value=5, reason="r"), "toll: no such fact"),
    (Correction(field="killed", value="many", reason="r"), "'many' is not a value of this fact"),
])
def test_a_correction_that_cannot_apply_is_named_in_one_line(correction, message):
    briefing, _ = made_up_briefing()
    with pytest.raises(InputError, match=message):
        summarizer.apply_corrections(briefing, [correction])


def test_view_applies_a_corrections_file_to_the_csv(tmp_path):
    briefing, _ = made_up_briefing()
    killed = briefing.event.killed.claims[0]  # the figure behind the toll, as a real run keeps it
    briefing.event.counts.append(Count(of=CountOf.KILLED, value=3, scope=CountScope.TOTAL, evidence=killed.evidence))
    saved = tmp_path / "b.json"
    briefing.save(saved)
    fixes = tmp_path / "fixes.yaml"
    fixes.write_text("corrections:\n  - {field: killed, value: 5, reason: the health office's count}\n")
    out = tmp_path / "row.csv"
    result = runner.invoke(app, ["view", str(saved), "--corrections", str(fixes), "-o", str(out)])
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(out.read_text())))
    assert row["fatalities"] == "5" and "the health office's count" in row["notes"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"corrections": [{"field": "killed", "value": 5}]}))
    result = runner.invoke(app, ["view", str(saved), "--corrections", str(bad), "-o", str(out)])
    assert result.exit_code == 2 and "not a corrections file" in result.output


def test_a_corrected_briefing_is_gold_for_the_eval_on_what_the_analyst_verified(tmp_path):
    briefing, _ = made_up_briefing()
    original, verified = tmp_path / "b.json", tmp_path / "verified.json"
    briefing.save(original)
    summarizer.apply_corrections(briefing, [
        Correction(field="killed", value=5, reason="the health office's count"),
        Correction(field="city", accept=True, reason="checked on a map")]).save(verified)
    gold = summarizer.load_gold(verified)
    assert set(gold.facts) == {"killed", "city"} and gold.facts["killed"].value == 5  # only what a person checked
    scored = {f.field: f.correct for f in summarizer.evaluate(briefing, gold).fields}
    assert scored == {"killed": False, "city": True}
    result = runner.invoke(app, ["eval", "--gold", str(verified), "--briefing", str(original)])
    assert result.exit_code == 0, result.output
    assert "killed" in result.output and "Sol Harbor" in result.output
    result = runner.invoke(app, ["eval", "--gold", str(original), "--briefing", str(original)])
    assert result.exit_code == 2 and "holds no corrections" in result.output
