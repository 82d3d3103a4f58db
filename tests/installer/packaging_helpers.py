"""Shared by the packaging tests (imported by name, like tests/gui's helpers)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FROZEN_DEB_ENV = "BRANCH_LEDGER_FROZEN_DEB"
# Set by installer/smoke_test.sh: a missing tool is a failure there, not a skip.
REQUIRE_TOOLS_ENV = "BRANCH_LEDGER_REQUIRE_TOOLS"


def require_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get(REQUIRE_TOOLS_ENV) == "1":
        pytest.fail(f"{name} is not installed")
    pytest.skip(f"{name} is not installed")
