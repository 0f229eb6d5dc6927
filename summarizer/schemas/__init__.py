"""The contract: Pydantic models with `extra="forbid"`. `extraction` holds one article's grounded claims,
`briefing` the merged briefing; both are importable from here."""

from summarizer.schemas.briefing import *  # noqa: F403
from summarizer.schemas.briefing import __all__ as _briefing
from summarizer.schemas.extraction import *  # noqa: F403
from summarizer.schemas.extraction import __all__ as _extraction

__all__ = [*_extraction, *_briefing]
