"""The package's layout: one subpackage per stage, imports only downwards (facts < pages < charts < engines < tools),
no import circles, and a docstring on each subpackage saying what it owns and what it may import."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
ORDER = ["machine", "facts", "pages", "charts", "engines", "tools"]


def modules() -> dict[str, Path]:
    """Every module by dotted name, e.g. 'generator.facts.model'."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, names: set[str]) -> set[str]:
    """The package modules a file imports, at the top or inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            found |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in names else node.module
                      for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
    return found


def layer(module: str) -> int:
    """Where a module sits in ORDER; the package root and __main__ (which assemble the stages) sit above all."""
    parts = module.split(".")
    return ORDER.index(parts[1]) if len(parts) > 1 and parts[1] in ORDER else len(ORDER)


def graph() -> dict[str, set[str]]:
    names = set(modules())
    return {name: imports(path, names) & names - {name} for name, path in modules().items()}


def test_every_module_sits_in_a_stage():
    loose = [name for name in modules() if layer(name) == len(ORDER) and name not in ("generator", "generator.__main__")]
    assert loose == [], "put each module in a subpackage (or machine.py for what the build needs of the machine)"


def test_imports_point_down_the_stages():
    wrong = [f"{name} imports {target}" for name, targets in graph().items() for target in targets
             if layer(target) > layer(name)]
    assert wrong == [], "\n".join(wrong)


def test_there_is_no_import_circle():
    edges, circles = graph(), []

    def visit(node, path):
        for target in sorted(edges.get(node, ())):
            if target in path:
                circles.append(" -> ".join(path[path.index(target):] + [target]))
            elif target not in done:
                visit(target, path + [target])
        done.add(node)

    done: set[str] = set()
    for start in sorted(edges):
        if start not in done:
            visit(start, [start])
    # The package root imports the charts to register them; a module importing the root ('from generator import
    # machine') is not a circle through it.
    real = [c for c in circles if not c.startswith("generator ->") and " generator ->" not in c]
    assert real == [], "\n".join(sorted(set(real)))


@pytest.mark.parametrize("package", ORDER[1:])
def test_each_subpackage_says_what_it_owns_and_may_import(package):
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text("utf-8")))
    assert doc and "May import" in doc


def test_the_layout_check_catches_an_upward_import(tmp_path):
    assert layer("generator.facts.model") < layer("generator.engines.plugin")
    bad = tmp_path / "bad.py"
    bad.write_text("from generator.engines.plugin import FactsPlugin\n")
    assert imports(bad, set(modules())) == {"generator.engines.plugin"}
