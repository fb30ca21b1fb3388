"""The layers stay apart: the core imports no Rasa, and the two processes' glue never meets.

`clinic/` is shared by the action server and the Rasa server, so it imports
neither rasa nor rasa_sdk; `actions/` (action server) and `extensions/` (Rasa
server) run in different processes and images, so neither imports the other.
"""

import ast
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "clinic": {"rasa", "rasa_sdk", "actions", "extensions"},
    "actions": {"extensions", "rasa"},
    "extensions": {"actions", "rasa_sdk"},
}


def imported_modules(path: Path) -> set[str]:
    """Every absolute import of `path`, dotted; `from a import b` gives both a and a.b."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def imported_packages(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_its_layer_may(package: str) -> None:
    crossings = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {file: names for file, names in crossings.items() if names} == {}


def test_the_check_sees_imports() -> None:
    assert {"rasa", "clinic"} <= imported_packages(ROOT / "extensions" / "safety_check.py")


def local_modules(path: Path) -> set[Path]:
    """The project's own modules (clinic., extensions.) that `path` imports."""
    candidates = {ROOT / (name.replace(".", "/") + ".py") for name in imported_modules(path)}
    return {c for c in candidates if c.parts[-2] in {"clinic", "extensions"} and c.exists()}


def test_the_model_is_retrained_when_code_it_runs_changes() -> None:
    """Makefile's TRAINING_INPUTS names every module the pipeline and policies import."""
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    components = [c["name"] for c in (*config["pipeline"], *config["policies"])]
    todo = {ROOT / (name.rsplit(".", 1)[0].replace(".", "/") + ".py") for name in components}
    todo = {path for path in todo if path.exists()}
    needed: set[Path] = set()
    while todo:
        path = todo.pop()
        needed.add(path)
        todo |= local_modules(path) - needed
    makefile = (ROOT / "Makefile").read_text()
    block = re.search(r"^TRAINING_INPUTS :=((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    assert block is not None
    listed = {ROOT / word for word in block.group(1).replace("\\", " ").split()}
    missing = sorted(str(p.relative_to(ROOT)) for p in needed - listed)
    assert missing == [], missing
