"""Evals score real briefings against the gold files in fixtures/gold/. They need a model: the
embedded one by default (SUMMARIZER_MODEL / SUMMARIZER_BASE_URL pick another), and reuse the
response cache, so after `summarizer brief seeds/` they take seconds."""

from __future__ import annotations

import os

os.environ.setdefault("DEEPEVAL_TELEMETRY_OPT_OUT", "1")
