"""The Markdown briefing keeps article and model text inert: no image, link, HTML or heading from it."""

import re

from summarizer.md import to_markdown
from tests.test_merge import brief, extractions


def test_article_and_model_text_cannot_make_markup():
    b = brief(extractions())
    b.articles[0].title = "Strike <img src=x onerror=alert(1)> report"
    b.articles[1].source = "evil\n# Heading from a file name.txt"
    quote = b.event.city.claims[0].evidence
    quote.quote = "See ![](https://tracker.example/p.png) and [click](javascript:alert(1)) \x1b]52;c;ZXZpbA==\x07now"
    b.event.city.claims[0].rule = "a check"  # listed under "Values a check set" with its quote's article
    b.reactions[0].statements[0].evidence = quote
    md = to_markdown(b)
    unescaped = re.compile(r"(?<!\\)(?:<img|!\[|\]\()")  # raw HTML, an image, a link target
    assert not unescaped.search(md)
    assert not any(line.startswith("# Heading") for line in md.splitlines())
    assert "\x1b" not in md and "\x07" not in md
    assert "Strike \\<img src=x onerror=alert(1)\\> report" in md  # still readable, as text
