"""A briefing of a made-up strike, built without a model from hand-made claims, for the review page
and the CSV. Article three carries markup that must show as text: the page treats it as data."""

from __future__ import annotations

from datetime import date

from summarizer.briefing import build_briefing
from summarizer.ground import ground_quote
from summarizer.ingest import make_article
from summarizer.schemas import (
    Actor, ActorKind, ArticleExtraction, Briefing, Claim, DateBasis, DateClaim, ExtractionRun, Reaction, Stance,
    SummarySentence, Usage, Weapon,
)

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
TEXTS = {
    "harbour_light.txt": "Drone strike kills commander in Sol Harbor\n\nA Verdania drone struck a car in Sol Harbor "
                         "on Apr. 1, 2033, killing commander Oren Tal and two guards, three dead in all, officials "
                         "said.\n\nThe Amber Front called it a crime.\n",
    "coast_courier.txt": "Strike in Sol Harbor\n\nA Verdania airstrike hit Sol Harbor on Apr. 1, 2033.\n\n"
                         + "Traffic on the harbour road was slow all morning, a ferry clerk said.\n\n" * 40
                         + "Five people were killed, the health office said.\n\nThe Amber Front vowed revenge.\n",
    "night_wire.txt": f"Residents shaken\n\n{SCRIPT}\nResidents of Sol Harbor heard a blast on Apr. 1, 2033 near "
                      f"{IMAGE} the port. Verdania said it acted in self-defense.\n",
}


def made_up_extractions() -> list[ArticleExtraction]:
    one, two, three = (ArticleExtraction(article=make_article(text, name), usage=Usage(calls=8, prompt_tokens=900,
                                                                                        completion_tokens=120))
                       for name, text in TEXTS.items())

    def claim(x: ArticleExtraction, value, quote: str) -> Claim:
        evidence = ground_quote(x.article.id, x.article.text, quote)
        assert evidence.grounded, quote
        return Claim[type(value)](value=value, evidence=evidence)

    for x in (one, two, three):
        x.event.date = DateClaim(value=date(2033, 4, 1), as_written="Apr. 1, 2033", basis=DateBasis.EXPLICIT,
                                 evidence=claim(x, "", "Apr. 1, 2033").evidence)
        x.event.location.city = claim(x, "Sol Harbor", "Sol Harbor")
        x.event.perpetrator = claim(x, "Verdania", "Verdania")
    one.event.killed = claim(one, 3, "killing commander Oren Tal and two guards, three dead in all")
    two.event.killed = claim(two, 5, "Five people were killed")
    one.event.weapon = claim(one, Weapon.DRONE, "drone")
    two.event.weapon = claim(two, Weapon.AIR_STRIKE_UNSPECIFIED, "airstrike")
    one.event.targets = [claim(one, "Oren Tal", "commander Oren Tal")]
    three.event.location.site = claim(three, IMAGE, IMAGE)  # a value that is markup: shown as text
    three.event.justification = claim(three, "self-defense", "it acted in self-defense")
    one.actors = [Actor(name="Oren Tal", kind=ActorKind.PERSON, title="commander",
                        evidence=claim(one, "", "Oren Tal").evidence),
                  Actor(name="Amber Front", kind=ActorKind.ARMED_GROUP, evidence=claim(one, "", "Amber Front").evidence)]
    one.reactions = [Reaction(actor="Amber Front", stance=Stance.CONDEMN, cameo="111",
                              evidence=claim(one, "", "called it a crime").evidence)]
    two.reactions = [Reaction(actor="Amber Front", stance=Stance.THREATEN, cameo="138",
                              evidence=claim(two, "", "vowed revenge").evidence)]
    return [one, two, three]


def made_up_briefing(xs: list[ArticleExtraction] | None = None) -> tuple[Briefing, dict[str, str]]:
    """The briefing (of `xs`, by default the made-up extractions) and its articles' texts by id."""
    xs = xs or made_up_extractions()
    run = ExtractionRun(created_at="2033-04-02T08:00:00Z", model="fake/fake", prompts={"when": "2", "where": "4"},
                        articles=xs, usage=Usage(calls=24, prompt_tokens=2700, completion_tokens=360, seconds=3.5))
    briefing = build_briefing(run, provider="fake")
    briefing.summary = [SummarySentence(text="A Verdania drone strike hit Sol Harbor on April 1, 2033.",
                                        facts=["date", "city", "perpetrator", "weapon"])]
    return briefing, {x.article.id: x.article.text for x in xs}
