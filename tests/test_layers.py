"""The layers stay apart: the core imports no Rasa, and the two processes' glue never meets.

`clinic/` is shared by the action server and the Rasa server, so it imports
neither rasa nor rasa_sdk; `actions/` (action server) and `extensions/` (Rasa
server) run in different processes and images, so neither imports the other.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "clinic": {"rasa", "rasa_sdk", "actions", "extensions"},
    "actions": {"extensions", "rasa"},
    "extensions": {"actions", "rasa_sdk"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_its_layer_may(package: str) -> None:
    crossings = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & FORBIDDEN[package])
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    assert {file: names for file, names in crossings.items() if names} == {}


def test_the_check_sees_imports() -> None:
    assert {"rasa", "clinic"} <= imported_packages(ROOT / "extensions" / "safety_check.py")
