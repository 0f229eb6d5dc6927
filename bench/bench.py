"""How long a briefing takes: per article and in total, cold and cached, against this machine's floor.

    python bench/bench.py                                    # seeds: floor, cold, cached, concurrency
    python bench/bench.py --events seeds,beirut-2024-09-27 --against main
    python bench/bench.py --modes cached,concurrency --cache-dir ~/.cache/summarizer   # no model at all

Modes (--modes, comma-separated, run in this order):

  floor        raw llama.cpp on this machine, in the run: prompt tokens/s (a fixed article read once)
               and generation tokens/s (128 tokens, greedy, no grammar), in a process of its own; and
               what a batch of n tokens costs (n = 1 ... 256), read (logits for the last token) and
               checked (logits for every token, as drafted or side-by-side tokens need); and n = 1 ... 16
               sequences sharing the text as their prefix, each taking one greedy token per step in one
               batch (questions decoded side by side): ms per generated token, and again with other
               sequences filling the cache (as other articles' questions would), and after a prompt
               as long as a question's (LONG_PREFIX tokens) with flash attention off
  cold         `summarizer brief` of each event with a fresh, empty response cache (the assembled model
               is linked in, not rebuilt): every answer comes from the model
  cached       the same again on the answers the cold run cached (or, without a cold run, on a copy of
               --cache-dir): no model call should be left
  concurrency  20 made-up articles against the test suite's fake OpenAI-compatible server (0.5 s per
               answer) at concurrency 8, against the ideal (all calls / 8 x 0.5 s); no model
  scale        the pipeline's own cost with the fake provider (no model): `brief` and `events` of 2,000
               short made-up articles (ms per article, peak RSS), and `brief` of one article of 1 MB and
               of 5 MB (the ratio of their times: linear is 5)

Each brief runs as its own process (`python -m summarizer brief EVENT_FILES -o ...`), so its wall time
includes start-up and model loading and its peak RSS is its own. `--against REF` (a commit, branch or
folder) runs the same briefs in a git worktree of REF, with its own caches, alternating with this
checkout. Per article: seconds, model calls, prompt tokens (and how many of them the model reused from
the call before instead of reading them again), completion tokens, completion tokens per second.
`read s` is what raw llama.cpp takes at the floor's prompt speed just to read the prompt tokens a run
did not reuse: no design that asks the same questions can take less. `x floor` is a run's seconds over
that plus its completion tokens generated at the floor's speed without a grammar: how far the pipeline
is from the machine. A checkout whose provider does not report reused tokens counts them all as read.
A cold run also prints what decoding its answers side by side could at best take: its `read s`, then
all its answers in flight at once from the first step, each step at the floor's cost for that many
sequences after a question-long prompt with nothing else in the cache (no real schedule gets there).
Results go to --output (JSON).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rich import box  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

out = Console(width=shutil.get_terminal_size((150, 40)).columns)
MODES = ("floor", "cold", "cached", "concurrency", "scale")
FLOOR_TEXT = REPO / "seeds" / "003_ad0b1c11f51b981e.txt"  # any fixed text will do; this one never changes
FLOOR_GENERATED = 128
LONG_PREFIX = 1024  # tokens: about what the seeds' questions read before their answers (650-1,800)


@dataclass
class Article:
    name: str
    seconds: float
    calls: int
    cache_hits: int
    prompt_tokens: int
    completion_tokens: int
    reused_prompt_tokens: int = 0

    @property
    def tokens_per_second(self) -> float | None:
        return round(self.completion_tokens / self.seconds, 1) if self.seconds and self.completion_tokens else None


@dataclass
class Run:
    checkout: str  # "this" or the --against ref
    event: str
    mode: str
    wall: float  # seconds, the whole process
    peak_rss_mb: float
    exit_code: int
    articles: list[Article] = field(default_factory=list)
    calls: int = 0
    prompt_tokens: int = 0
    reused_prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0  # the pipeline's own record of its time
    read_seconds: float | None = None  # the prompt tokens not reused, read at the floor's speed
    x_floor: float | None = None
    side_by_side_ideal: float | None = None  # seconds: see side_by_side_ideal()
    error: str = ""


# -- events ----------------------------------------------------------------------------------------

def event_files(name: str) -> list[Path]:
    """`seeds` is the seeds folder; any other name is a gold file's event (fixtures/gold/NAME.yaml)."""
    if name == "seeds":
        return sorted((REPO / "seeds").glob("*.txt"))
    from summarizer.eval import article_paths, load_gold

    gold = REPO / "fixtures" / "gold" / f"{name}.yaml"
    if not gold.is_file():
        known = ", ".join(["seeds", *sorted(p.stem for p in (REPO / "fixtures" / "gold").glob("*.yaml"))])
        raise SystemExit(f"unknown event {name!r}; known: {known}")
    return [p.resolve() for p in article_paths(load_gold(gold), gold)]


