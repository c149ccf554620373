"""The README's commands work as written on a fresh clone: every command it shows runs the programs of the clone's
own .venv (`.venv/bin/iki-pipeline`, `.venv/bin/python`), never a bare `python pipeline.py` that fails with
ModuleNotFoundError unless one guesses to activate the venv first."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# a command at the start of a code span or of a line in a code block (not a fence's language: ```python)
COMMAND = re.compile(r"(?:^|(?<!``)`)((?:python3?|iki-pipeline|pip3?|dask|pytest|mypy|ruff)\b[^`\n]*)",
                     re.MULTILINE)


def test_readme_commands_use_the_clone_venv() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    bare = [c for c in COMMAND.findall(readme) if not c.startswith("python -c pass")]  # a baseline, not a step
    assert bare == [], "prefix with .venv/bin/"
    assert ".venv/bin/iki-pipeline [INPUT ...]" in readme and "bash scripts/run-samples.sh" in readme
