"""Evaluation: gold facts (gold), comparators (compare), one-to-one matching (matching), scoring
(score), reports and their differences (report). The deepeval integration (metrics) is imported
on its own: deepeval loads slowly and only the tests and the judge need it."""

from summarizer.eval.gold import Gold, article_paths, gold_sources, load_gold
from summarizer.eval.report import COUNTS, SUMMARY_METRICS, Report, SuiteReport, diff_reports, diff_suites, suite
from summarizer.eval.score import WEIGHTS, score

__all__ = ["COUNTS", "SUMMARY_METRICS", "WEIGHTS", "Gold", "Report", "SuiteReport", "article_paths", "diff_reports", "gold_sources",
           "diff_suites", "load_gold", "score", "suite"]
