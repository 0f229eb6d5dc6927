"""summarizer: news articles about one military strike -> a verified, source-attributed briefing."""

__version__ = "0.1.0"
