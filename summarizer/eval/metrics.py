"""The gold-fact metrics as deepeval metrics, and an optional LLM judge of the summary.

`GoldMetric` scores the briefing JSON in a test case's `actual_output` against a gold file and
reports one metric of the report (summarizer.eval.score), so `assert_test` and `deepeval test run`
gate on it. No model is called. The judge (`summary_faithfulness`) is a GEval metric whose
model is the project's own provider layer (the embedded model by default); it runs only when
asked (`summarizer eval --judge`, or `SUMMARIZER_JUDGE=1` for the evals).
"""

from __future__ import annotations

import os

os.environ.setdefault("DEEPEVAL_TELEMETRY_OPT_OUT", "1")  # before deepeval is imported

from deepeval.metrics import BaseMetric, GEval  # noqa: E402
from deepeval.models import DeepEvalBaseLLM  # noqa: E402
from deepeval.test_case import LLMTestCase, SingleTurnParams  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from summarizer.eval.gold import Gold  # noqa: E402
from summarizer.eval.report import Report  # noqa: E402
from summarizer.eval.score import score  # noqa: E402
from summarizer.ingest import read_texts  # noqa: E402
from summarizer.llm import StructuredLLM, connect  # noqa: E402
from summarizer.schemas import Briefing, Model, Usage  # noqa: E402
from summarizer.settings import Settings  # noqa: E402

JUDGE_VERSION = "1"


class GoldMetric(BaseMetric):
    """One metric of the gold report (e.g. 'overall', 'field_accuracy', 'actors_f1'); passes at or
    above `threshold`. `texts` (article id -> text) for the grounding check; by default the
    briefing's sources are read."""

    def __init__(self, gold: Gold, metric: str = "overall", threshold: float = 0.5,
                 texts: dict[str, str] | None = None):
        self.gold, self.metric, self.threshold, self.texts = gold, metric, threshold, texts
        self.async_mode = False
        self.report: Report | None = None

    def measure(self, test_case: LLMTestCase, *args, **kwargs) -> float:
        briefing = Briefing.model_validate_json(test_case.actual_output)
        texts = self.texts if self.texts is not None else read_texts(a.source for a in briefing.articles)[0]
        self.report = score(briefing, self.gold, texts)
        value = self.report.overall if self.metric == "overall" else self.report.metrics.get(self.metric)
        if value is None:
            self.error = f"{self.metric} could not be measured on this briefing"
            self.score, self.success = 0.0, False
            return 0.0
        self.score = value
        self.success = value >= self.threshold
        self.reason = _reason(self.report, self.metric)
        return value

    async def a_measure(self, test_case: LLMTestCase, *args, **kwargs) -> float:
        return self.measure(test_case)

    def is_successful(self) -> bool:
        return bool(self.success)

    @property
    def __name__(self) -> str:
        return f"gold {self.metric}"


def _reason(report: Report, metric: str) -> str:
    if metric in ("overall", "field_accuracy", "fact_recall", "fact_precision"):
        wrong = [f"{f.field} (expected {f.expected}, found {f.found})" for f in report.fields if not f.correct]
        return "wrong: " + "; ".join(wrong) if wrong else "every field right"
    if metric.startswith("actors"):
        a = report.actors
        return f"missing {a.missing}, spurious {a.spurious}, duplicates {a.duplicates}, merged {a.merged}"
    if metric.startswith("reactions"):
        return f"missing {report.reactions.missing}, spurious {report.reactions.spurious}"
    if metric.startswith("conflict"):
        return f"missing {report.conflicts.missing}, spurious {report.conflicts.spurious}"
    if metric.startswith("traps"):
        hits = [f"{t.field}={t.value}" for t in report.traps if t.hit]
        return "hit: " + "; ".join(hits) if hits else f"none of {len(report.traps)} hit"
    if metric == "grounding_rate":
        return f"{report.grounding.verified}/{report.grounding.checked} quotes at their offsets"
    return ""


class _Text(BaseModel):
    text: str


