"""The library's layers: a module imports only from its own layer or the layers before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ckaibook

LAYERS = ["core", "data", "measures", "claims", "present", "chapters", "book"]
ROOT = Path(ckaibook.__file__).parent


def _imports(path: Path, root: Path) -> set[str]:
    """Absolute ``ckaibook.*`` modules a file imports (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text())
    package = ["ckaibook", *path.relative_to(root).parent.parts]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("ckaibook")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.startswith("ckaibook"):
                found |= {mod} | {f"{mod}.{a.name}" for a in node.names}
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def violations(root: Path = ROOT) -> list[str]:
    """Every import that reaches up the layers, as 'file: imports module (layer → layer)'."""
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if len(rel.parts) < 2:
            continue  # the package's own __init__
        own = rel.parts[0]
        if own not in LAYERS:
            out.append(f"{rel}: module outside the layers {LAYERS}")
            continue
        for module in sorted(_imports(path, root)):
            layer = _layer(module)
            if layer and LAYERS.index(layer) > LAYERS.index(own):
                out.append(f"{rel}: imports {module} ({own} → {layer})")
    return out


def test_every_module_sits_in_a_layer_and_imports_only_downwards():
    assert violations() == []


def test_the_check_finds_an_upward_import(tmp_path):
    """The rule can fail: a claim check importing a chapter module (as checks/ch01.py did) is reported."""
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "bad.py").write_text("from ckaibook.chapters import roadmap\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "rel.py").write_text("from ..book import cli\n")
    found = violations(tmp_path)
    assert any("claims/bad.py: imports ckaibook.chapters" in v for v in found)
    assert any("data/rel.py: imports ckaibook.book" in v for v in found)


@pytest.mark.parametrize("layer", LAYERS)
def test_each_layer_has_a_docstring_saying_what_it_holds(layer):
    init = ROOT / layer / "__init__.py"
    assert ast.get_docstring(ast.parse(init.read_text())), f"{layer}/__init__.py needs a docstring"
