"""The floors hold (docs/architecture.md), and the check that holds them bites.

``lint-imports`` runs the contracts in ``pyproject.toml`` (CI runs it beside ruff). Here it
runs once on the project as it is, and once on a copy with one import that goes the wrong way:
a lower floor reaching up, the way the old import circle began.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("netiquette", "connections", "messaging")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_of_project(tmp_path: Path) -> Path:
    tree = tmp_path / "project"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return tree


@pytest.fixture(scope="module")
def lint_tool() -> Path:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"lint-imports is not installed beside {sys.executable} (make install)")
    return LINT_IMPORTS


def test_the_project_keeps_every_contract(lint_tool, tmp_path):
    result = lint_imports(copy_of_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "contract"),
    [
        # connections (floor 3) reaching moderation (floor 5): the old report path.
        ("connections/requests/services.py", "from netiquette.moderation import reviews", "Floors"),
        # the core (floor 2) reaching scoring (floor 5): the old Ruleset.bump.
        ("netiquette/core/models.py", "from netiquette.scoring import pipeline", "Floors"),
        # the engine (floor 1) importing Django.
        ("netiquette/etiquette/normalize.py", "import django.db", "pure Python"),
        # the demo network scoring what it seeds.
        ("netiquette/demo/network.py", "from netiquette.scoring import pipeline", "demo"),
    ],
)
def test_an_import_the_wrong_way_breaks_a_contract(
    lint_tool, tmp_path, module, wrong_import, contract
):
    tree = copy_of_project(tmp_path)
    path = tree / module
    path.write_text(path.read_text() + f"\n{wrong_import}  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout
