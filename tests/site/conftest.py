"""Fixtures shared by the site tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from .build import build_site


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built guide, once per test process (both site test modules read the same build)."""
    return build_site(tmp_path_factory.mktemp("public"))
