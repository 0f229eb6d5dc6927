"""The package's shape: no import cycle between its modules, and one table of event fields that the
briefing's schema, the merge, the gold loader and the Markdown all follow."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import summarizer
from summarizer.facts import EVENT_FIELDS, LEDGERS
from summarizer.schemas import BriefingEvent

PACKAGE = Path(summarizer.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package modules a module imports, at any depth of its code (lazy imports too), except
    those only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
               for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from pkg import mod` depends on pkg.mod; `from pkg import name` on pkg itself
            names = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules else node.module
                     for a in node.names]
        else:
            continue
        found |= {n for n in names if n in modules}
    return found


def test_no_module_of_the_package_imports_itself_back():
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: _imports(path, set(files)) - {name} for name, path in files.items()}
    cycles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(trail[trail.index(nxt):] + [node, nxt]) if nxt in trail else f"{node} -> {nxt}")
            elif nxt not in state:
                visit(nxt, trail + [node])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_the_field_table_and_the_briefing_schema_name_the_same_fields_in_the_same_order():
    facts = [name for name in BriefingEvent.model_fields if name not in LEDGERS]
    assert [f.name for f in EVENT_FIELDS] == facts


def test_every_field_of_the_table_is_merged_and_shown(fake, article_file):
    from summarizer.md import to_markdown

    briefing = summarizer.brief([article_file], model="fake", summary=False)
    markdown = to_markdown(briefing)
    for field in EVENT_FIELDS:
        assert field.name in briefing.coverage
        if not field.many:
            assert f"| {field.label} |" in markdown


def test_the_readme_layout_table_names_every_module():
    # a newcomer finds "where are reactions merged?" from the README: no module is missing from its table
    import re

    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    start = readme.index("### Layout")
    table = readme[start:readme.index("\n\n", readme.index("| --- |", start))]
    named = set(re.findall(r"`([\w/*.]+)`", table))
    folders = {n for n in named if n.endswith("/")}
    missing = [str(p.relative_to(PACKAGE)) for p in sorted(PACKAGE.rglob("*.py"))
               if p.name != "__main__.py" and str(p.relative_to(PACKAGE)) not in named and p.name not in named
               and not any(str(p.relative_to(PACKAGE)).startswith(f) for f in folders)]
    assert not missing, f"modules the README's Layout table does not name: {missing}"


def test_the_readme_is_for_users_in_at_most_250_lines():
    # history and references belong in docs/: the README stays short enough to read
    lines = (PACKAGE.parent / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250, f"README.md has {len(lines)} lines; move detail to docs/"
    told = [line for line in lines if re.search(r"(?i)\bsessions?\b|\bissue \d|\bscore history\b|\btried and dropped\b"
                                                 r"|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) "
                                                 r"session\b", line)]
    assert told == [], f"development history belongs in docs/development.md: {told}"
