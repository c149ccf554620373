"""Headless Chromium for the tests: it opens report.html as a person would, and prints decrees to PDF the way a
browser-made archive copy is produced. Installed by scripts/bootstrap.sh (Debian's chromium)."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None,
                                    reason="chromium is not installed (scripts/bootstrap.sh installs it)")


def run_chromium(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a throw-away profile under ``workdir`` and no network chatter."""
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", f"--user-data-dir={workdir / 'profile'}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
