"""An oracle for the fake OpenAI-compatible server: it answers every question right, from the truth
the test states for each article, so a test sees what the pipeline's own code does to a right answer.

    with FakeServer() as server:
        server.rule = oracle({"Building 7": {"CasualtiesAnswer": killed("The strike ... killed 40 people.", 40)}})

An article is picked by a marker (any text only it holds); a question the truth leaves out gets a
valid empty answer (nothing found), as a careful model would give for a fact the article lacks.
"""

from __future__ import annotations

from typing import Any, Callable

from fake_server import Reply


def oracle(truth: dict[str, dict[str, Any]]) -> Callable[[dict], Reply | None]:
    def rule(request: dict) -> Reply | None:
        article = next((m["content"] for m in request["messages"] if "<article>" in str(m.get("content"))), "")
        answer_name = request["tools"][0]["function"]["name"] if "tools" in request else None
        for marker, answers in truth.items():
            if marker in article and answer_name in answers:
                return Reply(arguments=answers[answer_name])
        return None  # the server's valid empty answer

    return rule


def killed(sentence: str, number: int, of: str = "killed", by: str | None = None) -> dict:
    """The casualties answer a right reader gives for one sentence's figure."""
    return {"killed_people": [], "figures": [
        {"quote": sentence, "number": number, "of": of, "counted_by": by, "all_victims": True}]}

