"""The domain is a pure layer (#15): no UI, no file I/O, no state kept at module level.

Read from the source (ast), so a cache or a file read added anywhere in planner/domain fails here
with the module and line, whatever the tests exercise. `test_cli.test_domain_is_pure` checks the
imports at run time.
"""

from __future__ import annotations

import ast

from tests.conftest import ROOT

DOMAIN = ROOT / "planner" / "domain"
FORBIDDEN_MODULES = ("textual", "os", "pathlib", "io", "shutil", "tomllib", "subprocess", "gc", "planner.store", "planner.tui", "planner.export", "planner.cli")
"""What the domain may not import: the UI, the file system, the garbage collector, the layers above it."""


def _imports(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""]
    return []


def _constant_name(name: str) -> bool:
    """UPPER_CASE constants and CapWords type aliases (`_Costing`); a lower-case module name is state."""
    bare = name.lstrip("_")
    return name.startswith("__") or bare.isupper() or bare[:1].isupper()


def _problems(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    problems = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        problems += [(node.lineno, f"module-level variable {t.id}") for t in targets if isinstance(t, ast.Name) and not _constant_name(t.id)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            problems.append((node.lineno, "global statement"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "open":
            problems.append((node.lineno, "open()"))
        elif isinstance(node, ast.ImportFrom) and node.module == "functools" and any(a.name in ("cache", "lru_cache") for a in node.names):
            problems.append((node.lineno, "functools cache"))
        for module in _imports(node):
            if any(module == m or module.startswith(m + ".") for m in FORBIDDEN_MODULES):
                problems.append((node.lineno, f"imports {module}"))
    return problems


def test_the_domain_keeps_no_state_reads_no_files_and_knows_no_ui():
    found = [f"planner/domain/{path.name}:{line}: {what}" for path in sorted(DOMAIN.glob("*.py")) for line, what in _problems(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_check_sees_a_cache_a_file_read_and_the_ui():
    source = "import functools\nfrom functools import lru_cache\nimport textual.app\n_seen = {}\nLIMIT = 3\ndef f():\n    global _seen\n    return open('x')\n"
    assert [what for _line, what in _problems(source)] == ["module-level variable _seen", "functools cache", "imports textual.app", "global statement", "open()"]