# -- one brief in its own process --------------------------------------------------------------------

def brief(checkout: Path, label: str, event: str, files: list[Path], cache_dir: Path, mode: str,
          model: str | None, work: Path) -> Run:
    result = work / f"{label.replace('/', '_')}-{event}-{mode}.json"
    log = result.with_suffix(".log")
    env = {k: v for k, v in os.environ.items() if k not in ("SUMMARIZER_PROMPTS_DIR", "SUMMARIZER_CONCURRENCY")}
    env.update(PYTHONPATH=str(checkout), SUMMARIZER_CACHE_DIR=str(cache_dir))
    command = [sys.executable, "-m", "summarizer", "brief", *map(str, files), "-o", str(result)]
    if model:
        command += ["-m", model]
    started = time.perf_counter()
    with log.open("w") as stderr:
        process = subprocess.Popen(command, cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = code = os.waitstatus_to_exitcode(status)
    run = Run(checkout=label, event=event, mode=mode, wall=round(wall, 3),
              peak_rss_mb=round(usage.ru_maxrss / 1024, 1), exit_code=code)
    if not result.is_file():
        run.error = log.read_text()[-2000:]
        return run
    briefing = json.loads(result.read_text())
    sources = {a["id"]: Path(a["source"]).name for a in briefing["articles"]}
    for article_id, u in briefing["run"].get("per_article", {}).items():  # an older checkout may not record it
        run.articles.append(Article(sources.get(article_id, article_id), u["seconds"], u["calls"], u["cache_hits"],
                                    u["prompt_tokens"], u["completion_tokens"], u.get("reused_prompt_tokens", 0)))
    total = briefing["run"]["usage"]
    run.calls, run.seconds = total["calls"], total["seconds"]
    run.prompt_tokens, run.completion_tokens = total["prompt_tokens"], total["completion_tokens"]
    run.reused_prompt_tokens = total.get("reused_prompt_tokens", 0)
    if code not in (0, 1):
        run.error = log.read_text()[-2000:]
    return run


def fresh_cache(folder: Path) -> Path:
    """An empty response cache that shares the assembled embedded model (never rebuilt per run)."""
    from summarizer.settings import Settings

    folder.mkdir(parents=True)
    models = Settings.load().cache_dir / "models"
    if models.is_dir():
        (folder / "models").symlink_to(models.resolve())
    return folder


def copied_cache(source: Path, folder: Path) -> Path:
    """A copy of `source`'s responses (the bench never writes to a user's cache), with its models linked."""
    folder = fresh_cache(folder)
    database = source.expanduser() / "responses.sqlite"
    if not database.is_file():
        raise SystemExit(f"{source}: holds no responses.sqlite")
    import sqlite3

    with sqlite3.connect(database) as src, sqlite3.connect(folder / "responses.sqlite") as dst:
        src.backup(dst)  # a consistent copy, WAL included
    return folder


# -- the machine's floor -----------------------------------------------------------------------------

def model_path(model: str | None) -> Path | None:
    """The GGUF the model id runs in-process, or None for a provider over HTTP."""
    from summarizer.embedded import DEFAULT_EMBEDDED, EMBEDDED_MODELS, embedded_model_path
    from summarizer.settings import Settings

    settings = Settings.load(model=model)
    if settings.base_url:
        return None
    model_id = settings.model
    if model_id.lower().endswith(".gguf"):
        return Path(model_id).expanduser()
    prefix, _, name = model_id.partition("/")
    if prefix != "local":
        return None
    return embedded_model_path(EMBEDDED_MODELS[name or DEFAULT_EMBEDDED], settings.cache_dir)


def floor_in_this_process(path: str) -> dict:
    """Raw llama.cpp speed, the model loaded as summarizer loads it (summarizer/providers/local.py):
    the fixed text read from scratch, then FLOOR_GENERATED tokens generated greedily, no grammar
    (`Llama.generate` does not stop at the end of text)."""
    from llama_cpp import Llama

    from summarizer.providers.local import CONTEXT_TOKENS, SEED

    llama = Llama(model_path=path, n_ctx=CONTEXT_TOKENS, n_threads=os.cpu_count() or 1, seed=SEED, verbose=False)
    warm_up = llama.generate(llama.tokenize(b"Warm up."), temp=0.0)
    next(warm_up)
    warm_up.close()
    llama.reset()
    tokens = llama.tokenize(FLOOR_TEXT.read_bytes())
    started = time.perf_counter()
    tokens_out = llama.generate(tokens, temp=0.0)
    next(tokens_out)  # reads the whole text, then samples the first token
    prompt_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(FLOOR_GENERATED):
        next(tokens_out)  # one token read and one sampled
    generation_seconds = time.perf_counter() - started
    tokens_out.close()
    return {"model": path, "text": FLOOR_TEXT.name, "prompt_tokens": len(tokens),
            "prompt_seconds": round(prompt_seconds, 3), "prompt_tps": round(len(tokens) / prompt_seconds, 1),
            "generated_tokens": FLOOR_GENERATED, "generation_seconds": round(generation_seconds, 3),
            "generation_tps": round(FLOOR_GENERATED / generation_seconds, 1),
            "batch_ms": batch_costs(llama, tokens), "side_by_side_ms": side_by_side_costs(llama, tokens),
            "side_by_side_long_ms": side_by_side_costs(llama, tokens, prefix=LONG_PREFIX, flash_attn=False,
                                                       sizes=(1, 2, 4, 8, 16, 32), crowd=0)}


def batch_costs(llama, tokens: list[int], sizes: tuple[int, ...] = (1, 2, 4, 8, 16, 64, 256)) -> dict | None:
    """Milliseconds to evaluate n tokens in one batch after the text, for each n: `read` with logits
    for the last token only (reading a prompt), `checked` with logits for every token (what checking
    drafted tokens at once, or decoding questions side by side, needs). What batching buys here.
    None when this model's context cannot do it."""
    import llama_cpp

    if max(sizes) > llama.n_batch:
        return None
    ctx, memory = llama._ctx.ctx, llama_cpp.llama_get_memory(llama._ctx.ctx)
    held = llama.n_tokens  # the text and what the floor generated
    batch = llama_cpp.llama_batch_init(max(sizes), 0, 1)
    costs: dict[str, dict[str, float]] = {"read": {}, "checked": {}}
    try:
        for kind, every in (("read", False), ("checked", True)):
            for n in sizes:
                times = []
                for _ in range(3):
                    batch.n_tokens = n
                    for i in range(n):
                        batch.token[i], batch.pos[i], batch.n_seq_id[i] = tokens[i % len(tokens)], held + i, 1
                        batch.seq_id[i][0], batch.logits[i] = 0, every or i == n - 1
                    started = time.perf_counter()
                    failed = llama_cpp.llama_decode(ctx, batch) != 0
                    times.append(time.perf_counter() - started)
                    if failed or not llama_cpp.llama_memory_seq_rm(memory, 0, held, -1):
                        return None
                costs[kind][str(n)] = round(min(times) * 1000, 1)
    finally:
        llama_cpp.llama_batch_free(batch)
    return costs


def side_by_side_costs(llama, tokens: list[int], sizes: tuple[int, ...] = (1, 2, 4, 8, 16), steps: int = 16,
                       crowd: int = 12, prefix: int | None = None, flash_attn: bool | None = None) -> dict | None:
    """Milliseconds per generated token when n sequences that share the text as their prefix each take one
    greedy token per step, all in one batch (questions decoded side by side): the text (its first `prefix`
    tokens, repeated if shorter; one batch's worth by default) is read once in a context of its own with a
    unified KV cache and copied to each sequence. Then again for 1 and the most sequences with `crowd` other
    sequences in the cache, each holding the text read anew (as other articles' questions would): every step
    attends over the whole cache. Flash attention as llama.cpp picks it, unless `flash_attn` says. None when
    this llama.cpp cannot."""
    import llama_cpp
    import numpy as np

    params = llama_cpp.llama_context_default_params()
    params.n_ctx, params.n_batch, params.n_ubatch = llama.n_ctx(), llama.n_batch, llama.n_batch
    params.n_seq_max, params.kv_unified = max(sizes) + 1 + crowd, True
    params.n_threads = params.n_threads_batch = os.cpu_count() or 1
    if flash_attn is not None:
        params.flash_attn_type = (llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED if flash_attn
                                  else llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED)
    length = prefix or llama.n_batch
    text = (tokens * (length // len(tokens) + 1))[:length]
    if length + (1 + steps) * max(sizes) + crowd * length > params.n_ctx:
        return None
    ctx = llama_cpp.llama_init_from_model(llama._model.model, params)
    if not ctx:
        return None
    memory, n_vocab = llama_cpp.llama_get_memory(ctx), llama.n_vocab()
    batch = llama_cpp.llama_batch_init(llama.n_batch, 0, 1)

    def decode(items: list[tuple[int, int, int, bool]]) -> bool:
        batch.n_tokens = len(items)
        for i, (token, pos, seq, logits) in enumerate(items):
            batch.token[i], batch.pos[i], batch.n_seq_id[i], batch.seq_id[i][0], batch.logits[i] = token, pos, 1, seq, logits
        return llama_cpp.llama_decode(ctx, batch) == 0

    def read(seq: int) -> bool:
        return all(decode([(t, start + i, seq, start + i == len(text) - 1)
                           for i, t in enumerate(text[start:start + llama.n_batch])])
                   for start in range(0, len(text), llama.n_batch))

    def cost(n: int) -> float | None:
        for seq in range(1, n + 1):
            llama_cpp.llama_memory_seq_cp(memory, 0, seq, -1, -1)
        last = {seq: -1 for seq in range(1, n + 1)}  # each sequence's logits: the text's last token's first
        if not decode([(text[-1], len(text), seq, True) for seq in last]):
            return None
        started = time.perf_counter()
        for step in range(steps):
            picks = [int(np.argmax(np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(ctx, i), shape=(n_vocab,))))
                     for i in range(n)]
            if not decode([(t, len(text) + 1 + step, seq, True) for seq, t in zip(last, picks)]):
                return None
        for seq in last:
            llama_cpp.llama_memory_seq_rm(memory, seq, -1, -1)
        return round((time.perf_counter() - started) * 1000 / steps / n, 1)

    costs: dict = {}
    try:
        if not read(0):
            return None
        for n in sizes:
            costs[str(n)] = cost(n)
        others = range(max(sizes) + 1, max(sizes) + 1 + crowd)
        if crowd and all(read(seq) for seq in others):
            costs["crowded"] = {str(n): cost(n) for n in (1, max(sizes))}
            costs["crowded_cells"] = crowd * len(text)
    finally:
        llama_cpp.llama_batch_free(batch)
        llama_cpp.llama_free(ctx)
    return None if None in (costs.get(str(n)) for n in sizes) else costs


def floor(model: str | None, work: Path) -> dict | None:
    path = model_path(model)
    if path is None:
        out.print("floor: not an in-process model, no floor to measure")
        return None
    log = work / "floor.log"
    with log.open("w") as stderr:
        process = subprocess.Popen([sys.executable, __file__, "--floor-of", str(path)], cwd=REPO,
                                   stdout=subprocess.PIPE, stderr=stderr, text=True)
        stdout = process.stdout.read() if process.stdout else ""
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"floor measurement failed:\n{log.read_text()[-2000:]}")
    measured = json.loads(stdout)
    measured["peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    return measured


def against_floor(run: Run, measured: dict | None) -> None:
    """The run's read seconds and x floor (see the module's text)."""
    if measured is None or not run.calls:
        return
    read = (run.prompt_tokens - run.reused_prompt_tokens) / measured["prompt_tps"]
    ideal = read + run.completion_tokens / measured["generation_tps"]
    run.read_seconds = round(read, 1)
    run.x_floor = round(run.seconds / ideal, 2) if ideal else None


def side_by_side_ideal(run: Run, cache_dir: Path, measured: dict | None) -> None:
    """What decoding side by side could at best make of a cold run: its new prompt tokens read at the floor's
    speed, then every answer it generated (the lengths its cache recorded) in flight at once from the first
    step, each step costing what the floor measured for that many sequences after a prompt of LONG_PREFIX
    tokens with nothing else in the cache (between measured widths, the cost per token is interpolated;
    past the widest, its cost per token). No real schedule gets there: answers arrive article by article,
    and other sequences' cells make every step dearer (see docs/development.md, Speed)."""
    costs = {int(n): ms for n, ms in ((measured or {}).get("side_by_side_long_ms") or {}).items() if n.isdigit()}
    database = cache_dir / "responses.sqlite"
    if not costs or run.read_seconds is None or not database.is_file():
        return
    import sqlite3

    with sqlite3.connect(database) as db:
        lengths = [n for (n,) in db.execute("SELECT completion_tokens FROM responses")]
    widths = sorted(costs)

    def per_token(n: int) -> float:
        if n >= widths[-1]:
            return costs[widths[-1]]
        upper = next(w for w in widths if w >= n)
        lower = max(w for w in widths if w <= n)
        if upper == lower:
            return costs[n]
        return costs[lower] + (costs[upper] - costs[lower]) * (n - lower) / (upper - lower)

    steps_ms = 0.0
    for step in range(max(lengths, default=0)):
        live = sum(1 for n in lengths if n > step)
        steps_ms += live * per_token(live)
    run.side_by_side_ideal = round(run.read_seconds + steps_ms / 1000, 1)


# -- concurrency against the fake HTTP server ----------------------------------------------------------

def concurrency(articles: int = 20, workers: int = 8, latency: float = 0.5) -> dict:
    """Wall time of `summarizer.extract` over `articles` made-up articles at `workers` at once, every
    answer taking `latency` seconds, against the ideal: all calls spread evenly over the workers.
    One article is asked first, untimed: start-up (imports, first calls) is not the pool's time."""
    sys.path.insert(0, str(REPO / "tests"))
    from fake_server import FakeServer

    import summarizer

    with tempfile.TemporaryDirectory() as tmp, FakeServer(latency=latency) as server:
        paths = []
        for i in range(articles + 1):
            path = Path(tmp) / f"article-{i:02d}.txt"
            path.write_text(f"Mar. 12, 2031\nA drone struck depot number {i} outside Port Vell on Tuesday, "
                            "officials said.\n", encoding="utf-8")
            paths.append(path)
        warm_up, paths = paths[0], paths[1:]
        summarizer.extract([warm_up], model="bench", base_url=server.url, cache=False, concurrency=1)
        server.requests.clear()
        server.most_in_flight = 0
        started = time.perf_counter()
        run = summarizer.extract(paths, model="bench", base_url=server.url, cache=False, concurrency=workers)
        seconds = time.perf_counter() - started
        calls = len(server.requests)
    ideal = calls * latency / workers
    in_order = [Path(a.article.source).name for a in run.articles] == [p.name for p in paths]
    return {"articles": articles, "concurrency": workers, "latency": latency, "calls": calls,
            "seconds": round(seconds, 3), "ideal_seconds": round(ideal, 3),
            "ideal_whole_articles_seconds": round(math.ceil(articles / workers) * calls / articles * latency, 3),
            "ratio": round(seconds / ideal, 3), "most_in_flight": server.most_in_flight,
            "output_in_input_order": in_order, "failures": len(run.failures)}


# -- scale: many articles, long articles, with the fake provider -------------------------------------------

TOWNS = ("Orm", "Port Vell", "Sol Harbor", "Karsk", "Dunhollow", "Kelmar")


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB) and exit code of a command in a process of its own."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return round(time.perf_counter() - started, 2), round(usage.ru_maxrss / 1024, 1), os.waitstatus_to_exitcode(status)


def scale(work: Path, articles: int = 2000, sizes_mb: tuple[int, ...] = (1, 5)) -> dict:
    """What the pipeline itself costs, with the fake provider (an empty answer at once, no model):
    `brief` and `events` of `articles` short made-up articles about six strikes, and `brief` of one
    article of each size, each in a process of its own with a fresh cache. Time per article should stay
    flat as articles grow in number, and grow linearly with an article's size."""
    pile = work / "scale-pile"
    pile.mkdir()
    for i in range(articles):
        town = TOWNS[i % len(TOWNS)]
        (pile / f"a{i:05d}.txt").write_text(
            f"Mar. {1 + i % len(TOWNS)}, 2031\n\nA Redland drone struck a depot in {town} on Tuesday, killing "
            f"{i % 9 + 1} people, the {town} governor said. Report {i}.\n", encoding="utf-8")
    filler = ("The market in Orm stayed closed after the strike and residents said they waited for news. "
              "Officials counted the damage street by street.\n\n")
    big = {}
    for mb in sizes_mb:
        path = work / f"scale-{mb}mb.txt"
        lead = "Mar. 12, 2031\n\nA Redland drone struck a depot in Orm on Tuesday, killing four people.\n\n"
        path.write_text(lead + filler * (mb * 1_000_000 // len(filler)), encoding="utf-8")
        big[mb] = path
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMARIZER_")}
    env.update(PYTHONPATH=str(REPO), SUMMARIZER_MAX_INPUT_MB=str(max(sizes_mb) * 2))
    results: dict = {"articles": articles}
    for command in ("brief", "events"):
        env["SUMMARIZER_CACHE_DIR"] = str(fresh_cache(work / f"scale-cache-{command}"))
        out_path = work / f"scale-{command}" if command == "events" else work / "scale-brief.json"
        seconds, rss, code = timed([sys.executable, "-m", "summarizer", command, str(pile), "-m", "fake",
                                    "--no-summary", "-o", str(out_path)], env)
        results[command] = {"seconds": seconds, "ms_per_article": round(seconds * 1000 / articles, 1),
                            "peak_rss_mb": rss, "exit_code": code}
    for mb, path in big.items():
        env["SUMMARIZER_CACHE_DIR"] = str(fresh_cache(work / f"scale-cache-{mb}mb"))
        seconds, rss, code = timed([sys.executable, "-m", "summarizer", "brief", str(path), "-m", "fake",
                                    "--no-summary", "-o", str(work / f"scale-{mb}mb.json")], env)
        results[f"{mb}mb"] = {"seconds": seconds, "peak_rss_mb": rss, "exit_code": code}
    if len(sizes_mb) > 1:
        small, large = sizes_mb[0], sizes_mb[-1]
        results["size_ratio"] = round(results[f"{large}mb"]["seconds"] / results[f"{small}mb"]["seconds"], 2)
    return results


# -- the run ---------------------------------------------------------------------------------------------

def against_checkout(ref: str, work: Path) -> Path:
    if Path(ref).is_dir():
        return Path(ref).resolve()
    target = work / "against"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(target), ref], check=True,
                   capture_output=True)
    return target


def print_run(run: Run) -> None:
    table = Table("article", "seconds", "calls", "cached", "prompt tok", "reused", "completion tok", "tok/s",
                  title=f"{run.checkout} · {run.event} · {run.mode}", box=box.SIMPLE_HEAD)
    for a in run.articles:
        table.add_row(a.name, f"{a.seconds:.1f}", str(a.calls), str(a.cache_hits), str(a.prompt_tokens),
                      str(a.reused_prompt_tokens), str(a.completion_tokens), str(a.tokens_per_second or ""))
    tps = round(run.completion_tokens / run.seconds, 1) if run.seconds and run.completion_tokens else ""
    table.add_row("[bold]total[/bold]", f"{run.seconds:.1f}", str(run.calls), str(sum(a.cache_hits for a in run.articles)),
                  str(run.prompt_tokens), str(run.reused_prompt_tokens), str(run.completion_tokens), str(tps),
                  end_section=True)
    out.print(table)
    out.print(f"wall {run.wall:.2f} s, peak RSS {run.peak_rss_mb:.0f} MB, exit {run.exit_code}"
              + (f", {run.x_floor} x floor" if run.x_floor is not None else "")
              + (f"; reading its new prompt tokens alone takes {run.read_seconds} s at the floor"
                 if run.read_seconds is not None else "")
              + (f"; all its answers decoded side by side from the first step would take {run.side_by_side_ideal} s"
                 if run.side_by_side_ideal is not None else ""), highlight=False)
    if run.mode == "cached" and run.calls:
        out.print(f"[yellow]not all answers were cached: {run.calls} model call(s)[/yellow]")
    if run.error:
        out.print(f"[red]{run.error}[/red]", highlight=False)


def print_summary(runs: list[Run], measured: dict | None, checked: dict | None) -> None:
    if measured:
        out.print(f"floor: prompt {measured['prompt_tps']} tok/s, generation {measured['generation_tps']} tok/s "
                  f"(peak RSS {measured['peak_rss_mb']:.0f} MB)", highlight=False)
        for kind, costs in (measured.get("batch_ms") or {}).items():
            out.print(f"n tokens in one batch, {kind}: " + ", ".join(f"{n}: {ms:g} ms ({ms / int(n):.1f} per token)"
                                                                    for n, ms in costs.items()), highlight=False)
        side = measured.get("side_by_side_ms") or {}
        if side:
            out.print("n sequences sharing the text, one token each per step, ms per generated token: "
                      + ", ".join(f"{n}: {ms:g}" for n, ms in side.items() if n.isdigit()), highlight=False)
        if side.get("crowded"):
            out.print(f"the same with {side['crowded_cells']:,} cells of other sequences in the cache: "
                      + ", ".join(f"{n}: {ms:g}" for n, ms in side["crowded"].items()), highlight=False)
        long = measured.get("side_by_side_long_ms") or {}
        if long:
            out.print(f"the same after {LONG_PREFIX:,} tokens (a question's prompt), flash attention off: "
                      + ", ".join(f"{n}: {ms:g}" for n, ms in long.items() if n.isdigit()), highlight=False)
    if runs:
        table = Table("checkout", "event", "mode", "wall s", "articles s", "calls", "prompt tok", "completion tok",
                      "peak RSS MB", "read s", "x floor", "vs against", box=box.SIMPLE_HEAD, title="summary")
        for run in runs:
            other = next((r for r in runs if r.checkout != run.checkout and (r.event, r.mode) == (run.event, run.mode)), None)
            ratio = f"{run.wall / other.wall:.2f}" if other and run.checkout == "this" and other.wall else ""
            table.add_row(run.checkout, run.event, run.mode, f"{run.wall:.2f}", f"{run.seconds:.1f}", str(run.calls),
                          str(run.prompt_tokens), str(run.completion_tokens), f"{run.peak_rss_mb:.0f}",
                          "" if run.read_seconds is None else str(run.read_seconds), str(run.x_floor or ""), ratio)
        out.print(table)
    if checked:
        out.print(f"concurrency: {checked['articles']} articles at {checked['concurrency']} at once, "
                  f"{checked['latency']} s per answer: {checked['seconds']:.2f} s against an ideal of "
                  f"{checked['ideal_seconds']:.2f} s = {checked['ratio']:.2f} x; whole articles allow "
                  f"{checked['ideal_whole_articles_seconds']:.2f} s (most in flight "
                  f"{checked['most_in_flight']}, output in input order: {checked['output_in_input_order']})",
                  highlight=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", default="seeds", help="comma-separated: seeds, or gold file names "
                                                          "(fixtures/gold/NAME.yaml); default seeds")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    parser.add_argument("--against", metavar="REF", help="also time this commit, branch or folder, side by side")
    parser.add_argument("-m", "--model", help="the model, as `summarizer -m` takes it (default: the embedded one)")
    parser.add_argument("--cache-dir", type=Path, help="for cached without cold: a response cache to copy and use")
    parser.add_argument("-o", "--output", type=Path, default=Path("bench-results.json"), help="the JSON results")
    parser.add_argument("--floor-of", help=argparse.SUPPRESS)  # the floor's own process
    args = parser.parse_args()
    if args.floor_of:
        print(json.dumps(floor_in_this_process(args.floor_of)))
        return
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = sorted(set(modes) - set(MODES))
    if unknown:
        raise SystemExit(f"unknown mode(s) {', '.join(unknown)}; known: {', '.join(MODES)}")
    if "cached" in modes and "cold" not in modes and args.cache_dir is None:
        raise SystemExit("cached without cold needs --cache-dir (a response cache to copy)")
    events = {name: event_files(name) for name in (e.strip() for e in args.events.split(",")) if name}

    results: dict = {"started": datetime.now(timezone.utc).isoformat(), "machine": {
        "cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "model": args.model or "local", "events": {k: [p.name for p in v] for k, v in events.items()},
        "against": args.against, "floor": None, "runs": [], "concurrency": None}
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="summarizer-bench-") as tmp:
        work = Path(tmp)
        checkouts = {"this": REPO}
        try:
            if args.against:
                checkouts[args.against] = against_checkout(args.against, work)
            if "floor" in modes:
                results["floor"] = floor(args.model, work)
            for event, files in events.items():
                caches = {}
                for mode in ("cold", "cached"):
                    if mode not in modes:
                        continue
                    for label, checkout in checkouts.items():
                        folder = work / f"cache-{label.replace('/', '_')}-{event}"
                        if mode == "cold":
                            caches[label] = fresh_cache(folder)
                        elif label not in caches:
                            caches[label] = copied_cache(args.cache_dir, folder)
                        out.print(f"{label} · {event} · {mode} ...", highlight=False)
                        run = brief(checkout, label, event, files, caches[label], mode, args.model, work)
                        against_floor(run, results["floor"])
                        if mode == "cold":
                            side_by_side_ideal(run, caches[label], results["floor"])
                        print_run(run)
                        runs.append(run)
        finally:
            if args.against and not Path(args.against).is_dir():
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(work / "against")],
                               capture_output=True)
        if "concurrency" in modes:
            results["concurrency"] = concurrency()
        if "scale" in modes:
            results["scale"] = scale(work)
    results["runs"] = [{**asdict(r), "articles": [{**asdict(a), "tokens_per_second": a.tokens_per_second}
                                                  for a in r.articles]} for r in runs]
    print_summary(runs, results["floor"], results["concurrency"])
    if results.get("scale"):
        sc = results["scale"]
        for command in ("brief", "events"):
            out.print(f"scale: {command} of {sc['articles']} articles, fake provider: {sc[command]['seconds']} s "
                      f"({sc[command]['ms_per_article']} ms per article), peak RSS {sc[command]['peak_rss_mb']:.0f} MB",
                      highlight=False)
        sizes = [k for k in sc if k.endswith("mb")]
        out.print("scale: one article of " + ", ".join(f"{k[:-2]} MB {sc[k]['seconds']} s ({sc[k]['peak_rss_mb']:.0f} MB RSS)"
                                                       for k in sizes)
                  + (f"; {sizes[-1][:-2]} MB / {sizes[0][:-2]} MB = {sc['size_ratio']} x" if "size_ratio" in sc else ""),
                  highlight=False)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    out.print(f"results -> {args.output}", highlight=False)


if __name__ == "__main__":
    main()
