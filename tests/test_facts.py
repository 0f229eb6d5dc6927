"""The facts table (summarizer/facts): a new fact is its module and its table rows."""

from __future__ import annotations

import json

from pydantic import BaseModel

from summarizer.briefing import build_briefing
from summarizer.extraction import extract_article
from summarizer.facts import FACTS, EventField, Question
from summarizer.ingest import make_article
from summarizer.ledger import merge_wording
from summarizer.llm import StructuredLLM
from summarizer.schemas import Claim, ExtractionRun, Fact, Usage


class SkyAnswer(BaseModel):  # made up: the weather the articles report over the strike
    quote: str | None
    sky: str | None


def sky_from_answer(a: SkyAnswer, b, out) -> None:
    out.event.sky = b.claim("event.sky", a.sky, a.quote, verbatim=True)


SKY = FACTS.with_rows(
    questions=(Question("claims", SkyAnswer, 64, sky_from_answer),),  # the test reuses a prompt file
    fields=(EventField("sky", "Sky", "sky", merge_wording, "text", conflicts=False,
                       claim_type=Claim[str], fact_type=Fact[str]),))


def test_a_made_up_fact_in_a_test_only_row_flows_to_the_briefing(fake):
    texts = ["Mar. 12, 2031\nA Redland drone struck a depot in Port Vell under a clear sky on Tuesday.\n",
             "Mar. 13, 2031\nResidents of Port Vell said the raid came at dawn, under a clear sky, and shook the port.\n"]
    for text in texts:
        fake.enqueue(SkyAnswer, {"quote": "under a clear sky", "sky": "a clear sky"})
    extracted = [extract_article(make_article(t, f"{i}.txt"), StructuredLLM(fake), facts=SKY) for i, t in enumerate(texts)]
    assert all(x.event.sky.value == "a clear sky" and x.event.sky.evidence.grounded for x in extracted)
    run = ExtractionRun(created_at="2031-03-13T00:00:00Z", model="fake/fake", prompts={}, articles=extracted,
                        usage=Usage())
    briefing = build_briefing(run, provider="fake", facts=SKY)
    written = json.loads(briefing.model_dump_json())["event"]["sky"]  # in the briefing's JSON, with its ledger
    assert written["value"] == "a clear sky" and written["status"] == "corroborated" and len(written["claims"]) == 2
    assert sorted(briefing.coverage["sky"]) == sorted(x.article.id for x in extracted)
    assert "sky" not in FACTS.briefing_event.model_fields  # the table everyone else uses is untouched


def test_a_state_the_quote_names_only_as_a_group_s_backer_is_not_the_attacker():
    from summarizer.facts.attacker import backed_group

    assert backed_group("Redland", "three soldiers died in a Redlandic-backed militia drone attack on the post") == \
        "Redlandic-backed militia"
    assert backed_group("Redland", "militia groups backed by Redland fired drones at the post") == \
        "militia groups backed by Redland"
    assert backed_group("Redland", "las milicias apoyadas por Rédland atacaron el puesto") == "milicias apoyadas por Rédland"
    assert backed_group("Redland", "Redland fired missiles, and Redland-backed militants fired drones") is None  # it acts
    assert backed_group("Redland", "Redland struck the post") is None
