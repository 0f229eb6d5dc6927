"""The gold metrics as deepeval metrics (assert_test), and the LLM judge over the provider layer."""

from __future__ import annotations

from datetime import date

import pytest
from deepeval import assert_test
from test_merge import TEXTS, brief, extractions
from test_scoring import GOLD

from summarizer.cache import ResponseCache
from summarizer.eval import load_gold
from summarizer.llm import StructuredLLM
from summarizer.eval.metrics import GoldMetric, ProviderJudge, briefing_test_case, summary_faithfulness, summary_test_case
from summarizer.schemas import SummarySentence


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "gold.yaml"
    path.write_text(GOLD)
    return load_gold(path)


def test_gold_metrics_pass_assert_test_at_their_threshold(gold):
    case = briefing_test_case(brief(extractions()))
    metrics = [GoldMetric(gold, "overall", 0.8), GoldMetric(gold, "field_accuracy", 0.8),
               GoldMetric(gold, "conflict_recall", 1.0)]
    assert_test(case, metrics, run_async=False)
    assert all(m.success for m in metrics) and metrics[0].reason


def test_a_briefing_below_the_threshold_fails_assert_test_with_the_reason(gold):
    altered = brief(extractions())
    altered.event.date.value = date(2031, 3, 12)
    metric = GoldMetric(gold, "field_accuracy", 1.0)
    with pytest.raises(AssertionError, match="field_accuracy"):
        assert_test(briefing_test_case(altered), [metric], run_async=False)
    assert metric.success is False and "date (expected 2031-03-11, found 2031-03-12)" in metric.reason


def test_judge_asks_through_the_provider_layer_and_geval_reads_its_score(fake, tmp_path):
    fake.enqueue("ReasonScore", {"reason": "every statement is in an article", "score": 8})
    judge = ProviderJudge(StructuredLLM(fake, ResponseCache(tmp_path / "r.sqlite")))
    b = brief(extractions())
    b.summary = [SummarySentence(text="A Redland drone killed two people in Port Vell.", facts=["city"])]
    case = summary_test_case(b, {a.id: TEXTS[a.source.removesuffix(".txt")] for a in b.articles})
    metric = summary_faithfulness(judge)
    metric.measure(case)
    assert metric.score == pytest.approx(0.8)
    assert judge.usage.calls == 1 and fake.questions_asked() == ["ReasonScore"]
    prompt = fake.requests[0]["messages"][-1]["content"]
    assert "A Redland drone killed two people in Port Vell." in prompt and "Blue Coast Front" in prompt
    assert summary_test_case(brief(extractions()), {}) is None  # no summary, nothing to judge


def test_the_judge_model_is_the_option_then_its_variable_then_the_briefing_model(monkeypatch):
    from summarizer.eval.metrics import judge_metric

    assert judge_metric(briefing_model="fake").model.get_model_name() == "fake/fake"
    monkeypatch.setenv("SUMMARIZER_JUDGE_MODEL", "ollama/judge-7b")
    assert judge_metric(briefing_model="fake").model.get_model_name() == "ollama/judge-7b"
    assert judge_metric(model="fake/referee", briefing_model="fake").model.get_model_name() == "fake/referee"
