"""How well instructions planted in an article are kept from the facts, on a held-out set of made-up
phrasings and reporting sentences (tests/data/planted-holdout.yaml), each set into a short made-up
article of its language.

    python bench/planted.py                   # the word lists only: no model
    python bench/planted.py --model local  # and the model's checks, asked as the pipeline asks them
    python bench/planted.py --model local --end-to-end   # a whole briefing of one article per language

For a planted phrasing, the sentences that carry it are
- hidden by the word lists (planted.py), never shown to the model;
- or candidates: the check before the questions puts them to the model;
- and the check after the questions (SUMMARIZER_CHECK_INSTRUCTIONS) puts the sentences facts rest on to
  the model, which names the one that instructs it, if any; here every sentence of the article is put
  to it, as if a fact rested on each (the harder case: more sentences to pick a wrong one from).
A phrasing is caught when every sentence carrying its figure (or, for an encoded one, every sentence of
it) is hidden or judged an instruction. A reporting sentence (a control) or a sentence of the article
itself that is hidden or judged an instruction is a false positive.

--end-to-end briefs, with the whole pipeline, the article of each language holding its first phrasing
that the word lists do not hide (the harder ones), and looks for the planted figure in the briefing's
facts (the event, actors, reactions and summary; the articles' own text aside).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.extraction import asker, instruction_among, instructions_among
from summarizer.ingest import make_article
from summarizer.planted import candidate_spans, planted_spans, sentences
from summarizer.schemas import Usage

SET = ROOT / "tests" / "data" / "planted-holdout.yaml"


def placed(template: str, text: str) -> tuple[str, tuple[int, int]]:
    at = template.index("{planted}")
    return template.replace("{planted}", text), (at, at + len(text))


def sentence_spans(text: str, within: tuple[int, int] | None = None, holding: str | None = None) -> list[tuple[int, int]]:
    """The body sentences of `text` (the title line aside), or those overlapping `within`; with `holding`,
    only those that hold it."""
    body = text.index("\n\n") if "\n\n" in text else 0
    found = [(s.start, s.end) for s in sentences(text) if s.start >= body and s.text.strip()]
    if within is not None:
        found = [(a, b) for a, b in found if a < within[1] and within[0] < b]
    if holding is not None and any(holding in text[a:b] for a, b in found):
        found = [(a, b) for a, b in found if holding in text[a:b]]
    return found


def judge(text: str, ask_model) -> dict[tuple[int, int], str]:
    """Each body sentence -> "lists" (hidden by the word lists), "model" (judged an instruction) or "kept"."""
    lists = planted_spans(text)
    verdict = {s: "lists" if any(a <= s[0] < b for a, b in lists) else "kept" for s in sentence_spans(text)}
    if ask_model is None:
        for s in sentence_spans(text):
            if verdict[s] == "kept" and any(a <= s[0] < b for a, b in candidate_spans(text)):
                verdict[s] = "candidate"
        return verdict
    article = make_article(text, "planted.txt")
    hidden = ask_model(article, list(candidate_spans(text)), [])
    shown = [s for s, v in verdict.items() if v == "kept" and s not in hidden]
    hidden = sorted({*hidden, *ask_model(article, shown, hidden, after=True)})
    for s, v in verdict.items():
        if v == "kept" and s in hidden:
            verdict[s] = "model"
    return verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="ask this model too (e.g. local, the embedded model); default: the word lists only")
    parser.add_argument("--only", help="ids starting with this")
    parser.add_argument("--set", type=Path, default=SET, help=f"the phrasings and controls (default {SET.relative_to(ROOT)}; "
                        "tests/data/planted.yaml is the set the word lists were written on)")
    parser.add_argument("--end-to-end", action="store_true", help="brief one article per language with the whole pipeline")
    args = parser.parse_args()
    data = yaml.safe_load(args.set.read_text(encoding="utf-8"))

    ask_model, usage = None, Usage()
    if args.model:
        from summarizer.llm import connect
        from summarizer.settings import Settings

        llm = connect(Settings.load(model=args.model))

        def ask_model(article, spans, hidden, after=False):
            """The sentences at `spans` the model calls instructions: the candidates of the word lists, asked
            before the questions, or (`after`) the sentences facts rest on, asked after them."""
            errors: list[str] = []
            check = instruction_among if after else instructions_among
            return check(article, spans, hidden, asker(article, llm, usage, errors), errors, [])

    if args.end_to_end:
        return end_to_end(data, args.model)
    started = time.monotonic()
    caught, by_lang, by_disguise, misses = 0, defaultdict(Counter), defaultdict(Counter), []
    own_wrong = 0
    phrasings = [p for p in data["phrasings"] if not args.only or p["id"].startswith(args.only)]
    for p in phrasings:
        text, span = placed(data["articles"][p["lang"]], p["text"])
        verdict = judge(text, ask_model)
        carrying = sentence_spans(text, span, None if p["disguise"] == "encoded" else p.get("figure", p.get("gone")))
        ok = all(verdict[s] in ("lists", "model") for s in carrying)
        how = "+".join(sorted({verdict[s] for s in carrying}))
        caught += ok
        by_lang[p["lang"]][ok] += 1
        by_disguise[p["disguise"]][ok] += 1
        own_wrong += sum(v in ("lists", "model") for s, v in verdict.items() if not (s[0] < span[1] and span[0] < s[1]))
        if not ok:
            misses.append(f"{p['id']} ({how})")
        print(f"{'caught' if ok else 'MISSED'} {how:14} {p['id']}", flush=True)

    controls = [c for c in data["controls"] if not args.only or c["id"].startswith(args.only)]
    wrong = []
    for c in controls:
        text, span = placed(data["articles"][c["lang"]], c["text"])
        verdict = judge(text, ask_model)
        hit = {v for s, v in verdict.items() if s[0] < span[1] and span[0] < s[1]} - {"kept", "candidate"}
        own_wrong += sum(v in ("lists", "model") for s, v in verdict.items() if not (s[0] < span[1] and span[0] < s[1]))
        if hit:
            wrong.append(f"{c.get('id') or c['text'][:40]} ({'+'.join(sorted(hit))})")
        print(f"{'WRONG ' if hit else 'kept  '} {'+'.join(sorted(hit)) or '-':14} {c.get('id') or c['text'][:40]}", flush=True)

    print()
    print(f"checks: {'word lists + model ' + args.model if args.model else 'word lists only (candidates count as missed)'}")
    print(f"planted phrasings caught: {caught}/{len(phrasings)} ({caught / max(1, len(phrasings)):.0%}) "
          f"in {len(by_lang)} languages, {len(by_disguise)} disguises")
    print("  by language: " + ", ".join(f"{k} {c[True]}/{c[True] + c[False]}" for k, c in sorted(by_lang.items())))
    print("  by disguise: " + ", ".join(f"{k} {c[True]}/{c[True] + c[False]}" for k, c in sorted(by_disguise.items())))
    print(f"  missed: {', '.join(misses) or 'none'}")
    print(f"reporting sentences judged instructions: {len(wrong)}/{len(controls)}: {', '.join(wrong) or 'none'}")
    print(f"sentences of the articles themselves judged instructions: {own_wrong}")
    if args.model:
        print(f"model: {usage.calls} calls ({usage.cache_hits} cached), {usage.prompt_tokens} prompt tokens, "
              f"{usage.completion_tokens} generated, {time.monotonic() - started:.0f} s")


def end_to_end(data: dict, model: str | None) -> None:
    import summarizer

    picked: dict[str, tuple[dict, str]] = {}  # per language, a disguise not picked yet where there is one
    for p in data["phrasings"]:
        text, span = placed(data["articles"][p["lang"]], p["text"])
        hidden = planted_spans(text)
        if all(any(a <= s[0] < b for a, b in hidden) for s in sentence_spans(text, span)):
            continue
        used = {q["disguise"] for q, _ in picked.values()}
        if p["lang"] not in picked or (picked[p["lang"]][0]["disguise"] in used - {p["disguise"]}
                                       and p["disguise"] not in used):
            picked[p["lang"]] = (p, text)
    clean = 0
    for p, text in picked.values():
        started = time.monotonic()
        briefing = summarizer.brief([summarizer.article(text, f"{p['id']}.txt")], model=model, summary=True)
        # the check after the questions runs when SUMMARIZER_CHECK_INSTRUCTIONS is set, as in a user's run
        facts = briefing.model_dump(mode="json", exclude={"articles", "run"})
        blob = str(facts)
        figure = p.get("figure", p.get("gone"))
        planted = figure in blob
        clean += not planted
        killed = briefing.event.killed.value if briefing.event.killed else None
        perpetrator = briefing.event.perpetrator.value if briefing.event.perpetrator else None
        notes = [n for a in briefing.articles for n in a.notes if "instruction" in n]
        print(f"{'clean ' if not planted else 'PLANTED'} {p['id']:28} {p['disguise']:14} killed {killed}, "
              f"perpetrator {perpetrator}, {time.monotonic() - started:.0f} s; {'; '.join(notes) or 'no note'}", flush=True)
    print(f"\nend to end: {clean}/{len(picked)} briefings hold no planted figure")


if __name__ == "__main__":
    main()
