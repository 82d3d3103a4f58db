"""Packaging tests. The fast ones run with the whole suite; the ``frozen`` ones
need a built .deb: ``installer/smoke_test.sh`` builds it and runs them with
BRANCH_LEDGER_FROZEN_DEB set (CI runs that script after the suite)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from packaging_helpers import FROZEN_DEB_ENV


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "frozen: runs the built .deb (installer/smoke_test.sh sets it up)"
    )


@pytest.fixture(scope="session")
def deb_file() -> Path:
    value = os.environ.get(FROZEN_DEB_ENV)
    if not value:
        pytest.skip(f"no .deb given: run installer/smoke_test.sh (sets {FROZEN_DEB_ENV})")
    path = Path(value)
    assert path.is_file(), f"{FROZEN_DEB_ENV}={value} does not exist"
    return path


@pytest.fixture(scope="session")
def deb_root(deb_file, tmp_path_factory) -> Path:
    """The .deb unpacked as dpkg would install it, under a temporary root."""
    root = tmp_path_factory.mktemp("deb-root")
    subprocess.run(["dpkg-deb", "-x", str(deb_file), str(root)], check=True)
    return root


@pytest.fixture(scope="session")
def deb_control(deb_file, tmp_path_factory) -> Path:
    """The .deb's DEBIAN folder (control, postinst, postrm)."""
    control = tmp_path_factory.mktemp("deb-control") / "DEBIAN"
    subprocess.run(["dpkg-deb", "-e", str(deb_file), str(control)], check=True)
    return control