class ProviderJudge(DeepEvalBaseLLM):
    """A deepeval judge backed by summarizer's provider layer: cached, retried, token-counted."""

    def __init__(self, llm: StructuredLLM):
        self.llm = llm
        self.usage = Usage()
        super().__init__(llm.provider.id)

    def load_model(self) -> StructuredLLM:
        return self.llm

    def generate(self, prompt: str, schema: type[BaseModel] | None = None) -> BaseModel | str:
        answer = self.llm.ask(schema or _Text, [{"role": "user", "content": prompt}], {"judge": JUDGE_VERSION},
                              self.usage, max_tokens=1024)
        return answer if schema is not None else answer.text

    async def a_generate(self, prompt: str, schema: type[BaseModel] | None = None) -> BaseModel | str:
        return self.generate(prompt, schema)

    def get_model_name(self) -> str:
        return self.llm.provider.id


FAITHFULNESS_STEPS = [
    "Read the summary in the actual output and the articles in the retrieval context.",
    "For each statement in the summary, check that at least one article states it: dates, places, "
    "numbers, names and who did or said what.",
    "Penalise every statement that no article supports or that an article contradicts.",
    "A short summary that states only supported facts scores high.",
]


def summary_faithfulness(judge: DeepEvalBaseLLM, threshold: float = 0.5) -> GEval:
    return GEval(name="Summary faithfulness", model=judge, threshold=threshold, async_mode=False,
                 evaluation_params=[SingleTurnParams.ACTUAL_OUTPUT, SingleTurnParams.RETRIEVAL_CONTEXT],
                 evaluation_steps=FAITHFULNESS_STEPS)


def summary_test_case(briefing: Briefing, texts: dict[str, str] | None = None) -> LLMTestCase | None:
    """The briefing's summary against its articles (`texts`: article id -> text; by default the
    briefing's sources are read); None when the briefing has no summary."""
    if not briefing.summary:
        return None
    if texts is None:
        texts, _ = read_texts(a.source for a in briefing.articles)
    return LLMTestCase(input="Summarise the strike reported by these articles.",
                       actual_output=" ".join(s.text for s in briefing.summary),
                       retrieval_context=[texts[a.id] for a in briefing.articles if a.id in texts])


def briefing_test_case(briefing: Briefing, name: str = "briefing") -> LLMTestCase:
    return LLMTestCase(name=name, input="Brief the strike reported by these articles.",
                       actual_output=briefing.model_dump_json())


class Judgement(Model):
    """The judge's verdict on a briefing's summary."""

    model: str
    score: float
    reason: str
    usage: Usage


def judge_summary(briefing: Briefing, *, texts: dict[str, str] | None = None, sources: list | None = None,
                  model: str | None = None, briefing_model: str | None = None, base_url: str | None = None,
                  cache: bool = True) -> Judgement | None:
    """Have an LLM judge (GEval) rate the summary's faithfulness to the articles: `texts` (article id
    -> text), else read from `sources`, else from the briefing's sources. None when the briefing has
    no summary. The judge's model: `model`, else SUMMARIZER_JUDGE_MODEL, else `briefing_model`, else the
    model setting."""
    if texts is None and sources is not None:
        texts, _ = read_texts(sources)
    case = summary_test_case(briefing, texts)
    if case is None:
        return None
    metric = judge_metric(model=model, briefing_model=briefing_model, base_url=base_url, cache=cache)
    metric.measure(case)
    judge = metric.model
    return Judgement(model=judge.get_model_name(), score=round(metric.score, 4), reason=metric.reason or "",
                     usage=judge.usage)


def judge_metric(*, model: str | None = None, briefing_model: str | None = None, base_url: str | None = None,
                 cache: bool = True, threshold: float = 0.5) -> GEval:
    """The summary-faithfulness metric with its judge: `model`, else SUMMARIZER_JUDGE_MODEL, else
    `briefing_model`, else the model setting (the embedded model by default)."""
    settings = Settings.load(model=briefing_model, base_url=base_url, judge_model=model)
    settings = Settings.load(model=settings.judge_model or settings.model, base_url=base_url)
    return summary_faithfulness(ProviderJudge(connect(settings, cache)), threshold=threshold)
